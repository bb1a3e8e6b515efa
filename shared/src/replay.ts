import { z } from 'zod';
import type { AckCallback } from './ack.ts';
import { idSchema } from './ids.ts';
import { answerSchema } from './quiz.ts';
import type { ReplayState } from './replayState.ts';
import type { Role } from './roles.ts';

const position = z.number().int().min(0).max(24 * 3_600_000);
const empty = z.strictObject({});

/** Every replay command: its payload and who may send it (a teacher has no classroom to replay in). */
export const replayCommands = {
  /** Shows the replay now, if any (after a reconnect). */
  'replay:sync': { request: empty, roles: ['projector', 'assistant'] },
  /** Starts replaying a recorded lesson this classroom may see (replaces one under way). */
  'replay:open': { request: z.strictObject({ lessonId: idSchema }), roles: ['projector', 'assistant'] },
  'replay:play': { request: empty, roles: ['projector', 'assistant'] },
  'replay:pause': { request: empty, roles: ['projector', 'assistant'] },
  'replay:seek': { request: z.strictObject({ positionMs: position }), roles: ['projector', 'assistant'] },
  /** The class's answer to the question on screen (collective or tally, checked as live). */
  'replay:answer': { request: z.strictObject({ questionId: idSchema, answer: answerSchema }), roles: ['assistant'] },
  /** Shows the correct answer beside the class's. */
  'replay:reveal': { request: empty, roles: ['projector', 'assistant'] },
  /** Back to the waiting screen. */
  'replay:close': { request: empty, roles: ['projector', 'assistant'] },
} as const satisfies Record<string, { request: z.ZodType; roles: readonly Role[] }>;

export type ReplayCommandName = keyof typeof replayCommands;
export type ReplayCommandRequest<K extends ReplayCommandName> = z.input<(typeof replayCommands)[K]['request']>;
export type ReplayCommandPayload<K extends ReplayCommandName> = z.output<(typeof replayCommands)[K]['request']>;

/** Every command answers with the replay as it is now (null: none). */
export type ReplayClientToServerEvents = {
  [K in ReplayCommandName]: (payload: ReplayCommandRequest<K>, ack: AckCallback<ReplayState | null>) => void;
};
