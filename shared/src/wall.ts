import { z } from 'zod';
import { idSchema } from './ids.ts';

// The classroom wall: the teacher sees the connected classrooms in small silent tiles. A
// projector sends its class's picture (source `wall`) only while the teacher looks at its tile,
// so that a school's scarce uplink carries nothing for pictures nobody is looking at.

/** The most tiles one page of the wall shows (and so the most classrooms asked to send at once). */
export const WALL_MAX_TILES = 25;

/**
 * How the teacher sees a classroom on the wall now. none: not at all (its projector sends no
 * picture); tile: a small tile (the lowest layer, ~180p at a few frames/s); spotlight: large (the
 * ~360p layer too).
 */
export const WALL_VIEWS = ['none', 'tile', 'spotlight'] as const;
export type WallView = (typeof WALL_VIEWS)[number];

/**
 * `wall:view`: the classrooms whose tiles the teacher's screen shows now (the page on screen,
 * nothing while the wall is closed or the tab hidden) and the one spotlighted, if any. The
 * server derives from it which projectors send; the teacher's page consumes only these.
 */
export const wallViewRequest = z.strictObject({
  visible: z.array(idSchema).max(WALL_MAX_TILES),
  spotlight: idSchema.nullable().default(null),
}).refine((r) => r.spotlight === null || r.visible.includes(r.spotlight), {
  message: 'the spotlighted classroom must be one of the visible tiles',
  path: ['spotlight'],
});

/** A still picture's size bound: a 320×180 JPEG of a classroom is 6–15 kB. */
export const WALL_STILL_MAX_BYTES = 24_000;
/** The closest two still pictures of one classroom may follow each other. */
export const WALL_STILL_MIN_INTERVAL_MS = 2_000;

/**
 * `wall:postStill`: a projector whose uplink cannot carry even the tile layer sends a small JPEG
 * of its class every few seconds over its socket instead, only while the teacher looks at its
 * tile. Passed on to the teacher, never stored.
 */
export const wallStillRequest = z.strictObject({
  jpeg: z.base64().max(Math.ceil(WALL_STILL_MAX_BYTES / 3) * 4).refine((b) => b.startsWith('/9j/'), 'must be a JPEG'),
});

/** To the teacher: a classroom's latest still picture (base64 JPEG), taken at the server's `at`. */
export interface WallStill {
  classroomId: string;
  jpeg: string;
  at: number;
}

/**
 * `classroom:setWallPicture`: the classroom's assistant turns its class picture for the teacher's
 * wall off (or back on). Off wins over the teacher: its projector sends nothing for the wall.
 */
export const setWallPictureRequest = z.strictObject({ classroomId: idSchema.optional(), off: z.boolean() });
