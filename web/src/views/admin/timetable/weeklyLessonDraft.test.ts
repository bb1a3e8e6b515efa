import { describe, expect, it } from 'vitest';
import type { WeeklyLesson } from '@classroom/shared';
import { bodyOf, draftOf } from './weeklyLessonDraft.ts';

const lesson: WeeklyLesson = {
  id: 'W1', title: '数学', subject: '数学', teacher: { id: 'T1', name: '王老师' }, classrooms: [{ id: 'R1', name: '一班', schoolName: '希望小学' }],
  weekday: 3, start: '08:00', end: '08:45', timeZone: 'Asia/Shanghai', firstDate: '2031-03-03', lastDate: '2031-06-30',
  skippedDates: ['2031-04-04', '2031-05-01'], changes: [],
};

describe('the weekly lesson form', () => {
  it('round-trips a lesson being edited', () => {
    const { id: _, teacher, classrooms, changes: __, ...rest } = lesson;
    expect(bodyOf(draftOf(lesson))).toEqual({ ...rest, teacherId: teacher.id, classroomIds: classrooms.map((c) => c.id) });
  });

  it('reads holidays however they are separated, and leaves out an empty time zone', () => {
    const body = bodyOf({ ...draftOf(), title: ' 音乐 ', skippedDates: '2031-04-04, 2031-05-01\n2031-05-02，2031-05-03、 ' });
    expect(body.skippedDates).toEqual(['2031-04-04', '2031-05-01', '2031-05-02', '2031-05-03']);
    expect(body.title).toBe('音乐');
    expect(body).not.toHaveProperty('timeZone');
  });

  it('sends an emptied subject as none, so that an edit can take it away', () => {
    expect(bodyOf({ ...draftOf(), subject: '  ' }).subject).toBeNull();
    expect(bodyOf({ ...draftOf(), subject: ' 数学 ' }).subject).toBe('数学');
  });
});
