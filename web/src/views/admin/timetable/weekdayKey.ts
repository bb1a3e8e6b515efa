const KEYS = [
  'timetable.weekday_1', 'timetable.weekday_2', 'timetable.weekday_3', 'timetable.weekday_4',
  'timetable.weekday_5', 'timetable.weekday_6', 'timetable.weekday_7',
] as const;

/** The translation key of an ISO weekday (Monday 1 … Sunday 7). */
export function weekdayKey(weekday: number): (typeof KEYS)[number] {
  return KEYS[(((weekday - 1) % 7) + 7) % 7]!;
}
