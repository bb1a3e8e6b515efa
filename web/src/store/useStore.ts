import { useStore as useBoundStore } from 'zustand';
import { classroomStore, type Store } from './store.ts';

/**
 * The store in React: `useStore(selector)` re-renders on what it selects, and
 * `useStore.getState()` reads it as classroomStore does. Apart from store/index.ts so that the
 * page's session and media code runs without React (the projector shows its picture first).
 */
export const useStore = Object.assign(<T>(selector: (state: Store) => T): T => useBoundStore(classroomStore, selector), classroomStore);
