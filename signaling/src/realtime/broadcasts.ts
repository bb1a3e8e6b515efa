import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@classroom/shared';
import type { Lesson } from '../lessons/Lesson.ts';
import type { PublishedMedia } from '@classroom/sfu';
import { ownerOf, producerInfo } from '../lessons/publisher.ts';
import { WALL_SOURCE } from '../lessons/Wall.ts';
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
  lesson.on('stageUpdated', (stage) => io.to(everyone).emit('stage:updated', { stage }));
  lesson.on('lockChanged', (locked) => io.to(everyone).emit('lesson:lockChanged', { locked }));
  lesson.on('recordingChanged', (state) => io.to(everyone).emit('lesson:recordingChanged', state));
  lesson.on('message', (message) => {
    // The teacher reads everything; a classroom's assistants read what it sent, what is for it,
    // and "all". Projectors read none (their snapshot has no messages either).
    const teacher = rooms.teacher(lesson.id);
    const to = message.to.kind === 'all' ? [teacher, rooms.assistants(lesson.id)]
      : message.to.kind === 'classroom' ? [teacher, rooms.classroomAssistants(lesson.id, message.to.classroomId)]
        : [teacher, ...(message.from.role === 'assistant' ? [rooms.classroomAssistants(lesson.id, message.from.classroomId)] : [])];
    io.to(to).emit('message:received', message);
  });
  const teacherRoom = rooms.teacher(lesson.id);
  lesson.on('wallStill', (still) => io.to(teacherRoom).emit('wall:stillPosted', still));
  // One question at a time: re-sending the whole list made every change to 520 questions 810 kB.
  lesson.quiz.on('questionSaved', (question) => io.to(teacherRoom).emit('quiz:questionSaved', { question }));
  lesson.quiz.on('questionDeleted', (questionId) => io.to(teacherRoom).emit('quiz:questionDeleted', { questionId }));
  lesson.quiz.on('questionsReordered', (order) => io.to(teacherRoom).emit('quiz:questionsReordered', { order }));
  lesson.quiz.on('questionChanged', (question) => io.to(everyone).emit('quiz:questionChanged', { question }));
  lesson.quiz.on('results', (results, revealed) => {
    io.to(teacherRoom).emit('quiz:results', results);
    // Classrooms see the totals once revealed, never what each other classroom answered.
    if (revealed) io.to(everyone).except(teacherRoom).emit('quiz:results', { ...results, submissions: [], missing: [] });
  });
  lesson.quiz.on('submitted', (submission) => io.to([teacherRoom, rooms.classroom(lesson.id, submission.classroomId)]).emit('quiz:submitted', submission));
  // A removed classroom is told, then cut off; its tokens are refused from now on.
  lesson.on('classroomRemoved', (classroomId) => {
    const own = rooms.classroom(lesson.id, classroomId);
    io.to([rooms.teacher(lesson.id), own]).emit('classroom:removed', { classroomId });
    io.in(own).disconnectSockets(true);
  });
  // An ended lesson lets everyone see that it ended, then closes every connection to it.
  lesson.on('phaseChanged', (phase) => {
    if (phase === 'ended') setTimeout(() => io.in(everyone).disconnectSockets(true), 1000).unref();
  });
  // Revoked links: every connection goes now; reconnecting with an old link is refused (link_revoked).
  lesson.on('linksRevoked', () => io.in(everyone).disconnectSockets(true));
  // A classroom's wall picture is told of to the teacher and its own classroom only: it is for
  // the teacher's eyes, and 200 classrooms' pictures would otherwise reach every projector.
  const toWhom = (media: PublishedMedia) => {
    const owner = ownerOf(media.publisherId);
    return media.label === WALL_SOURCE && owner.kind === 'classroom' ? [teacherRoom, rooms.classroom(lesson.id, owner.classroomId)] : everyone;
  };
  lesson.media.on('producerAdded', (media) => io.to(toWhom(media)).emit('media:producerAdded', producerInfo(media)));
  lesson.media.on('producerClosed', (producerId, media) => io.to(toWhom(media)).emit('media:producerClosed', { producerId }));
  lesson.media.on('producerPaused', (producerId, paused, media) => io.to(toWhom(media)).emit('media:producerPaused', { producerId, paused }));
  lesson.media.on('reset', (reason) => io.to(everyone).emit('media:reset', { reason }));
}
