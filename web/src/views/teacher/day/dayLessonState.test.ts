import type { TodayLesson } from '@classroom/shared';
import { describe, expect, it } from 'vitest';
import { dayLessonState } from './dayLessonState.ts';

const T0 = Date.parse('2026-12-01T08:00:00Z');
const lesson: TodayLesson = {
  weeklyLessonId: 'w', dueDate: '2026-12-01', title: 'Maths', teacherName: 'T', classrooms: 2, startsAt: new Date(T0).toISOString(),
  endsAt: new Date(T0 + 45 * 60_000).toISOString(), timeZone: 'Asia/Shanghai', movedFrom: null, phase: 'scheduled', lessonId: 'l',
};

describe('dayLessonState', () => {
  it('is upcoming until its slot is over, then ended if it never started', () => {
    expect(dayLessonState(lesson, T0 - 60_000)).toBe('upcoming');
    expect(dayLessonState(lesson, T0 + 60_000)).toBe('upcoming');
    expect(dayLessonState(lesson, T0 + 45 * 60_000)).toBe('ended');
  });

  it('is live while on air (also past its slot), ended once ended; the phase known best wins', () => {
    expect(dayLessonState({ ...lesson, phase: 'off-air' }, T0 + 50 * 60_000)).toBe('live');
    expect(dayLessonState({ ...lesson, phase: 'ended' }, T0)).toBe('ended');
    expect(dayLessonState(lesson, T0, 'live')).toBe('live');
    expect(dayLessonState({ ...lesson, phase: 'live' }, T0, 'ended')).toBe('ended');
  });
});
