// The store for views: everything store/index.ts has, and the React hook.
export * from './index.ts';
export { useStore } from './useStore.ts';
