export { useStore, resetStore, type Store } from './store.ts';
export * from './selectors.ts';
export * from './actions/session.ts';
export * from './actions/lesson.ts';
export * from './actions/interaction.ts';
export * from './actions/media.ts';
export * from './actions/quiz.ts';
export type { ConnectionStatus, FatalReason } from './slices/session.ts';
export type { RemoteTrack, LocalTracks, ToggleableSource } from './slices/media.ts';
