import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Commands per connection: a steady rate with room for a burst (joining sends a dozen at once).
 * A client over the limit gets `rate_limited` answers until it slows down; nothing is queued.
 */
export function createCommandLimiter(perSecond: number): (connectionId: string) => Promise<boolean> {
  const limiter = new RateLimiterMemory({ points: perSecond * 2, duration: 2 });
  return async (connectionId) => {
    try {
      await limiter.consume(connectionId);
      return true;
    } catch {
      return false;
    }
  };
}
