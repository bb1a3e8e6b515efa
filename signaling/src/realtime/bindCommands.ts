import { z } from 'zod';
import { commands, type Ack, type CommandName, type Role } from '@classroom/shared';
import type { Logger } from '../logger.ts';
import { toErrorBody } from './errors.ts';
import type { Limiter } from './rateLimit.ts';
import type { ClassroomSocket } from './types.ts';

type Answer = (answer: Ack<unknown>) => void;
type LooseSocket = { on(event: string, listener: (...args: unknown[]) => void): void };

/**
 * Runs a command for a connection: its answer, or undefined when nobody would hear one (its
 * connection closed while the command waited for its turn). Where it runs is the caller's
 * business: in the lesson's order here, or on the node that runs the lesson (edge nodes).
 */
export type Dispatch = (name: CommandName, payload: unknown) => Promise<Ack<unknown> | undefined>;

/**
 * Binds every command of the protocol on a socket through one path: charge the link's budget,
 * then dispatch (which parses, checks the role and runs it: {@link runCommand}), and answer
 * exactly once. A command sent without an ack callback is ignored (nothing could tell the
 * sender what happened).
 */
export function bindCommands(socket: ClassroomSocket, link: string, dispatch: Dispatch, limit: Limiter): void {
  // Every event pays before anything else runs, unknown ones too: answering a flood of made-up
  // names costs the server as much as answering real ones. Refused events go no further.
  socket.use(([event, ...args], next) => {
    const answer = args.at(-1);
    const reply = typeof answer === 'function' ? (answer as Answer) : () => {};
    void limit(link).then((waitMs) => {
      if (waitMs > 0) return reply({ ok: false, error: { code: 'rate_limited', message: 'too many requests: slow down' } });
      if (!Object.hasOwn(commands, event)) return reply({ ok: false, error: { code: 'unknown_command', message: 'unknown command' } });
      next();
    });
  });
  const loose = socket as unknown as LooseSocket;
  for (const name of Object.keys(commands) as CommandName[]) {
    loose.on(name, (...args: unknown[]) => {
      const answer = args.at(-1);
      if (typeof answer !== 'function') return;
      void dispatch(name, args.length > 1 ? args[0] : undefined).then((ack) => {
        if (ack) (answer as Answer)(ack);
      });
    });
  }
}

/** Who sends a command, as {@link runCommand} checks it. */
export interface Sender {
  role: Role;
  log: Logger;
  /** Ended lessons refuse every command but `lesson:sync` (undefined: not known here). */
  ended?: () => boolean;
}

/**
 * Parses the payload with its schema, checks the sender's role, runs the handler. Bad input gets
 * an error answer and changes nothing; a failure becomes a clear error answer (toErrorBody).
 */
export async function runCommand(
  name: CommandName, payload: unknown, sender: Sender, handler: (payload: unknown) => unknown,
): Promise<Ack<unknown>> {
  const spec = commands[name];
  const parsed = spec.request.safeParse(payload ?? {});
  if (!parsed.success) return { ok: false, error: { code: 'invalid_payload', message: z.prettifyError(parsed.error).slice(0, 500) } };
  if (!(spec.roles as readonly string[]).includes(sender.role)) {
    return { ok: false, error: { code: 'forbidden', message: `a ${sender.role} may not use ${name}` } };
  }
  // Checked in the lesson's order: an end just before this command refuses it.
  if (sender.ended?.() && name !== 'lesson:sync') return { ok: false, error: { code: 'lesson_ended', message: 'this lesson has ended' } };
  try {
    return { ok: true, data: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorBody(error, sender.log.child({ command: name })) };
  }
}
