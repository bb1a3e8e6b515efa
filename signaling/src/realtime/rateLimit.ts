import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Takes one point from `key`'s budget: 0 if there was one, else how long until there is. */
export type Limiter = (key: string) => Promise<number>;

function limiter(points: number, durationSeconds: number): Limiter {
  const budget = new RateLimiterMemory({ points, duration: durationSeconds });
  return async (key) => {
    try {
      await budget.consume(key);
      return 0;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return Math.max(1, refusal.msBeforeNext);
      throw refusal;
    }
  };
}

/**
 * Commands per invitation link (see linkOf): a steady rate with room for a burst (joining sends a
 * dozen at once). Counting per connection let one link spread a flood over as many connections
 * as it opened (5 connections got 400 of 500 messages through). Over the limit, a client gets
 * `rate_limited` answers until it slows down; nothing is queued.
 */
export function createCommandLimiter(perSecond: number): Limiter {
  return limiter(perSecond * 2, 2);
}
