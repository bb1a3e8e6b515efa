import { z } from 'zod';
import { commands, idSchema, MEDIA_LINK_STATES, MEDIA_SOURCES, roleSchema, VIDEO_CAPS, type CommandName } from '@classroom/shared';

// What an edge node and the node running a lesson say to each other (JSON over the cluster's
// request channel, Cluster.request). Parsed on arrival like any client message: a node that
// runs another version, or a bug, must get a clear refusal, not crash the other.

const claimsSchema = z.object({
  lessonId: idSchema,
  role: roleSchema,
  classroomId: idSchema.nullable(),
  tokenVersion: z.number().int(),
});

const commandNameSchema = z.string().refine((name): name is CommandName => Object.hasOwn(commands, name), 'unknown command');

/** What a classroom's projector receives, as its assistant or the teacher switched it. */
export const receivingSchema = z.object({ audioOnly: z.boolean(), videoCap: z.enum(VIDEO_CAPS) });
export type Receiving = z.infer<typeof receivingSchema>;

/** From an edge node to the node running the lesson, about one of the edge's connections. */
export const toOwnerSchema = z.discriminatedUnion('kind', [
  /** Admit it as the handshake would here; answers its classroom's {@link Receiving}. */
  z.object({ kind: z.literal('edge:join'), connectionId: z.string(), claims: claimsSchema }),
  z.object({ kind: z.literal('edge:leave'), connectionId: z.string(), mediaKept: z.boolean() }),
  /** A lesson command (never a media one), answered with its Ack. */
  z.object({ kind: z.literal('edge:command'), connectionId: z.string(), name: commandNameSchema, payload: z.unknown() }),
  /** What the edge's media needs the lesson to decide, or tells it about a projector's link. */
  z.object({
    kind: z.literal('edge:media'), connectionId: z.string(), event: z.discriminatedUnion('type', [
      z.object({ type: z.literal('mayPublish'), source: z.enum(MEDIA_SOURCES).optional() }),
      z.object({ type: z.literal('produced'), source: z.enum(MEDIA_SOURCES) }),
      z.object({ type: z.literal('mayResume'), label: z.string() }),
      z.object({ type: z.literal('link'), state: z.enum(MEDIA_LINK_STATES) }),
      z.object({ type: z.literal('weak'), weak: z.boolean() }),
      z.object({ type: z.literal('score'), score: z.number().nullable() }),
      z.object({ type: z.literal('closed') }),
    ]),
  }),
]);
export type ToOwner = z.infer<typeof toOwnerSchema>;
export type MediaEvent = Extract<ToOwner, { kind: 'edge:media' }>['event'];

/** From the node running a lesson to one of its edge nodes. */
export const toEdgeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('receiving'), lessonId: idSchema, classroomId: idSchema, receiving: receivingSchema }),
  /** The lesson no longer runs there (lease lost, lesson closed): its classrooms reconnect. */
  z.object({ kind: z.literal('moved'), lessonId: idSchema }),
]);
export type ToEdge = z.infer<typeof toEdgeSchema>;

/** An edge's join: it may make an origin-capable node take a lesson nobody runs (Cluster). */
export function isEdgeJoin(action: unknown): boolean {
  return (action as { kind?: unknown } | null)?.kind === 'edge:join';
}

export function isEdgeAction(action: unknown): boolean {
  const kind = (action as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && kind.startsWith('edge:');
}
