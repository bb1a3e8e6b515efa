import type { StandingDay } from '@classroom/shared';

// The day last read, kept on the device: a projector reloaded while its server is out of reach
// (the page itself comes from the service worker) still shows its lessons and joins the one due,
// which connects as soon as the network is back.

const KEY = 'classroom.projectorDay';

interface Kept {
  /** The link's claims (the token's middle part, not its signature): another or a renewed link reads its own day. */
  link: string;
  day: StandingDay;
  clockOffsetMs: number;
}

const linkOf = (token: string) => token.split('.')[1] ?? '';

export function keepDay(token: string, day: StandingDay, clockOffsetMs: number): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ link: linkOf(token), day, clockOffsetMs } satisfies Kept));
  } catch {
    // Storage can be blocked (some kiosk browsers): the day is read from the server only.
  }
}

/** The day kept for this link, if it is still today where the school is. */
export function keptDay(token: string): Omit<Kept, 'link'> | null {
  try {
    const kept = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Kept | null;
    if (!kept || kept.link !== linkOf(token)) return null;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: kept.day.timeZone }).format(Date.now() + kept.clockOffsetMs);
    return today === kept.day.date ? { day: kept.day, clockOffsetMs: kept.clockOffsetMs } : null;
  } catch {
    return null;
  }
}

export function forgetDay(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // (nothing was kept)
  }
}
