import type { ErrorBody } from './errors.ts';

/** The one answer shape of every command: the caller always gets exactly one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export type AckCallback<T> = (answer: Ack<T>) => void;
