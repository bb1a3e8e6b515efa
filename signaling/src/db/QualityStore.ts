import type { QualityReport } from '@classroom/shared';
import { fencedWrite, type Fence } from './fence.ts';
import type { SqlDatabase } from './SqlDatabase.ts';

export interface QualitySummary {
  classroomId: string;
  samples: number;
  avgRttMs: number | null;
  avgLossPercent: number;
  avgBitrateKbps: number;
  avgFrameHeight: number;
}

/** Connection-quality samples reported by projectors, for the lesson report. */
export interface QualityStore {
  add(lessonId: string, classroomId: string, report: QualityReport, now?: number): Promise<void>;
  summary(lessonId: string): Promise<QualitySummary[]>;
}

/** The quality store on SQLite or PostgreSQL; with a fence, see fence.ts. */
export class SqlQualityStore implements QualityStore {
  readonly #db: SqlDatabase;
  readonly #fence: Fence | undefined;

  constructor(db: SqlDatabase, fence?: Fence) {
    this.#db = db;
    this.#fence = fence;
  }

  async add(lessonId: string, classroomId: string, r: QualityReport, now = Date.now()): Promise<void> {
    await fencedWrite(this.#db, this.#fence, (q) => q.run(`INSERT INTO quality_samples (lesson_id, classroom_id, at, rtt_ms, loss_percent, jitter_ms, bitrate_kbps, frame_height, fps)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [lessonId, classroomId, now, r.rttMs, r.lossPercent, r.jitterMs, r.bitrateKbps, r.frameHeight, r.framesPerSecond]));
  }

  async summary(lessonId: string): Promise<QualitySummary[]> {
    const rows = await this.#db.all<{ classroom_id: string; samples: number; rtt: number | null; loss: number; bitrate: number; height: number }>(
      `SELECT classroom_id, COUNT(*) AS samples, AVG(rtt_ms) AS rtt, AVG(loss_percent) AS loss,
              AVG(bitrate_kbps) AS bitrate, AVG(frame_height) AS height
       FROM quality_samples WHERE lesson_id = $1 GROUP BY classroom_id ORDER BY classroom_id`, [lessonId]);
    const round = (v: number) => Math.round(v * 10) / 10;
    return rows.map((r) => ({
      classroomId: r.classroom_id,
      samples: r.samples,
      avgRttMs: r.rtt === null ? null : round(r.rtt),
      avgLossPercent: round(r.loss),
      avgBitrateKbps: round(r.bitrate),
      avgFrameHeight: Math.round(r.height),
    }));
  }
}
