import type { ErrorCode } from '@classroom/shared';
import { isErrorCode } from './errorCodes.ts';

// What a failed connection attempt says. No DOM and no socket here: the cluster tests read
// refusals with the web app's own code (see serverRoute.ts).

/** The ErrorCode of a failed handshake, if the server sent one (a network failure has none). */
export function handshakeErrorCode(error: Error): ErrorCode | null {
  const data: unknown = (error as Error & { data?: unknown }).data;
  if (typeof data === 'object' && data !== null && 'code' in data && isErrorCode(data.code)) return data.code;
  return isErrorCode(error.message) ? error.message : null;
}

/**
 * Where a `wrong_node` refusal sends the client (cluster mode: another server runs the lesson),
 * as an http(s) origin; null for any other refusal or a malformed one.
 */
export function redirectOf(error: Error): string | null {
  const data: unknown = (error as Error & { data?: unknown }).data;
  if (typeof data !== 'object' || data === null || !('code' in data) || data.code !== 'wrong_node') return null;
  return 'url' in data && typeof data.url === 'string' ? httpOrigin(data.url) : null;
}

/** The origin of an http(s) URL a server sent; null for anything else (a client goes to no other scheme). */
export function httpOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}
