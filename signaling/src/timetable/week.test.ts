import { describe, expect, it } from 'vitest';
import type { WeeklyLessonRecord } from '../db/TimetableStore.ts';
import { calendar, weekDays, weekView } from './week.ts';

// Mondays 08:00–08:45 in Shanghai, spring 2027 (1 March is a Monday).
const maths: WeeklyLessonRecord = {
  id: 'maths', title: '数学', subject: null, teacherId: 'T1', classroomIds: ['R1', 'R2'], weekday: 1, start: '08:00', end: '08:45',
  timeZone: 'Asia/Shanghai', firstDate: '2027-03-01', lastDate: '2027-03-29', skippedDates: ['2027-03-08'], changes: [],
};

describe('the calendar of a weekly lesson', () => {
  it('shows a cancelled week, marked, but not a holiday; a moved lesson on its new day', () => {
    const changes = [
      { weeklyLessonId: 'maths', date: '2027-03-15', kind: 'cancelled' as const },
      { weeklyLessonId: 'maths', date: '2027-03-22', kind: 'moved' as const, toDate: '2027-03-24', start: '14:00', end: '14:45' },
    ];
    const entries = calendar(maths, changes, new Date('2027-02-01T00:00:00Z'), new Date('2027-05-01T00:00:00Z'));
    expect(entries.map((e) => [e.date, e.cancelled, e.movedFrom])).toEqual([
      ['2027-03-01', false, null], ['2027-03-15', true, null], ['2027-03-24', false, '2027-03-22'], ['2027-03-29', false, null],
    ]);
  });

  it('gives the week holding a date, Monday first, across a month end', () => {
    expect(weekDays('2027-03-31', 'Asia/Shanghai')).toEqual(['2027-03-29', '2027-03-30', '2027-03-31', '2027-04-01', '2027-04-02', '2027-04-03', '2027-04-04']);
    expect(weekDays('2027-03-29', 'Asia/Shanghai')[0]).toBe('2027-03-29');
  });

  it('puts each lesson on its own local day, in order, with its wall-clock times', () => {
    const late: WeeklyLessonRecord = { ...maths, id: 'late', title: 'Late', weekday: 1, start: '23:30', end: '00:15', timeZone: 'Asia/Urumqi', skippedDates: [] };
    const week = weekView([late, maths], (id) => (id === 'T1' ? '王老师' : ''), '2027-03-02', 'Asia/Shanghai');
    expect(week.days.map((d) => d.occurrences.length)).toEqual([2, 0, 0, 0, 0, 0, 0]);
    expect(week.days[0]!.occurrences.map((o) => [o.title, o.start, o.end, o.teacherName, o.classrooms])).toEqual([
      ['数学', '08:00', '08:45', '王老师', 2], ['Late', '23:30', '00:15', '王老师', 2],
    ]);
    // 23:30 in Urumqi (UTC+6) is 17:30Z.
    expect(week.days[0]!.occurrences[1]!.startsAt).toBe('2027-03-01T17:30:00.000Z');
  });
});
