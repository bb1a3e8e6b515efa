import type { LessonChangeBody, TimetableWeek, WeeklyLesson, WeeklyLessonBody, WeeklyLessonList } from '@classroom/shared';
import { call, json } from './api.ts';

// The term timetable (admin only): weekly lessons, one-off changes, the week view.

const path = (weeklyLessonId: string) => `/api/weekly-lessons/${encodeURIComponent(weeklyLessonId)}`;

export function listWeeklyLessons(adminToken: string): Promise<WeeklyLessonList> {
  return call<WeeklyLessonList>('/api/weekly-lessons', adminToken);
}

export function createWeeklyLesson(adminToken: string, body: WeeklyLessonBody): Promise<WeeklyLesson> {
  return call<WeeklyLesson>('/api/weekly-lessons', adminToken, json('POST', body));
}

export function updateWeeklyLesson(adminToken: string, weeklyLessonId: string, body: WeeklyLessonBody): Promise<WeeklyLesson> {
  return call<WeeklyLesson>(path(weeklyLessonId), adminToken, json('PUT', body));
}

export function removeWeeklyLesson(adminToken: string, weeklyLessonId: string): Promise<void> {
  return call<void>(path(weeklyLessonId), adminToken, { method: 'DELETE' });
}

/** Cancels or moves the lesson of the week `date` names (a date it is due on). */
export function setLessonChange(adminToken: string, weeklyLessonId: string, date: string, change: LessonChangeBody): Promise<WeeklyLesson> {
  return call<WeeklyLesson>(`${path(weeklyLessonId)}/changes/${encodeURIComponent(date)}`, adminToken, json('PUT', change));
}

/** That week's lesson as usual again. */
export function removeLessonChange(adminToken: string, weeklyLessonId: string, date: string): Promise<WeeklyLesson> {
  return call<WeeklyLesson>(`${path(weeklyLessonId)}/changes/${encodeURIComponent(date)}`, adminToken, { method: 'DELETE' });
}

/** The week (Monday to Sunday) holding `date`; without one, this week (in the server's TIME_ZONE). */
export function timetableWeek(adminToken: string, date?: string): Promise<TimetableWeek> {
  return call<TimetableWeek>(`/api/timetable/week${date ? `?date=${encodeURIComponent(date)}` : ''}`, adminToken);
}
