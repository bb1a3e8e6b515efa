import type { RequestHandler } from 'express';
import { sendError } from './httpErrors.ts';

/**
 * Refuses requests a browser sends from a page of another site (their Origin header says so).
 * Requests without Origin (curl, scripts, same-origin GETs) carry no such risk and pass.
 * The list is read at each request: in a cluster it follows the live nodes.
 */
export function originCheck(allowed: () => readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (isAllowedOrigin(origin, req.get('host'), allowed())) {
      next();
      return;
    }
    sendError(res, 403, 'forbidden', `requests from ${origin} are not allowed: add it to ALLOWED_ORIGINS if it is yours`);
  };
}

/** No Origin, a listed one, or the page's own host (served by this very server). */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined || allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
