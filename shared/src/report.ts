import { z } from 'zod';
import type { LessonEndReason } from './lesson.ts';
import type { QuestionResults, Question, Submission } from './quiz.ts';

/** `GET /api/lessons/:id/report`: the lesson's records, during or after it. */
export interface LessonReport {
  /** `endedReason`: who ended it (`teacher_away`: it ended by itself), null while it has not. */
  lesson: { id: string; title: string; phase: string; createdAt: string; endedReason: LessonEndReason | null };
  generatedAt: string;
  attendance: AttendanceRow[];
  quizzes: QuizReportRow[];
  quality: QualityRow[];
}

export interface AttendanceRow {
  classroomId: string;
  name: string;
  removed: boolean;
  /** ISO times of the first connection and of the last disconnection (null: still connected or never came). */
  firstJoinedAt: string | null;
  lastLeftAt: string | null;
  /** Time any of its screens (projector or assistant) was connected, overlaps counted once. */
  presentSeconds: number;
  projectorSeconds: number;
  /** How many times its projector connected (reconnects show a weak link). */
  projectorConnections: number;
}

export interface QuizReportRow {
  question: Question;
  results: QuestionResults;
  /** Per classroom: whether its answer was correct (null: no correct answer set, or not a collective answer). */
  correctness: { classroomId: string; correct: boolean | null; correctPupils: number | null }[];
  /** Answers given later, by classrooms that took the recorded lesson on replay (issue #18); oldest first. */
  replays: ReplayAnswerRow[];
}

/** One classroom's answer on a replay: "took it on replay, <replayedAt>". Not counted in `results` (the live ones). */
export interface ReplayAnswerRow {
  replayId: string;
  /** ISO time the replay began. */
  replayedAt: string;
  submission: Submission;
  correct: boolean | null;
  correctPupils: number | null;
}

export interface QualityRow {
  classroomId: string;
  name: string;
  samples: number;
  avgRttMs: number | null;
  avgLossPercent: number;
  avgBitrateKbps: number;
  avgFrameHeight: number;
}

/** Languages of report.csv's header rows and yes/no values; English unless asked. */
export const REPORT_CSV_LANGUAGES = ['en', 'zh-CN'] as const;
export type ReportCsvLanguage = (typeof REPORT_CSV_LANGUAGES)[number];

/** `GET /api/lessons/:id/report.csv` query: `?lang=zh-CN` for Chinese headers. */
export const reportCsvQuery = z.strictObject({
  lang: z.enum(REPORT_CSV_LANGUAGES).default('en'),
});
