import { createStore } from 'zustand/vanilla';
import { createInteractionSlice, type InteractionSlice } from './slices/interaction.ts';
import { createLessonSlice, type LessonSlice } from './slices/lesson.ts';
import { createMediaSlice, type MediaSlice } from './slices/media.ts';
import { createQuizSlice, type QuizSlice } from './slices/quiz.ts';
import { createSessionSlice, type SessionSlice } from './slices/session.ts';
import { createWallSlice, type WallSlice } from './slices/wall.ts';

export type Store = SessionSlice & LessonSlice & InteractionSlice & QuizSlice & MediaSlice & WallSlice;

/**
 * One store for the page. Slices hold state only; actions live at module level (see
 * `actions/`) so that socket and media handlers outside React can write to the store.
 */
export const classroomStore = createStore<Store>()((...args) => ({
  ...createSessionSlice(...args),
  ...createLessonSlice(...args),
  ...createInteractionSlice(...args),
  ...createQuizSlice(...args),
  ...createMediaSlice(...args),
  ...createWallSlice(...args),
}));

/** Back to the initial state (tests, and a page that starts over). */
export function resetStore(): void {
  classroomStore.setState(classroomStore.getInitialState(), true);
}
