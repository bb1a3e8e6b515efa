import { createHmac } from 'node:crypto';
import type { RTCIceServerLike, TokenClaims } from '@classroom/shared';

/** A TURN relay (coturn with use-auth-secret) whose passwords this server signs. */
export interface TurnRelay {
  urls: string[];
  /** Shared with the relay (its static-auth-secret); never leaves this server. */
  secret: string;
  ttlSeconds: number;
}

export interface TurnCredential {
  username: string;
  credential: string;
}

/**
 * A time-limited credential of the "TURN REST API" (draft-uberti-behave-turn-rest), the scheme
 * coturn checks with use-auth-secret: the username is `expiry:who` (expiry in Unix seconds), the
 * password base64(HMAC-SHA1(secret, username)). coturn refuses the username once its expiry has
 * passed, but only for new allocations: one made before lives on while the browser refreshes it.
 */
export function turnCredential(secret: string, who: string, expiresAtSeconds: number): TurnCredential {
  const username = `${Math.floor(expiresAtSeconds)}:${who}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/**
 * The ICE servers handed to one connection: the static ones, and the relay with a credential of
 * its own, named after its lesson, role and classroom (what coturn logs for each allocation).
 */
export function iceServersFor(
  media: { iceServers: RTCIceServerLike[]; turn: TurnRelay | undefined },
  claims: Pick<TokenClaims, 'lessonId' | 'role' | 'classroomId'>,
  now = Date.now(),
): RTCIceServerLike[] {
  const { turn } = media;
  if (!turn) return media.iceServers;
  const who = [claims.lessonId, claims.role, ...(claims.classroomId ? [claims.classroomId] : [])].join(':');
  const credential = turnCredential(turn.secret, who, now / 1000 + turn.ttlSeconds);
  return [...media.iceServers, { urls: turn.urls, ...credential }];
}
