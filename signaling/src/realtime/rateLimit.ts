import type { IncomingMessage } from 'node:http';
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

/**
 * Socket handshakes per client address and minute, all of them at once if need be (a fixed
 * window): a school behind one NAT reconnects every device together after a network blip.
 */
export function createHandshakeLimiter(perMinute: number): Limiter {
  return limiter(perMinute, 60);
}

/**
 * The address a request comes from, as the HTTP API sees it (Express's `trust proxy: loopback`):
 * a reverse proxy on this machine names the client in X-Forwarded-For, and without reading it
 * every client would share the proxy's one budget.
 */
export function clientAddress(req: IncomingMessage): string {
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  const chain = [req.socket.remoteAddress ?? '', ...forwarded.reverse()];
  return chain.find((address) => !isLoopback(address)) ?? chain.at(-1)!;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
