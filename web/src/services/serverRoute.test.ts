import { describe, expect, it } from 'vitest';
import { FAILOVER_AFTER_ATTEMPTS, ServerRoute, SUSPECT_FOR_MS } from './serverRoute.ts';

const HOME = 'https://a.example';
const B = 'https://b.example';
const C = 'https://c.example';

/** A socket whose Manager's `uri` the route reads and writes, and a clock the test moves. */
function setup(uri = HOME) {
  const socket = { io: { uri } };
  let now = 0;
  const route = new ServerRoute(socket, HOME, () => now);
  return { socket, route, advance: (ms: number) => { now += ms; } };
}

const refusal = (code: string, data: Record<string, unknown> = {}) => Object.assign(new Error(code), { data: { code, message: code, ...data } });

/** The server does not answer, up to as many times as it takes the route to move on; returns its last step. */
function unanswered(route: ServerRoute): string {
  let step = 'continue';
  for (let i = 0; i < FAILOVER_AFTER_ATTEMPTS && step === 'continue'; i++) step = route.afterConnectError(new Error('websocket error'));
  return step;
}

describe('ServerRoute', () => {
  it('follows a redirect at once, a few times in a row, then only with the usual backoff', () => {
    const { route } = setup();
    expect(route.afterConnectError(refusal('wrong_node', { url: `${B}/teacher?x=1` }))).toBe('connect');
    expect(route.target).toBe(B);
    expect(route.afterConnectError(refusal('wrong_node', { url: C }))).toBe('connect');
    expect(route.afterConnectError(refusal('wrong_node', { url: B }))).toBe('connect');
    expect(route.afterConnectError(refusal('wrong_node', { url: C }))).toBe('retry');
    route.reached();
    expect(route.afterConnectError(refusal('wrong_node', { url: B }))).toBe('connect');
    expect(route.afterConnectError(refusal('wrong_node', { url: 'javascript:alert(1)' }))).toBe('retry');
    expect(route.target).toBe(B);
  });

  it('leaves other refusals, and a first network failure, to the caller; one server stays one server', () => {
    const { route } = setup();
    expect(route.afterConnectError(refusal('lesson_locked'))).toBe('continue');
    expect(route.afterConnectError(new Error('websocket error'))).toBe('continue');
    expect(route.afterConnectError(refusal('unavailable'))).toBe('continue');
    expect(unanswered(route)).toBe('continue');
    expect(route.target).toBe(HOME);
  });

  it('moves on from a server that stopped answering, in the order every client uses, not back to it while suspect', () => {
    const { route, advance } = setup();
    route.learn([`${HOME}/`, B, C, 'ftp://d.example', 'not a url']);
    expect(unanswered(route)).toBe('connect');
    expect(route.target).toBe(B);
    // b still names a (it has not seen a die yet): a did not answer, so the client asks b again later.
    expect(route.afterConnectError(refusal('wrong_node', { url: HOME }))).toBe('retry');
    expect(route.target).toBe(B);
    // b dies too: c next (a is still suspect).
    advance(1_000);
    expect(unanswered(route)).toBe('connect');
    expect(route.target).toBe(C);
    // c does not answer either, and the others are suspect: it stays.
    expect(unanswered(route)).toBe('continue');
    expect(route.target).toBe(C);
    // a's suspicion wore off (it may be back, or the failures were this client's own network).
    advance(SUSPECT_FOR_MS);
    expect(unanswered(route)).toBe('connect');
    expect(route.target).toBe(HOME);
    expect(route.afterConnectError(refusal('wrong_node', { url: B }))).toBe('connect');
  });

  it('goes back to the page\'s own server first when a server it was sent to stops answering', () => {
    const { route } = setup(C);
    route.learn([HOME, B, C]);
    expect(unanswered(route)).toBe('connect');
    expect(route.target).toBe(HOME);
  });
});
