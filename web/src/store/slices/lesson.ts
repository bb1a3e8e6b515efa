import type { StateCreator } from 'zustand';
import type { ClassroomStatus, LessonSnapshot, ProducerInfo } from '@classroom/shared';
import type { Store } from '../store.ts';

export interface LessonSlice {
  lesson: LessonSnapshot['lesson'] | null;
  teacherConnected: boolean;
  classrooms: ClassroomStatus[];
  /** Media this client may consume, as the server announced it. */
  producers: ProducerInfo[];
}

export const createLessonSlice: StateCreator<Store, [], [], LessonSlice> = () => ({
  lesson: null,
  teacherConnected: false,
  classrooms: [],
  producers: [],
});
