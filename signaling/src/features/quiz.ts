import type { CommandHandlers } from '../realtime/types.ts';

type QuizCommands = Pick<CommandHandlers,
  | 'quiz:create' | 'quiz:update' | 'quiz:delete' | 'quiz:reorder' | 'quiz:launch' | 'quiz:close'
  | 'quiz:reveal' | 'quiz:results' | 'quiz:submit' | 'quality:report'>;

/** The teacher runs questions; a classroom's assistant enters the class's answer. */
export function quizCommands(): QuizCommands {
  return {
    'quiz:create': ({ session }, { question }) => session.lesson.quiz.create(question),
    'quiz:update': ({ session }, { questionId, question }) => session.lesson.quiz.update(questionId, question),
    'quiz:delete': async ({ session }, { questionId }) => {
      await session.lesson.quiz.delete(questionId);
      return { questionId };
    },
    'quiz:reorder': async ({ session }, { order }) => ({ order: await session.lesson.quiz.reorder(order) }),
    'quiz:launch': ({ session }, { questionId }) => session.lesson.quiz.launch(questionId),
    'quiz:close': ({ session }, { questionId }) => session.lesson.quiz.close(questionId),
    'quiz:reveal': ({ session }, { questionId }) => session.lesson.quiz.reveal(questionId),
    'quiz:results': ({ session }, { questionId }) => session.lesson.quiz.results(questionId),
    // Stored (committed, durably) before the ack goes out: an acknowledged answer is kept.
    'quiz:submit': ({ session }, { questionId, answer }) => {
      const classroom = session.lesson.classroom(session.claims.classroomId!);
      return session.lesson.quiz.submit(classroom.id, questionId, answer);
    },
    'quality:report': async ({ session }, report) => {
      await session.lesson.reportQuality(session.claims.classroomId!, report);
      // Whether video tried again on a weak link actually plays (see StarvationGuard).
      session.mediaPeer?.reportDelivery(report.framesPerSecond);
      return {};
    },
  };
}
