import type { StandingDay, TodayLesson } from '@classroom/shared';
import { describe, expect, it } from 'vitest';
import { JOIN_BEFORE_MS, idAwaited, lessonToJoin, nextLesson } from './lessonToJoin.ts';

const T0 = Date.parse('2026-12-01T08:00:00Z');
const MIN = 60_000;

function lesson(id: string | null, startMin: number, endMin: number, phase: TodayLesson['phase'] = 'scheduled'): TodayLesson {
  return {
    weeklyLessonId: `w-${id ?? startMin}`, dueDate: '2026-12-01', title: `L${startMin}`, teacherName: 'T', classrooms: 1,
    startsAt: new Date(T0 + startMin * MIN).toISOString(), endsAt: new Date(T0 + endMin * MIN).toISOString(), timeZone: 'UTC', movedFrom: null, phase, lessonId: id,
  };
}

function day(...lessons: TodayLesson[]): StandingDay {
  return { you: { kind: 'teacher', teacher: { id: 't', name: 'T' } }, date: '2026-12-01', timeZone: 'UTC', serverTime: T0, lessons };
}

describe('lessonToJoin', () => {
  const today = day(lesson('a', 0, 45), lesson('b', 60, 105));

  it('joins a lesson from JOIN_BEFORE_MS before its start until its end', () => {
    expect(lessonToJoin(today, T0 - JOIN_BEFORE_MS - 1, new Set())).toBeNull();
    expect(lessonToJoin(today, T0 - JOIN_BEFORE_MS, new Set())?.lessonId).toBe('a');
    expect(lessonToJoin(today, T0 + 44 * MIN, new Set())?.lessonId).toBe('a');
    expect(lessonToJoin(today, T0 + 50 * MIN, new Set())).toBeNull();
    expect(lessonToJoin(today, T0 + 56 * MIN, new Set())?.lessonId).toBe('b');
  });

  it('joins from any time before its start when told to (a teacher is in the lesson at hand all day)', () => {
    expect(lessonToJoin(today, T0 - 6 * 60 * MIN, new Set(), Number.POSITIVE_INFINITY)?.lessonId).toBe('a');
    expect(lessonToJoin(today, T0 + 50 * MIN, new Set(), Number.POSITIVE_INFINITY)?.lessonId).toBe('b');
    expect(lessonToJoin(today, T0 + MIN, new Set(['a']), Number.POSITIVE_INFINITY)?.lessonId).toBe('b');
  });

  it('stays with a broadcast past its slot, and never rejoins an ended or a finished lesson', () => {
    const late = day(lesson('a', 0, 45, 'live'), lesson('b', 60, 105));
    expect(lessonToJoin(late, T0 + 58 * MIN, new Set())?.lessonId).toBe('a');
    expect(lessonToJoin(late, T0 + 58 * MIN, new Set(['a']))?.lessonId).toBe('b');
    expect(lessonToJoin(day(lesson('a', 0, 45, 'ended')), T0 + MIN, new Set())).toBeNull();
  });

  it('cannot join a lesson whose id is not known yet, and says to read the day again', () => {
    const unopened = day(lesson(null, 0, 45));
    expect(lessonToJoin(unopened, T0, new Set())).toBeNull();
    expect(idAwaited(unopened, T0)).toBe(true);
    expect(idAwaited(unopened, T0 - JOIN_BEFORE_MS - 1)).toBe(false);
    expect(idAwaited(today, T0)).toBe(false);
  });

  it('counts down to the next lesson not ended', () => {
    expect(nextLesson(today, T0 + MIN)?.lessonId).toBe('b');
    expect(nextLesson(today, T0 + 61 * MIN)).toBeNull();
  });
});
