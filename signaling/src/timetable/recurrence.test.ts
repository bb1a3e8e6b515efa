import { describe, expect, it } from 'vitest';
import { isDue, nextOccurrence, occurrences, type LessonChange, type WeeklyLesson } from './recurrence.ts';

// A Monday lesson 08:00–08:45 in Shanghai (UTC+8, no daylight saving) for a spring term.
const maths: WeeklyLesson = {
  id: 'maths', weekday: 1, start: '08:00', end: '08:45', timeZone: 'Asia/Shanghai',
  firstDate: '2027-03-01', lastDate: '2027-03-29', skippedDates: [],
};
const term = [new Date('2027-02-01T00:00:00Z'), new Date('2027-05-01T00:00:00Z')] as const;
const dates = (list: { date: string }[]) => list.map((o) => o.date);

describe('weekly lessons of a term', () => {
  it('comes back every week on its weekday, first and last dates included, at the school\'s wall-clock time', () => {
    const all = occurrences(maths, [], ...term);
    expect(dates(all)).toEqual(['2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22', '2027-03-29']);
    expect(all[0]).toEqual({ weeklyLessonId: 'maths', date: '2027-03-01', startsAt: '2027-03-01T00:00:00.000Z', endsAt: '2027-03-01T00:45:00.000Z', movedFrom: null });
  });

  it('starts on the first matching weekday when the term starts on another day', () => {
    expect(dates(occurrences({ ...maths, firstDate: '2027-02-24', weekday: 5 }, [], ...term))[0]).toBe('2027-02-26');
  });

  it('skips holidays and cancelled weeks, and moves one week\'s lesson to another day and time', () => {
    const changes: LessonChange[] = [
      { weeklyLessonId: 'maths', date: '2027-03-15', kind: 'cancelled' },
      { weeklyLessonId: 'maths', date: '2027-03-22', kind: 'moved', toDate: '2027-03-24', start: '14:00', end: '14:45' },
      { weeklyLessonId: 'other', date: '2027-03-29', kind: 'cancelled' },
    ];
    const all = occurrences({ ...maths, skippedDates: ['2027-03-08'] }, changes, ...term);
    expect(dates(all)).toEqual(['2027-03-01', '2027-03-24', '2027-03-29']);
    expect(all[1]).toMatchObject({ startsAt: '2027-03-24T06:00:00.000Z', movedFrom: '2027-03-22' });
  });

  it('lists only what overlaps the range, including a lesson moved into it from another week', () => {
    const moved: LessonChange[] = [{ weeklyLessonId: 'maths', date: '2027-03-01', kind: 'moved', toDate: '2027-03-10', start: '09:00', end: '09:45' }];
    // The week of 8 March (Shanghai): Monday's lesson, and the one moved there from the 1st.
    const week = occurrences(maths, moved, new Date('2027-03-07T16:00:00Z'), new Date('2027-03-14T16:00:00Z'));
    expect(week.map((o) => [o.date, o.movedFrom])).toEqual([['2027-03-08', null], ['2027-03-10', '2027-03-01']]);
    // A lesson in progress overlaps a range that starts during it.
    expect(dates(occurrences(maths, [], new Date('2027-03-08T00:30:00Z'), new Date('2027-03-08T00:31:00Z')))).toEqual(['2027-03-08']);
    expect(occurrences(maths, [], new Date('2027-03-08T00:45:00Z'), new Date('2027-03-08T01:00:00Z'))).toEqual([]);
  });

  it('keeps the wall-clock time across a daylight-saving change, and runs past midnight when it ends earlier than it starts', () => {
    const newYork: WeeklyLesson = { ...maths, timeZone: 'America/New_York', firstDate: '2027-03-08', lastDate: '2027-03-22', start: '23:30', end: '00:15' };
    const all = occurrences(newYork, [], ...term);
    // Clocks go forward on 14 March 2027: 23:30 EDT is 03:30Z, 23:30 EST was 04:30Z.
    expect(all.map((o) => o.startsAt)).toEqual(['2027-03-09T04:30:00.000Z', '2027-03-16T03:30:00.000Z', '2027-03-23T03:30:00.000Z']);
    expect(all[0]!.endsAt).toBe('2027-03-09T05:15:00.000Z');
  });

  it('says which dates a change may name, and which lesson comes next', () => {
    expect(isDue(maths, '2027-03-08')).toBe(true);
    expect(isDue(maths, '2027-03-09')).toBe(false); // a Tuesday
    expect(isDue(maths, '2027-04-05')).toBe(false); // after the term
    expect(isDue({ ...maths, skippedDates: ['2027-03-08'] }, '2027-03-08')).toBe(false);
    expect(nextOccurrence(maths, [], new Date('2027-03-08T00:00:01Z'))!.date).toBe('2027-03-15');
    expect(nextOccurrence(maths, [], new Date('2027-03-30T00:00:00Z'))).toBeNull();
  });
});
