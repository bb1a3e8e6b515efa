import type { LessonSnapshot, PublicQuestion, Question, QuestionResults, Submission } from '@classroom/shared';
import type { QuizSlice } from '../slices/quiz.ts';
import { useStore } from '../store.ts';

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

export function setQuestions(questions: Question[]): void {
  useStore.setState({ questions });
}

/** A created or edited question, from the teacher's own ack (the list event follows). */
export function upsertQuestion(question: Question): void {
  useStore.setState((s) => {
    const questions = s.questions.filter((q) => q.id !== question.id);
    return { questions: [...questions, question].sort((a, b) => a.position - b.position) };
  });
}

export function forgetQuestion(questionId: string): void {
  useStore.setState((s) => ({ questions: s.questions.filter((q) => q.id !== questionId) }));
}

/** A question was launched, closed or revealed. A new question starts with no answer and no results. */
export function setCurrentQuestion(question: PublicQuestion): void {
  useStore.setState((s) => (s.currentQuestion?.id === question.id
    ? { currentQuestion: question }
    : { currentQuestion: question, results: null, ownAnswer: null }));
}

/** Results of anything but the current question are not shown anywhere, so they are dropped. */
export function setResults(results: QuestionResults): void {
  useStore.setState((s) => (s.currentQuestion?.id === results.questionId ? { results } : {}));
}

/** This classroom's answer was recorded (its own ack, or the event of another phone of the room). */
export function setOwnAnswer(submission: Submission): void {
  useStore.setState((s) => {
    if (s.you?.role === 'teacher') return {};
    return { ownAnswer: submission, lastPresent: presentOf(submission) ?? s.lastPresent };
  });
}
