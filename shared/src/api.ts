import { z } from 'zod';
import type { ClassroomStatus, LessonEndReason, LessonPhase } from './lesson.ts';

/** Names are shown on projectors across the room: short, printable, no control characters. */
export const displayName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters')
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

/** `POST /api/lessons` body. */
export const createLessonBody = z.strictObject({
  title: displayName,
  /** What is taught: the district view filters by it. */
  subject: displayName.nullable().optional(),
  classrooms: z.array(z.strictObject({ name: displayName })).min(1, 'needs at least one classroom').max(1000),
});
export type CreateLessonBody = z.infer<typeof createLessonBody>;

export interface ClassroomInvitation {
  id: string;
  name: string;
  projectorUrl: string;
  assistantUrl: string;
}

/** `POST /api/lessons` answer (201). */
export interface CreatedLesson {
  id: string;
  title: string;
  teacherUrl: string;
  classrooms: ClassroomInvitation[];
}

/** `GET /api/lessons/:id` answer: the lesson and who is connected now. */
export interface LessonDetail {
  id: string;
  title: string;
  phase: LessonPhase;
  createdAt: string;
  teacherConnected: boolean;
  classrooms: ClassroomStatus[];
}

/** `GET /api/lessons` query: a page of the lesson list, newest first. */
export const listLessonsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** One lesson in the admin's list. */
export interface LessonSummary {
  id: string;
  title: string;
  phase: LessonPhase;
  createdAt: string;
  /** Classrooms still in the lesson (removed ones not counted). */
  classrooms: number;
  /**
   * Set while the lesson is on (live or off air) and no teacher is connected: since when (ISO).
   * The lesson ends by itself after TEACHER_AWAY_END_MINUTES.
   */
  teacherAwaySince: string | null;
  /** Why it ended (`teacher_away`: it ended by itself), null until it has. */
  endedReason: LessonEndReason | null;
}

/** `POST /api/lessons/:id/end` answer. */
export interface EndedLesson {
  id: string;
  phase: LessonPhase;
  endedReason: LessonEndReason | null;
}

/** `GET /api/lessons` answer. */
export interface LessonList {
  lessons: LessonSummary[];
  /** All lessons on this server, for paging. */
  total: number;
}

/** Error body of every failed HTTP request. */
export interface HttpErrorBody {
  error: { code: string; message: string; details?: string[] };
}
