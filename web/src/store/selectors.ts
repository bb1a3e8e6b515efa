import type { ClassroomStatus, MediaSource, ProducerOwner, PublicQuestion, StageEntry } from '@classroom/shared';
import type { RemoteTrack } from './slices/media.ts';
import type { Store } from './store.ts';

function sameOwner(a: ProducerOwner, b: ProducerOwner): boolean {
  if (a.kind === 'teacher' || b.kind === 'teacher') return a.kind === b.kind;
  return a.classroomId === b.classroomId;
}

const TEACHER: ProducerOwner = { kind: 'teacher' };

/** One owner's track of one source, if consumed. Returns a stored object: stable identity. */
export function selectTrack(owner: ProducerOwner, source: MediaSource): (s: Store) => RemoteTrack | null {
  return (s) => s.remoteTracks.find((r) => sameOwner(r.owner, owner) && r.source === source) ?? null;
}

/** Whether an owner paused the producer of this source (camera switched off, muted). */
export function selectSourcePaused(owner: ProducerOwner, source: MediaSource): (s: Store) => boolean {
  return (s) => s.producers.some((p) => sameOwner(p.owner, owner) && p.source === source && p.paused);
}

export function selectTeacherTrack(source: MediaSource): (s: Store) => RemoteTrack | null {
  return selectTrack(TEACHER, source);
}

export function selectTeacherSourcePaused(source: MediaSource): (s: Store) => boolean {
  return selectSourcePaused(TEACHER, source);
}

export const selectPhase = (s: Store) => s.lesson?.phase ?? null;

/** The projector's or assistant's own classroom (they see only that one). */
export const selectOwnClassroom = (s: Store): ClassroomStatus | null =>
  s.classrooms.find((c) => c.id === s.you?.classroomId) ?? null;

/**
 * Classrooms with a raised hand, first raised first. Computes a new array: use with useShallow.
 */
export const selectHandQueue = (s: Store): ClassroomStatus[] =>
  s.classrooms
    .filter((c): c is ClassroomStatus & { hand: NonNullable<ClassroomStatus['hand']> } => c.hand !== null)
    .sort((a, b) => a.hand.raisedAt - b.hand.raisedAt);

/**
 * Classrooms this page shows on stage: a projector never shows its own (it would hear itself).
 * Computes a new array: use with useShallow.
 */
export const selectStageToShow = (s: Store): StageEntry[] =>
  s.stage.filter((e) => e.state === 'on-stage' && e.classroomId !== s.you?.classroomId);

/**
 * The question on the projectors now. The teacher's own list holds it with its correct answer
 * (events carry the public form, which hides it until revealed).
 */
export const selectCurrentQuestion = (s: Store): PublicQuestion | null =>
  s.questions.find((q) => q.id === s.currentQuestion?.id) ?? s.currentQuestion;

/** The open question, if any: only one at a time, and a new one cannot launch meanwhile. */
export const selectOpenQuestion = (s: Store): PublicQuestion | null => {
  const current = selectCurrentQuestion(s);
  return current?.state === 'open' ? current : null;
};
