import type { WeeklyLesson, WeeklyLessonBody } from '@classroom/shared';

/**
 * A weekly lesson as its form holds it: the body's fields, with the subject and the time zone as
 * typed (empty: none, and the first classroom's school's) and the holidays as typed (dates
 * separated by spaces, commas or lines).
 */
export type WeeklyLessonDraft = Omit<WeeklyLessonBody, 'subject' | 'timeZone' | 'skippedDates'> & { subject: string; timeZone: string; skippedDates: string };

/** The form's start: a lesson being edited, or an empty Monday lesson. */
export function draftOf(lesson?: WeeklyLesson): WeeklyLessonDraft {
  if (!lesson) {
    return { title: '', subject: '', teacherId: '', classroomIds: [], weekday: 1, start: '08:00', end: '08:45', timeZone: '', firstDate: '', lastDate: '', skippedDates: '' };
  }
  return {
    title: lesson.title, subject: lesson.subject ?? '', teacherId: lesson.teacher.id, classroomIds: lesson.classrooms.map((c) => c.id), weekday: lesson.weekday,
    start: lesson.start, end: lesson.end, timeZone: lesson.timeZone, firstDate: lesson.firstDate, lastDate: lesson.lastDate,
    skippedDates: lesson.skippedDates.join('\n'),
  };
}

/** What the server is sent: it checks every field and says which one is wrong. */
export function bodyOf(draft: WeeklyLessonDraft): WeeklyLessonBody {
  const skippedDates = draft.skippedDates.split(/[\s,，、]+/).filter((date) => date !== '');
  return {
    // An emptied subject is sent as none, so that editing can take it away.
    title: draft.title.trim(), subject: draft.subject.trim() || null, teacherId: draft.teacherId, classroomIds: draft.classroomIds, weekday: draft.weekday,
    start: draft.start, end: draft.end, firstDate: draft.firstDate, lastDate: draft.lastDate, skippedDates,
    ...(draft.timeZone.trim() ? { timeZone: draft.timeZone.trim() } : {}),
  };
}
