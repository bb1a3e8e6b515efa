import { describe, expect, it } from 'vitest';
import { quizPanelScale } from './quizPanelScale.ts';

describe('quizPanelScale', () => {
  it('keeps a short question at full size', () => {
    expect(quizPanelScale('The sun is a star.', ['true', 'false'], true)).toBe(1);
  });

  it('shrinks a long question with many options, more once the bars show', () => {
    const prompt = 'Which of these numbers are prime? Choose every one that is.';
    const open = quizPanelScale(prompt, ['2', '9', '11', '15'], false);
    const revealed = quizPanelScale(prompt, ['2', '9', '11', '15'], true);
    expect(open).toBeLessThanOrEqual(1);
    expect(revealed).toBeLessThan(1);
    expect(revealed).toBeLessThan(open);
  });

  it('counts Chinese characters as wider than Latin letters', () => {
    const options = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(quizPanelScale('太阳是一颗恒星吗？请大家想一想，然后举手回答这个问题，看看谁答对了。', options, true))
      .toBeLessThan(quizPanelScale('Is the sun a star? Think, then answer.', options, true));
  });

  it('never goes below half size, however long the question', () => {
    expect(quizPanelScale('x'.repeat(1000), Array.from({ length: 8 }, () => 'y'.repeat(200)), true)).toBe(0.5);
  });
});
