import type { TimelineEvent, TimelineKind } from '@classroom/shared';
import { fencedWrite, type Fence } from './fence.ts';
import type { SqlDatabase } from './SqlDatabase.ts';

/** A recorded lesson's timeline (issue #18): what happened, on the recording's clock. */
export interface TimelineStore {
  add(lessonId: string, event: TimelineEvent): Promise<void>;
  /** Oldest first. */
  ofLesson(lessonId: string): Promise<TimelineEvent[]>;
}

type Row = { at_ms: number; wall_at: number; kind: TimelineKind; detail: string };

/** The timeline store on SQLite or PostgreSQL; with a fence, see fence.ts. */
export class SqlTimelineStore implements TimelineStore {
  readonly #db: SqlDatabase;
  readonly #fence: Fence | undefined;

  constructor(db: SqlDatabase, fence?: Fence) {
    this.#db = db;
    this.#fence = fence;
  }

  async add(lessonId: string, event: TimelineEvent): Promise<void> {
    await fencedWrite(this.#db, this.#fence, (q) => q.run(
      'INSERT INTO lesson_timeline (lesson_id, at_ms, wall_at, kind, detail) VALUES ($1, $2, $3, $4, $5)',
      [lessonId, Math.round(event.atMs), Math.round(event.wallAt), event.kind, JSON.stringify(event.detail)]));
  }

  async ofLesson(lessonId: string): Promise<TimelineEvent[]> {
    const rows = await this.#db.all<Row>('SELECT at_ms, wall_at, kind, detail FROM lesson_timeline WHERE lesson_id = $1 ORDER BY id', [lessonId]);
    return rows.map((r) => ({ atMs: r.at_ms, wallAt: r.wall_at, kind: r.kind, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }
}
