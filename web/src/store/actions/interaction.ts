import type { ChatMessage, LessonSnapshot, RecordingState, StageEntry } from '@classroom/shared';
import { classroomStore } from '../store.ts';

// The server keeps the last 200 for a reconnecting client; keep no more than that here.
const MAX_MESSAGES = 200;

type You = LessonSnapshot['you'] | null;

/** Written by this client's side: the teacher's own messages, or its own classroom's assistant. */
export function isOwnMessage(message: ChatMessage, you: You): boolean {
  if (!you) return false;
  if (message.from.role === 'teacher') return you.role === 'teacher';
  return you.role !== 'teacher' && message.from.classroomId === you.classroomId;
}

/** Messages of `incoming` that are new to `known` and written by someone else. */
export function countUnread(known: ChatMessage[], incoming: ChatMessage[], you: You): number {
  const lastKnown = known.at(-1)?.id ?? Number.NEGATIVE_INFINITY;
  return incoming.filter((m) => m.id > lastKnown && !isOwnMessage(m, you)).length;
}

/** Adds a message once: the sender gets it both in its ack and, for the teacher, as an event. */
export function addMessage(message: ChatMessage): void {
  classroomStore.setState((s) => {
    if (s.messages.some((m) => m.id === message.id)) return {};
    const messages = [...s.messages, message].sort((a, b) => a.id - b.id).slice(-MAX_MESSAGES);
    const unread = isOwnMessage(message, s.you) ? 0 : 1;
    return { messages, unreadMessages: s.unreadMessages + unread };
  });
}

export function markMessagesRead(): void {
  if (classroomStore.getState().unreadMessages !== 0) classroomStore.setState({ unreadMessages: 0 });
}

export function setStage(stage: StageEntry[]): void {
  classroomStore.setState({ stage });
}

export function setLocked(locked: boolean): void {
  classroomStore.setState((s) => (s.lesson ? { lesson: { ...s.lesson, locked } } : {}));
}

/** Recording switched, or started or stopped writing (the mark follows `active`). */
export function setRecording(recording: RecordingState): void {
  classroomStore.setState((s) => (s.lesson ? { lesson: { ...s.lesson, recording } } : {}));
}

/** The teacher's list loses a removed classroom (and its hand, and its place on stage). */
export function forgetClassroom(classroomId: string): void {
  classroomStore.setState((s) => ({
    classrooms: s.classrooms.filter((c) => c.id !== classroomId),
    stage: s.stage.filter((e) => e.classroomId !== classroomId),
  }));
}
