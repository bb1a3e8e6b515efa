import type { LessonSnapshot, Question, QuestionResults, Submission } from '@classroom/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  applyQuestionOrder, applySnapshot, forgetQuestion, resetStore, selectCurrentQuestion, selectOpenQuestion, setCurrentQuestion,
  setOwnAnswer, setResults, upsertQuestion, classroomStore,
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
    lesson: { id: 'l1', title: 'Lesson', phase: 'live', locked: false, maxOnStage: 1, recording: { enabled: true, active: false } },
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
    expect(classroomStore.getState()).toMatchObject({ results: null, ownAnswer: null });
  });

  it('keeps results and answer when the same question closes', () => {
    applySnapshot(snapshot('assistant', { questions: [], current: question('q1'), results: results('q1'), ownAnswer: tally }));
    setCurrentQuestion(question('q1', 'closed'));
    expect(classroomStore.getState().results).not.toBeNull();
    expect(classroomStore.getState().ownAnswer).toBe(tally);
  });

  it('ignores results of another question', () => {
    setCurrentQuestion(question('q1'));
    setResults(results('q0'));
    expect(classroomStore.getState().results).toBeNull();
    setResults(results('q1'));
    expect(classroomStore.getState().results?.questionId).toBe('q1');
  });

  it('shows the teacher its own copy, with the correct answer the public event hides', () => {
    const full = question('q1', 'open', [1]);
    applySnapshot(snapshot('teacher', { questions: [full], current: full, results: null, ownAnswer: null }));
    setCurrentQuestion({ ...full, correct: null });
    expect(selectCurrentQuestion(classroomStore.getState())?.correct).toEqual([1]);
    expect(selectOpenQuestion(classroomStore.getState())?.id).toBe('q1');
  });
});

describe('own answer', () => {
  it('remembers the pupils present for the next tally, across snapshots', () => {
    applySnapshot(snapshot('assistant', { questions: [], current: question('q1'), results: null, ownAnswer: null }));
    setOwnAnswer(tally);
    setCurrentQuestion(question('q2'));
    applySnapshot(snapshot('assistant', { questions: [], current: question('q2'), results: null, ownAnswer: null }));
    expect(classroomStore.getState().lastPresent).toBe(30);
  });

  it('is never set on the teacher console, which sees every classroom answer', () => {
    applySnapshot(snapshot('teacher', { questions: [], current: question('q1'), results: null, ownAnswer: null }));
    setOwnAnswer(tally);
    expect(classroomStore.getState().ownAnswer).toBeNull();
  });
});

describe('the teacher\'s question list, changed one question at a time', () => {
  const draft = (id: string, position: number): Question => ({ ...question(id, 'draft'), position, openedAt: null });
  const listed = () => classroomStore.getState().questions.map((q) => [q.id, q.position]);
  beforeEach(() => {
    applySnapshot(snapshot('teacher', { questions: [draft('a', 0), draft('b', 1), draft('c', 2)], current: null, results: null, ownAnswer: null }));
  });

  it('adds a created question at its place and replaces a changed one by id', () => {
    upsertQuestion(draft('d', 3));
    upsertQuestion({ ...draft('b', 1), prompt: 'edited' });
    expect(listed()).toEqual([['a', 0], ['b', 1], ['c', 2], ['d', 3]]);
    expect(classroomStore.getState().questions[1]!.prompt).toBe('edited');
  });

  it('moves the questions after a deleted one up a place, like the server, once', () => {
    forgetQuestion('a');
    forgetQuestion('a'); // the teacher's own ack, then the broadcast
    expect(listed()).toEqual([['b', 0], ['c', 1]]);
    // The next question the server creates lands after them, numbered as on the projectors.
    upsertQuestion(draft('d', 2));
    expect(listed()).toEqual([['b', 0], ['c', 1], ['d', 2]]);
  });

  it('puts the questions in the order named by id', () => {
    applyQuestionOrder(['c', 'a', 'b']);
    expect(listed()).toEqual([['c', 0], ['a', 1], ['b', 2]]);
    expect(classroomStore.getState().questions[0]!.prompt).toBe('c');
  });
});
