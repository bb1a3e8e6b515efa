import { describe, expect, it } from 'vitest';
import { addOption, changeKind, draftFromForm, emptyForm, removeOption, toggleCorrect, type QuestionForm } from './questionForm.ts';

const filled: QuestionForm = { ...emptyForm(), prompt: ' Capital of France? ', options: ['Lyon', ' Paris '], correct: [1], timeLimit: '30' };

describe('draftFromForm', () => {
  it('trims the text and turns the fields into a draft', () => {
    expect(draftFromForm(filled)).toEqual({
      draft: { kind: 'single', prompt: 'Capital of France?', options: ['Lyon', 'Paris'], correct: [1], timeLimitSeconds: 30, answerMode: 'collective' },
    });
  });

  it('sends a question without ticks as a poll, and without a time limit when left empty', () => {
    const result = draftFromForm({ ...filled, correct: [], timeLimit: ' ' });
    expect(result).toMatchObject({ draft: { correct: null, timeLimitSeconds: null } });
  });

  it('names the first thing to fix', () => {
    expect(draftFromForm({ ...filled, prompt: '  ' })).toEqual({ problem: 'prompt' });
    expect(draftFromForm({ ...filled, options: ['Lyon', ''] })).toEqual({ problem: 'options' });
    expect(draftFromForm({ ...filled, timeLimit: '2' })).toEqual({ problem: 'timeLimit' });
    expect(draftFromForm({ ...filled, timeLimit: '12.5' })).toEqual({ problem: 'timeLimit' });
  });

  it('sends no options of its own for true/false, and drops ticks beyond its two', () => {
    const result = draftFromForm({ ...filled, kind: 'true_false', options: ['a', 'b', 'c'], correct: [0] });
    expect(result).toMatchObject({ draft: { kind: 'true_false', options: [], correct: [0] } });
  });
});

describe('editing the options', () => {
  it('moves the tick of a one-answer question and adds ticks to a multiple-answer one', () => {
    expect(toggleCorrect(filled, 0).correct).toEqual([0]);
    expect(toggleCorrect({ ...filled, kind: 'multiple' }, 0).correct).toEqual([1, 0]);
    expect(toggleCorrect(filled, 1).correct).toEqual([]);
  });

  it('keeps the ticks on their options when one is removed', () => {
    const form = { ...filled, kind: 'multiple' as const, options: ['a', 'b', 'c', 'd'], correct: [0, 2, 3] };
    expect(removeOption(form, 1)).toMatchObject({ options: ['a', 'c', 'd'], correct: [0, 1, 2] });
  });

  it('keeps one tick when a multiple-answer question becomes a one-answer one', () => {
    expect(changeKind({ ...filled, kind: 'multiple', correct: [1, 0] }, 'single').correct).toEqual([1]);
  });

  it('stops adding options at the server limit', () => {
    let form = emptyForm();
    for (let i = 0; i < 10; i++) form = addOption(form);
    expect(form.options).toHaveLength(8);
  });
});
