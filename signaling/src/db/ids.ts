import { randomUUID } from 'node:crypto';

/** 16 hex characters: unguessable enough for ids that appear in URLs next to a signed token. */
export function shortId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 16);
}
