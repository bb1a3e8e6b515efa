import type { DatabaseSync } from 'node:sqlite';
import type { QualityReport } from '@classroom/shared';

export interface QualitySummary {
  classroomId: string;
  samples: number;
  avgRttMs: number | null;
  avgLossPercent: number;
  avgBitrateKbps: number;
  avgFrameHeight: number;
}

/** Connection-quality samples reported by projectors, for the lesson report. */
export class QualityStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  add(lessonId: string, classroomId: string, r: QualityReport, now = Date.now()): void {
    this.#db.prepare(`INSERT INTO quality_samples (lesson_id, classroom_id, at, rtt_ms, loss_percent, jitter_ms, bitrate_kbps, frame_height, fps)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(lessonId, classroomId, now, r.rttMs, r.lossPercent, r.jitterMs, r.bitrateKbps, r.frameHeight, r.framesPerSecond);
  }

  summary(lessonId: string): QualitySummary[] {
    const rows = this.#db.prepare(`SELECT classroom_id, COUNT(*) AS samples, AVG(rtt_ms) AS rtt, AVG(loss_percent) AS loss,
                                          AVG(bitrate_kbps) AS bitrate, AVG(frame_height) AS height
                                   FROM quality_samples WHERE lesson_id = ? GROUP BY classroom_id`).all(lessonId) as
      { classroom_id: string; samples: number; rtt: number | null; loss: number; bitrate: number; height: number }[];
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
