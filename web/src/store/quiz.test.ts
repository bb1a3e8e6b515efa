import type { LessonSnapshot, Question, QuestionResults, Submission } from '@classroom/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  applySnapshot, resetStore, selectCurrentQuestion, selectOpenQuestion, setCurrentQuestion, setOwnAnswer, setResults, useStore,
} from './index.ts';

function question(id: string, state: Question['state'] = 'open', correct: number[] | null = null): Question {
  return {
    id, position: 0, kind: 'single', prompt: id, options: ['a', 'b'], correct, timeLimitSeconds: null,
    answerMode: 'collective', state, openedAt: 1, closesAt: null,
  };
}

function results(questionId: string): QuestionResults {
  return { questionId, counts: [1, 0], total: 1, submissions: [], missing: [] };
}

const tally: Submission = { classroomId: 'c1', classroomName: 'c1', answer: { mode: 'tally', counts: [3, 4], present: 30 }, at: 1, revisions: 0 };

function snapshot(role: 'teacher' | 'assistant', quiz: LessonSnapshot['quiz']): LessonSnapshot {
  const fields: Partial<LessonSnapshot> = {
    lesson: { id: 'l1', title: 'Lesson', phase: 'live', locked: false, maxOnStage: 1 },
    serverTime: Date.now(), you: { role, classroomId: role === 'teacher' ? null : 'c1', classroomName: null },
    teacherConnected: true, producers: [], classrooms: [], stage: [], messages: [], quiz,
  };
  return fields as LessonSnapshot;
}

beforeEach(() => resetStore());

describe('current question', () => {
  it('starts a new question with no results and no answer of its own', () => {
    applySnapshot(snapshot('assistant', { questions: [], current: question('q1'), results: results('q1'), ownAnswer: tally }));
    setCurrentQuestion(question('q2'));
    expect(useStore.getState()).toMatchObject({ results: null, ownAnswer: null });
  });

  it('keeps results and answer when the same question closes', () => {
    applySnapshot(snapshot('assistant', { questions: [], current: question('q1'), results: results('q1'), ownAnswer: tally }));
    setCurrentQuestion(question('q1', 'closed'));
    expect(useStore.getState().results).not.toBeNull();
    expect(useStore.getState().ownAnswer).toBe(tally);
  });

  it('ignores results of another question', () => {
    setCurrentQuestion(question('q1'));
    setResults(results('q0'));
    expect(useStore.getState().results).toBeNull();
    setResults(results('q1'));
    expect(useStore.getState().results?.questionId).toBe('q1');
  });

  it('shows the teacher its own copy, with the correct answer the public event hides', () => {
    const full = question('q1', 'open', [1]);
    applySnapshot(snapshot('teacher', { questions: [full], current: full, results: null, ownAnswer: null }));
    setCurrentQuestion({ ...full, correct: null });
    expect(selectCurrentQuestion(useStore.getState())?.correct).toEqual([1]);
    expect(selectOpenQuestion(useStore.getState())?.id).toBe('q1');
  });
});

describe('own answer', () => {
  it('remembers the pupils present for the next tally, across snapshots', () => {
    applySnapshot(snapshot('assistant', { questions: [], current: question('q1'), results: null, ownAnswer: null }));
    setOwnAnswer(tally);
    setCurrentQuestion(question('q2'));
    applySnapshot(snapshot('assistant', { questions: [], current: question('q2'), results: null, ownAnswer: null }));
    expect(useStore.getState().lastPresent).toBe(30);
  });

  it('is never set on the teacher console, which sees every classroom answer', () => {
    applySnapshot(snapshot('teacher', { questions: [], current: question('q1'), results: null, ownAnswer: null }));
    setOwnAnswer(tally);
    expect(useStore.getState().ownAnswer).toBeNull();
  });
});
