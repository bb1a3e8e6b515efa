import type { ClassroomStatus, LessonPhase, LessonSnapshot, ProducerInfo } from '@classroom/shared';
import { useStore } from '../store.ts';

/** The server's snapshot replaces the lesson wholesale: events missed while away are moot. */
export function applySnapshot(snapshot: LessonSnapshot): void {
  useStore.setState({
    lesson: snapshot.lesson,
    you: snapshot.you,
    teacherConnected: snapshot.teacherConnected,
    classrooms: snapshot.classrooms,
    producers: snapshot.producers,
    synced: true,
    serverRestarting: false,
  });
}

export function setPhase(phase: LessonPhase): void {
  useStore.setState((s) => (s.lesson ? { lesson: { ...s.lesson, phase } } : {}));
}

export function setTeacherConnected(teacherConnected: boolean): void {
  useStore.setState({ teacherConnected });
}

export function upsertClassroom(classroom: ClassroomStatus): void {
  useStore.setState((s) => {
    const index = s.classrooms.findIndex((c) => c.id === classroom.id);
    if (index === -1) return { classrooms: [...s.classrooms, classroom] };
    const classrooms = s.classrooms.slice();
    classrooms[index] = classroom;
    return { classrooms };
  });
}

export function addProducer(producer: ProducerInfo): void {
  useStore.setState((s) => ({
    producers: [...s.producers.filter((p) => p.producerId !== producer.producerId), producer],
  }));
}

export function removeProducer(producerId: string): void {
  useStore.setState((s) => ({ producers: s.producers.filter((p) => p.producerId !== producerId) }));
}

export function setProducerPaused(producerId: string, paused: boolean): void {
  useStore.setState((s) => ({
    producers: s.producers.map((p) => (p.producerId === producerId ? { ...p, paused } : p)),
  }));
}
