import { z } from 'zod';
import type { Namespace, Server, Socket } from 'socket.io';
import {
  ClassroomError, REPLAY_NAMESPACE, replayCommands,
  type Ack, type ReplayClientToServerEvents, type ReplayCommandName, type ReplayCommandPayload, type ReplayServerToClientEvents, type ReplayState, type Role,
} from '@classroom/shared';
import type { TokenService } from '../auth/tokens.ts';
import type { LessonStores } from '../db/Database.ts';
import type { RecordingViewer } from '../db/RecordingStore.ts';
import type { ReplayClassroom } from '../db/ReplayStore.ts';
import type { Logger } from '../logger.ts';
import { toErrorBody } from '../realtime/errors.ts';
import type { Limiter } from '../realtime/rateLimit.ts';
import { loadReplayScript } from './replayScript.ts';
import { ReplaySession } from './ReplaySession.ts';

/** Who a replay connection speaks for: its role, and the classroom it replays in (a teacher has none). */
interface Viewer {
  role: Role;
  classroom: ReplayClassroom | null;
  log: Logger;
}

type ReplaySocket = Socket<ReplayClientToServerEvents, ReplayServerToClientEvents, Record<string, never>, { viewer?: Viewer }>;
type ReplayNamespace = Namespace<ReplayClientToServerEvents, ReplayServerToClientEvents, Record<string, never>, { viewer?: Viewer }>;
type Handler<K extends ReplayCommandName> = (viewer: Viewer & { classroom: ReplayClassroom }, payload: ReplayCommandPayload<K>) => Promise<void> | void;

export interface ReplayDeps {
  stores: Pick<LessonStores, 'recordings' | 'quiz' | 'timeline' | 'replays'>;
  tokens: TokenService;
  limit: Limiter;
  log: Logger;
  /** A classroom opened a lesson's recording (the district view counts replays). */
  opened?(lessonId: string): void;
}

/** The room, and the key of the replay, of one classroom. */
function keyOf(classroom: ReplayClassroom): string {
  return classroom.kind === 'lasting' ? `replay:lasting:${classroom.id}` : `replay:lesson:${classroom.lessonId}:${classroom.id}`;
}

/**
 * The `/replay` namespace: a classroom's projector and assistant share one replay held here (see
 * ReplaySession). Admitted with a classroom's permanent link or a lesson's link; every command
 * is parsed, checked against the sender's role and classroom, answered with the replay as it is
 * then, and the change is sent to the classroom's other screens. One process holds the replays:
 * in a cluster, a classroom's two screens must reach the same node (see README).
 */
