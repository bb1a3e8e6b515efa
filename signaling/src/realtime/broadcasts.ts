import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@classroom/shared';
import type { Lesson } from '../lessons/Lesson.ts';
import { producerInfo } from '../lessons/publisher.ts';
import { rooms } from './rooms.ts';

type ClassroomServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** Turns a lesson's domain events into broadcasts to the rooms that need them. */
export function wireBroadcasts(io: ClassroomServer, lesson: Lesson): void {
  const everyone = rooms.lesson(lesson.id);
  lesson.on('phaseChanged', (phase) => io.to(everyone).emit('lesson:phaseChanged', { phase }));
  lesson.on('teacherPresenceChanged', (connected) => io.to(everyone).emit('teacher:presenceChanged', { connected }));
  // A classroom's status goes to the teacher and to that classroom only, never to the others:
  // with hundreds of classrooms, every join would otherwise reach every projector.
  lesson.on('classroomUpdated', (status) =>
    io.to([rooms.teacher(lesson.id), rooms.classroom(lesson.id, status.id)]).emit('classroom:updated', status));
  lesson.media.on('producerAdded', (media) => io.to(everyone).emit('media:producerAdded', producerInfo(media)));
  lesson.media.on('producerClosed', (producerId) => io.to(everyone).emit('media:producerClosed', { producerId }));
  lesson.media.on('producerPaused', (producerId, paused) => io.to(everyone).emit('media:producerPaused', { producerId, paused }));
  lesson.media.on('reset', (reason) => io.to(everyone).emit('media:reset', { reason }));
}
