import type { StandingDay } from '@classroom/shared';
import { create } from 'zustand';
import { classroomStore } from '../store/index.ts';
import { ApiError } from './api.ts';
import { forgetDay, keepDay, keptDay } from './keptDay.ts';
import { idAwaited, isOnAir, lessonToJoin } from './lessonToJoin.ts';
import { standingDay } from './schoolsApi.ts';
import { startSession, stopSession } from './session.ts';
import { log } from './util.ts';

// A page on a permanent link (a classroom's projector, a teacher) runs its day by itself: it
// reads the day's lessons, joins the one at hand, and goes back to its day when it ends.

interface LinkDayState {
  day: StandingDay | null;
  /** The last failure to read the day; the last day read stays on screen meanwhile. */
  error: unknown;
  /** The server's clock minus this one: a school PC's clock may be minutes off. */
  clockOffsetMs: number;
  /** The lesson this page is in, if any. */
  joined: string | null;
}

export const useLinkDay = create<LinkDayState>()(() => ({ day: null, error: null, clockOffsetMs: 0, joined: null }));

/** What differs between the pages that run their day. */
export interface DayRules {
  role: 'projector' | 'teacher';
  /** How long before its start a lesson is joined (see lessonToJoin). */
  joinBeforeMs: number;
  /**
   * How long a lesson that ended stays joined: the teacher's own lesson:end is answered after the
   * end is broadcast, and its answer must not be cut off.
   */
  leaveAfterEndMs: number;
}

/**
 * Every minute, spread over 15 s: a school's projectors share one address behind its NAT, and
 * the server allows 120 API requests a minute per address.
 */
const POLL_MS = 60_000;
const POLL_SPREAD_MS = 15_000;
/** Decisions between two reads are made from the day already read: no request. */
const TICK_MS = 2_000;
/** Soonest read again while a lesson due is not yet opened (its id comes when it is the next one). */
const AWAITED_POLL_MS = 15_000;
/** Read again this soon (spread as much again) while no day was ever read and the server was not reached. */
const FIRST_RETRY_MS = 15_000;
/** The server refuses the link itself: withdrawn, or its classroom removed. */
const REFUSALS: ReadonlySet<number> = new Set([401, 403, 404]);
/** After a lesson ends, the day is read again within this (all of a school's projectors at once otherwise). */
const AFTER_END_SPREAD_MS = 5_000;

let token: string | null = null;
let rules: DayRules | null = null;
/** Lessons left for good (ended, or refusing this link): never joined again by this page. */
const done = new Set<string>();
let pollTimer: ReturnType<typeof setTimeout> | undefined;
let lastPollAt = 0;
let polling = false;
/** Another device took the link over (see stopDay). */
let stopped = false;

/** Starts the page's day on its permanent link. Once per page. */
export function runLinkDay(linkToken: string, dayRules: DayRules): void {
  if (token !== null) return;
  token = linkToken;
  rules = dayRules;
  const kept = keptDay(linkToken);
  if (kept) useLinkDay.setState(kept);
  void poll();
  setInterval(tick, TICK_MS);
  // Ended (or refused for good): the session stops itself; the page goes back to its day.
  classroomStore.subscribe((state, previous) => {
    if (state.fatal === null || previous.fatal !== null) return;
    // Opened on another device, which runs the day now: this page stays stopped (a reload takes over).
    if (state.fatal === 'replaced') stopDay();
    else setTimeout(leaveForGood, dayRules.leaveAfterEndMs);
  });
}

async function poll(): Promise<void> {
  if (polling || token === null || stopped) return;
  polling = true;
  clearTimeout(pollTimer);
  lastPollAt = Date.now();
  try {
    const day = await standingDay(token);
    const clockOffsetMs = day.serverTime - Date.now();
    useLinkDay.setState({ day, error: null, clockOffsetMs });
    keepDay(token, day, clockOffsetMs);
  } catch (error) {
    const refused = error instanceof ApiError && REFUSALS.has(error.status);
    // A withdrawn link (or classroom) has no day any more, not even the one kept.
    if (refused) forgetDay();
    useLinkDay.setState(refused ? { error, day: null } : { error });
  } finally {
    polling = false;
    const soon = useLinkDay.getState().day === null && !(useLinkDay.getState().error instanceof ApiError);
    schedulePoll(soon ? FIRST_RETRY_MS * (1 + Math.random()) : POLL_MS + Math.random() * POLL_SPREAD_MS);
  }
  tick();
}

function schedulePoll(waitMs: number): void {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(() => void poll(), waitMs);
}

function stopDay(): void {
  stopped = true;
  clearTimeout(pollTimer);
  log('info', 'the link was opened on another device: this page stops its day');
}

/** Joins, leaves or switches lessons as the day says. */
function tick(): void {
  const { day, clockOffsetMs, joined } = useLinkDay.getState();
  if (!day || token === null || rules === null || stopped) return;
  const now = Date.now() + clockOffsetMs;
  if (idAwaited(day, now) && Date.now() - lastPollAt >= AWAITED_POLL_MS) void poll();
  const wanted = lessonToJoin(day, now, done, rules.joinBeforeMs)?.lessonId ?? null;
  if (wanted === joined) return;
  // A broadcast is not cut off by the timetable (a lesson running late): it ends with the lesson.
  if (joined !== null && isOnAir(classroomStore.getState().lesson?.phase)) return;
  if (joined !== null) leave();
  if (wanted !== null) {
    log('info', 'joining the lesson of the timetable', { lessonId: wanted });
    startSession(token, rules.role, wanted);
    useLinkDay.setState({ joined: wanted });
  }
}

function leave(): void {
  stopSession();
  useLinkDay.setState({ joined: null });
}

function leaveForGood(): void {
  const { joined } = useLinkDay.getState();
  if (joined === null) return;
  log('info', 'left the lesson for good', { lessonId: joined, reason: classroomStore.getState().fatal });
  done.add(joined);
  leave();
  // The day changed (that lesson's phase): read it again soon, spread over the school's projectors.
  schedulePoll(Math.random() * AFTER_END_SPREAD_MS);
}
