import type { ClassroomStatus } from '@classroom/shared';

/** The largest page the protocol accepts (shared's WALL_MAX_TILES; kept here to keep zod out of the page). */
export const WALL_MAX_TILES = 25;
/** Tiles narrower than this stop showing a room (and its name) readably. */
export const WALL_MIN_TILE_PX = 170;

/**
 * The classrooms the wall shows, in order: those with a raised hand first (first raised first),
 * then the others in the lesson's order. Only classrooms whose projector is connected: a room
 * with no projector has no picture to show.
 */
export function wallOrder(classrooms: readonly ClassroomStatus[]): ClassroomStatus[] {
  const online = classrooms.filter((c) => c.projectorOnline);
  const raised = online.filter((c) => c.hand !== null).sort((a, b) => a.hand!.raisedAt - b.hand!.raisedAt);
  return [...raised, ...online.filter((c) => c.hand === null)];
}

/** A page size that fills the wall's width in rows of tiles no narrower than WALL_MIN_TILE_PX. */
export function autoPageSize(widthPx: number, rows = 3): number {
  const columns = Math.max(1, Math.floor(widthPx / WALL_MIN_TILE_PX));
  return Math.min(WALL_MAX_TILES, Math.max(4, columns * rows));
}

/** One page of the ordered classrooms; the page number wraps (rotation, classrooms leaving). */
export function wallPage<T>(ordered: readonly T[], pageSize: number, page: number): { tiles: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(ordered.length / pageSize));
  const current = ((page % pages) + pages) % pages;
  return { tiles: ordered.slice(current * pageSize, (current + 1) * pageSize), page: current, pages };
}
