import type { ClassroomStatus, LessonPhase, LessonSnapshot, ProducerInfo } from '@classroom/shared';
import { classroomStore } from '../store.ts';
import { countUnread } from './interaction.ts';
import { quizFromSnapshot } from './quiz.ts';

/** The server's snapshot replaces the lesson wholesale: events missed while away are moot. */
export function applySnapshot(snapshot: LessonSnapshot): void {
  classroomStore.setState((s) => ({
    lesson: snapshot.lesson,
    you: snapshot.you,
    teacherConnected: snapshot.teacherConnected,
    classrooms: snapshot.classrooms,
    producers: snapshot.producers,
    stage: snapshot.stage,
    messages: snapshot.messages,
    ...quizFromSnapshot(snapshot.quiz, s.lastPresent),
    // The first snapshot is history; after a reconnect, what arrived while away is unread.
    unreadMessages: s.lesson
      ? s.unreadMessages + countUnread(s.messages, snapshot.messages, snapshot.you)
      : 0,
    // Ignores the network delay of the answer: waiting times are shown to the second.
    clockOffsetMs: snapshot.serverTime - Date.now(),
    synced: true,
    serverRestarting: false,
  }));
}

export function setPhase(phase: LessonPhase): void {
  classroomStore.setState((s) => (s.lesson ? { lesson: { ...s.lesson, phase } } : {}));
}

export function setTeacherConnected(teacherConnected: boolean): void {
  classroomStore.setState({ teacherConnected });
}

export function upsertClassroom(classroom: ClassroomStatus): void {
  classroomStore.setState((s) => {
    const index = s.classrooms.findIndex((c) => c.id === classroom.id);
    if (index === -1) return { classrooms: [...s.classrooms, classroom] };
    const classrooms = s.classrooms.slice();
    classrooms[index] = classroom;
    return { classrooms };
  });
}

export function addProducer(producer: ProducerInfo): void {
  classroomStore.setState((s) => ({
    producers: [...s.producers.filter((p) => p.producerId !== producer.producerId), producer],
  }));
}

export function removeProducer(producerId: string): void {
  classroomStore.setState((s) => ({ producers: s.producers.filter((p) => p.producerId !== producerId) }));
}

export function setProducerPaused(producerId: string, paused: boolean): void {
  classroomStore.setState((s) => ({
    producers: s.producers.map((p) => (p.producerId === producerId ? { ...p, paused } : p)),
  }));
}
