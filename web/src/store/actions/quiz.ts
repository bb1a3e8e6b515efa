import type { LessonSnapshot, PublicQuestion, Question, QuestionResults, Submission } from '@classroom/shared';
import type { QuizSlice } from '../slices/quiz.ts';
import { classroomStore } from '../store.ts';

/** The quiz part of a snapshot: replaces what this client knew (events missed while away are moot). */
export function quizFromSnapshot(quiz: LessonSnapshot['quiz'], lastPresent: number | null): QuizSlice {
  return {
    questions: quiz.questions,
    currentQuestion: quiz.current,
    results: quiz.results,
    ownAnswer: quiz.ownAnswer,
    lastPresent: presentOf(quiz.ownAnswer) ?? lastPresent,
  };
}

function presentOf(submission: Submission | null): number | null {
  return submission?.answer.mode === 'tally' ? submission.answer.present : null;
}

// The teacher's list changes one question at a time (the server never re-sends all of it), so
// these mirror what the server did, positions included: the views number questions by position.

/** A created or changed question (the teacher's own ack, or the broadcast): replaced by id. */
export function upsertQuestion(question: Question): void {
  classroomStore.setState((s) => {
    const questions = s.questions.filter((q) => q.id !== question.id);
    return { questions: [...questions, question].sort((a, b) => a.position - b.position) };
  });
}

/** A deleted draft: the questions after it move up one place, as on the server. */
export function forgetQuestion(questionId: string): void {
  classroomStore.setState((s) => {
    const gone = s.questions.find((q) => q.id === questionId);
    if (!gone) return {};
    return {
      questions: s.questions
        .filter((q) => q !== gone)
        .map((q) => (q.position > gone.position ? { ...q, position: q.position - 1 } : q)),
    };
  });
}

/** The questions put in this order (ids, first to last); one this client does not know is skipped. */
export function applyQuestionOrder(order: string[]): void {
  classroomStore.setState((s) => {
    const byId = new Map(s.questions.map((q) => [q.id, q]));
    const questions = order.flatMap((id) => byId.get(id) ?? []);
    return { questions: questions.map((q, position) => (q.position === position ? q : { ...q, position })) };
  });
}

/** A question was launched, closed or revealed. A new question starts with no answer and no results. */
export function setCurrentQuestion(question: PublicQuestion): void {
  classroomStore.setState((s) => (s.currentQuestion?.id === question.id
    ? { currentQuestion: question }
    : { currentQuestion: question, results: null, ownAnswer: null }));
}

/** Results of anything but the current question are not shown anywhere, so they are dropped. */
export function setResults(results: QuestionResults): void {
  classroomStore.setState((s) => (s.currentQuestion?.id === results.questionId ? { results } : {}));
}

/** This classroom's answer was recorded (its own ack, or the event of another phone of the room). */
export function setOwnAnswer(submission: Submission): void {
  classroomStore.setState((s) => {
    if (s.you?.role === 'teacher') return {};
    return { ownAnswer: submission, lastPresent: presentOf(submission) ?? s.lastPresent };
  });
}