export function bindReplays(io: Pick<Server, 'of'>, deps: ReplayDeps): { close(): void } {
  const { stores, tokens, log } = deps;
  // Socket.IO types a namespace with its server's events; this one has events of its own.
  const nsp = io.of(REPLAY_NAMESPACE) as unknown as ReplayNamespace;
  const sessions = new Map<string, ReplaySession>();

  nsp.use(async (socket: ReplaySocket, next) => {
    try {
      const link = await tokens.verifyLink((socket.handshake.auth as { token?: unknown } | undefined)?.token);
      let viewer: Viewer;
      if (link.kind === 'standing') {
        const classroom: ReplayClassroom | null = link.link.kind === 'classroom' ? { kind: 'lasting', id: link.link.classroomId } : null;
        viewer = { role: link.link.role, classroom, log: log.child({ replay: classroom?.id ?? null, role: link.link.role }) };
      } else {
        const { claims } = link;
        const classroom: ReplayClassroom | null = claims.classroomId === null ? null : { kind: 'lesson', lessonId: claims.lessonId, id: claims.classroomId };
        viewer = { role: claims.role, classroom, log: log.child({ replay: claims.classroomId, role: claims.role }) };
      }
      socket.data.viewer = viewer;
      next();
    } catch (error) {
      const body = toErrorBody(error, log);
      next(Object.assign(new Error(body.code), { data: body }));
    }
  });

  const changed = (key: string, session: ReplaySession | undefined): void => {
    nsp.to(key).emit('replay:changed', { replay: session?.state() ?? null });
  };

  async function open(classroom: ReplayClassroom, lessonId: string): Promise<void> {
    const viewer: RecordingViewer = classroom.kind === 'lasting' ? { kind: 'classroom', classroomId: classroom.id } : { kind: 'lesson', lessonId: classroom.lessonId };
    const script = await loadReplayScript(stores, viewer, lessonId);
    const name = await stores.replays.classroomName(classroom);
    if (name === undefined) throw new ClassroomError('forbidden', 'this classroom is no longer part of that lesson');
    const record = await stores.replays.start(lessonId, classroom.id, name);
    deps.opened?.(lessonId);
    const key = keyOf(classroom);
    sessions.get(key)?.close();
    const session = new ReplaySession(record.id, script, {
      answer: (questionId, answer) => stores.replays.answer(record.id, questionId, answer),
      finished: () => void stores.replays.finish(record.id).catch((err: unknown) => log.error({ err, replayId: record.id }, 'replay end not stored')),
    });
    session.on('changed', () => changed(key, session));
    sessions.set(key, session);
    changed(key, session);
    log.info({ lessonId, replayId: record.id, classroom: classroom.id }, 'replay opened');
  }

  const session = (classroom: ReplayClassroom): ReplaySession => {
    const found = sessions.get(keyOf(classroom));
    if (!found) throw new ClassroomError('not_found', 'no replay is open in this classroom');
    return found;
  };

  const handlers: { [K in ReplayCommandName]: Handler<K> } = {
    'replay:sync': () => {},
    'replay:open': ({ classroom }, { lessonId }) => open(classroom, lessonId),
    'replay:play': ({ classroom }) => session(classroom).play(),
    'replay:pause': ({ classroom }) => session(classroom).pause(),
    'replay:seek': ({ classroom }, { positionMs }) => session(classroom).seek(positionMs),
    'replay:answer': ({ classroom }, { questionId, answer }) => session(classroom).answer(questionId, answer),
    'replay:reveal': ({ classroom }) => session(classroom).reveal(),
    'replay:close': ({ classroom }) => {
      const key = keyOf(classroom);
      sessions.get(key)?.close();
      sessions.delete(key);
      changed(key, undefined);
    },
  };

  async function run(viewer: Viewer, name: ReplayCommandName, payload: unknown): Promise<Ack<ReplayState | null>> {
    const spec = replayCommands[name];
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'invalid_payload', message: z.prettifyError(parsed.error).slice(0, 500) } };
    const { classroom } = viewer;
    if (!(spec.roles as readonly string[]).includes(viewer.role) || classroom === null) {
      return { ok: false, error: { code: 'forbidden', message: `a ${viewer.role} may not use ${name}` } };
    }
    try {
      await (handlers[name] as Handler<ReplayCommandName>)({ ...viewer, classroom }, parsed.data as never);
      return { ok: true, data: sessions.get(keyOf(classroom))?.state() ?? null };
    } catch (error) {
      return { ok: false, error: toErrorBody(error, viewer.log.child({ command: name })) };
    }
  }

  nsp.on('connection', (socket: ReplaySocket) => {
    const viewer = socket.data.viewer!;
    if (viewer.classroom) void socket.join(keyOf(viewer.classroom));
    const limitKey = `replay/${viewer.role}/${viewer.classroom ? keyOf(viewer.classroom) : socket.id}`;
    const loose = socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void };
    socket.use(([event, ...args], next) => {
      const reply = args.at(-1);
      const answer = typeof reply === 'function' ? (reply as (a: Ack<null>) => void) : () => {};
      void deps.limit(limitKey).then((waitMs) => {
        if (waitMs > 0) return answer({ ok: false, error: { code: 'rate_limited', message: 'too many requests: slow down' } });
        if (!Object.hasOwn(replayCommands, event)) return answer({ ok: false, error: { code: 'unknown_command', message: 'unknown command' } });
        next();
      });
    });
    for (const name of Object.keys(replayCommands) as ReplayCommandName[]) {
      loose.on(name, (...args: unknown[]) => {
        const reply = args.at(-1);
        if (typeof reply !== 'function') return;
        void run(viewer, name, args.length > 1 ? args[0] : undefined).then((ack) => (reply as (a: Ack<unknown>) => void)(ack));
      });
    }
  });

  return {
    close() {
      for (const s of sessions.values()) s.close();
      sessions.clear();
    },
  };
}
