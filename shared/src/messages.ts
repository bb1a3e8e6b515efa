import { z } from 'zod';
import { idSchema } from './ids.ts';

/** One-tap messages of the assistant panel; the UI shows them in the reader's language. */
export const QUICK_MESSAGES = ['cant_hear', 'cant_see', 'too_fast', 'repeat_please', 'question', 'all_good'] as const;
export type QuickMessage = (typeof QUICK_MESSAGES)[number];

export const MAX_MESSAGE_LENGTH = 500;

/** Where a message goes. An assistant writes only to the teacher. */
export const messageTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('teacher') }),
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('classroom'), classroomId: idSchema }),
]);
export type MessageTarget = z.infer<typeof messageTargetSchema>;

export const sendMessageRequest = z.union([
  z.strictObject({ to: messageTargetSchema, text: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH) }),
  z.strictObject({ to: messageTargetSchema, quick: z.enum(QUICK_MESSAGES) }),
]);

export interface ChatMessage {
  id: number;
  /** Server clock, ms since epoch. */
  at: number;
  from: { role: 'teacher' } | { role: 'assistant'; classroomId: string; classroomName: string };
  to: MessageTarget;
  text: string | null;
  quick: QuickMessage | null;
}
