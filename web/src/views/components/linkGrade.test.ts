import type { ClassroomStatus } from '@classroom/shared';
import { describe, expect, it } from 'vitest';
import { linkGrade } from './linkGrade.ts';

const quality: ClassroomStatus['quality'] = {
  rttMs: 40, lossPercent: 3, jitterMs: 2, bitrateKbps: 900, frameHeight: 360, framesPerSecond: 30, grade: 'fair', at: 0, mediaScore: null,
};

describe('linkGrade', () => {
  it('shows the last grade of an online projector', () => {
    expect(linkGrade({ projectorOnline: true, quality })).toBe('fair');
  });

  it('says lost when the projector is offline, whatever it reported before', () => {
    expect(linkGrade({ projectorOnline: false, quality })).toBe('lost');
  });

  it('has no grade before the first report', () => {
    expect(linkGrade({ projectorOnline: true, quality: null })).toBe('unknown');
  });
});
