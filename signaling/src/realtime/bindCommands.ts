import { z } from 'zod';
import { commands, type Ack, type CommandName } from '@classroom/shared';
import { toErrorBody } from './errors.ts';
import { linkOf } from './links.ts';
import type { Limiter } from './rateLimit.ts';
import type { ClassroomSocket, CommandHandlers, Session } from './types.ts';

type Answer = (answer: Ack<unknown>) => void;
type LooseSocket = { on(event: string, listener: (...args: unknown[]) => void): void };

/**
 * Binds every command of the protocol on a socket through one path: charge the link's budget,
 * parse the payload with its schema, check the sender's role, run the handler, answer exactly
 * once. Bad input gets an error answer and changes nothing; a command sent without an ack
 * callback is ignored (nothing could tell the sender what happened).
 *
 * Handlers run in their lesson's order (Lesson.serially), one at a time, except the `unordered`
 * ones: media commands, which wait on the worker and write no records, run side by side.
 */
export function bindCommands(
  socket: ClassroomSocket, session: Session, handlers: CommandHandlers, unordered: ReadonlySet<CommandName>, limit: Limiter,
): void {
  const link = linkOf(session.claims);
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
      const command = () => run(socket, session, handlers, name, args.length > 1 ? args[0] : undefined, answer as Answer);
      void (unordered.has(name) ? command() : session.lesson.serially(() => {
        // Its connection closed while it waited for its turn: nobody would hear the answer, and
        // a hand raised now by a classroom already gone would stay up.
        if (socket.connected) return command();
      }));
    });
  }
}

async function run(socket: ClassroomSocket, session: Session, handlers: CommandHandlers, name: CommandName, payload: unknown, answer: Answer): Promise<void> {
  const spec = commands[name];
  const parsed = spec.request.safeParse(payload ?? {});
  if (!parsed.success) {
    answer({ ok: false, error: { code: 'invalid_payload', message: z.prettifyError(parsed.error).slice(0, 500) } });
    return;
  }
  if (!(spec.roles as readonly string[]).includes(session.claims.role)) {
    answer({ ok: false, error: { code: 'forbidden', message: `a ${session.claims.role} may not use ${name}` } });
    return;
  }
  // Checked in the lesson's order: an end just before this command refuses it.
  if (session.lesson.phase === 'ended' && name !== 'lesson:sync') {
    answer({ ok: false, error: { code: 'lesson_ended', message: 'this lesson has ended' } });
    return;
  }
  try {
    const handler = handlers[name] as (context: unknown, payload: unknown) => unknown;
    const data = await handler({ session, socket }, parsed.data);
    answer({ ok: true, data });
  } catch (error) {
    answer({ ok: false, error: toErrorBody(error, session.log.child({ command: name })) });
  }
}
