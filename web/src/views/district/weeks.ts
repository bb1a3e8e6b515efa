// Calendar weeks for the dashboard's week-range filter: Monday to Sunday, as the server counts
// its weekly trend (ISO weeks), on plain `YYYY-MM-DD` dates so no time zone shifts a day.

const DAY_MS = 86_400_000;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The Monday of the week a date falls in. */
export function mondayOf(date: string): string {
  const day = dayNumber(date);
  const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return dateOf(day - weekday);
}

/** The Sunday of the week starting on `monday`: the last date the filter's `to` takes in. */
export function sundayOf(monday: string): string {
  return dateOf(dayNumber(monday) + 6);
}

/** Every week (its Monday) from the one of `first` to the one of `last`; none when either is missing. */
export function weeksBetween(first: string | null, last: string | null): string[] {
  if (!first || !last) return [];
  const end = dayNumber(mondayOf(last));
  const weeks: string[] = [];
  for (let day = dayNumber(mondayOf(first)); day <= end; day += 7) weeks.push(dateOf(day));
  return weeks;
}

/** A week's Monday as the page writes it: short on a chart's axis, with the year in tables and filters. */
export function formatWeek(monday: string, language: string, length: 'short' | 'long'): string {
  const date = new Date(`${monday}T00:00:00Z`);
  return length === 'short'
    ? date.toLocaleDateString(language, { timeZone: 'UTC', month: 'numeric', day: 'numeric' })
    : date.toLocaleDateString(language, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
}
