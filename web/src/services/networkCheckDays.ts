import { useLinkDay } from './linkDay.ts';
import { runNetworkCheck } from './networkCheck.ts';
import { log } from './util.ts';

/** How often the projector looks whether a new school day began (the check itself is rare). */
const LOOK_MS = 60_000;
/** Let the page settle first: its day is read and a lesson due now is joined before the probe runs. */
const OPEN_DELAY_MS = 3_000;

let lastDate: string | null = null;
let running = false;

/**
 * A projector on its permanent link checks its network when it opens, and again on the first
 * look of each new school day (the day's date on the school's clock, from `GET /api/me/today`),
 * which comes before the day's first lesson. Never during a lesson: the probe stream would take
 * the lesson's bandwidth, and measure less than the link can carry. Once per page.
 */
export function runNetworkCheckDays(token: string): void {
  let trigger: 'opened' | 'morning' = 'opened';
  const look = async () => {
    const { day, joined } = useLinkDay.getState();
    if (running || joined !== null) return;
    const date = day?.date ?? null;
    if (trigger === 'morning') {
      if (date === null || date === lastDate) return;
      // Opened before its day was read: the day it opened on was checked already.
      if (lastDate === null) {
        lastDate = date;
        return;
      }
    }
    running = true;
    try {
      const result = await runNetworkCheck(token, trigger);
      log('info', 'network check', { grade: result.grade, layer: result.layer, paths: result.paths });
    } catch (error) {
      // A reload within the minute is refused (rate_limited): the check of a moment ago stands.
      log('warn', 'network check failed', { error: String(error) });
    } finally {
      running = false;
      lastDate = date;
      trigger = 'morning';
    }
  };
  setTimeout(() => {
    void look();
    setInterval(() => void look(), LOOK_MS);
  }, OPEN_DELAY_MS);
}
