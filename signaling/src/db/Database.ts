import type { Logger } from '../logger.ts';
import { SqlClassroomStateStore, type ClassroomStateStore } from './ClassroomStateStore.ts';
import { DashboardStore } from './DashboardStore.ts';
import { SqlDistrictStatsStore, type DistrictStatsStore } from './DistrictStatsStore.ts';
import { WeekRollupStore } from './WeekRollupStore.ts';
import { SqlDistrictStore, type DistrictStore } from './DistrictStore.ts';
import type { Fence } from './fence.ts';
import { SqlLessonStore, type LessonStore } from './LessonStore.ts';
import { SqlMessageStore, type MessageStore } from './MessageStore.ts';
import { SqlNetworkCheckStore, type NetworkCheckStore } from './NetworkCheckStore.ts';
import { openPostgres } from './postgres.ts';
import { SqlQualityStore, type QualityStore } from './QualityStore.ts';
import { SqlQuizStore, type QuizStore } from './QuizStore.ts';
import { SqlRecordingStore, type RecordingStore } from './RecordingStore.ts';
import { SqlReplayStore, type ReplayStore } from './ReplayStore.ts';
import { SqlSchoolStore, type SchoolStore } from './SchoolStore.ts';
import type { SqlDatabase } from './SqlDatabase.ts';
import { openSqlite } from './sqlite.ts';
import { SqlTeacherStore, type TeacherStore } from './TeacherStore.ts';
import { SqlTimelineStore, type TimelineStore } from './TimelineStore.ts';
import { SqlTimetableStore, type TimetableStore } from './TimetableStore.ts';

/** Where the records are kept: the embedded SQLite file (the default), or PostgreSQL (DATABASE_URL). */
export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** Opens the database and brings its schema up to date. */
export async function openDatabase(target: DatabaseTarget, log: Logger): Promise<SqlDatabase> {
  return target.kind === 'postgres' ? openPostgres(target.url, log) : openSqlite(target.file);
}

/** Every store of the records, one per kind. */
export interface LessonStores {
  lessons: LessonStore;
  classroomStates: ClassroomStateStore;
  messages: MessageStore;
  quiz: QuizStore;
  quality: QualityStore;
  schools: SchoolStore;
  districts: DistrictStore;
  districtStats: DistrictStatsStore;
  /** The district view's reads over the aggregates. */
  dashboard: DashboardStore;
  /** The district view's weekly rollup. */
  weekRollup: WeekRollupStore;
  teachers: TeacherStore;
  timetable: TimetableStore;
  networkChecks: NetworkCheckStore;
  timeline: TimelineStore;
  recordings: RecordingStore;
  replays: ReplayStore;
}

export type StoreLimits = { questionsPerLesson: number; messagesPerLesson: number };

/** Cluster mode: which node writes (attendance rows name it), and for a live lesson its fence. */
export interface StoreWriter {
  /** This node's NODE_ID (one server: none). */
  nodeId?: string;
  /** The stores of one live lesson: its writes carry its owner's lease token (fence.ts). */
  fence?: Fence;
}

/** The stores on a database. */
export function createStores(db: SqlDatabase, limits: StoreLimits, writer: StoreWriter = {}): LessonStores {
  const { fence } = writer;
  return {
    lessons: new SqlLessonStore(db, writer),
    classroomStates: new SqlClassroomStateStore(db, fence),
    messages: new SqlMessageStore(db, limits.messagesPerLesson, fence),
    quiz: new SqlQuizStore(db, limits.questionsPerLesson, fence),
    quality: new SqlQualityStore(db, fence),
    schools: new SqlSchoolStore(db),
    districts: new SqlDistrictStore(db),
    districtStats: new SqlDistrictStatsStore(db),
    dashboard: new DashboardStore(db),
    weekRollup: new WeekRollupStore(db),
    teachers: new SqlTeacherStore(db),
    timetable: new SqlTimetableStore(db),
    networkChecks: new SqlNetworkCheckStore(db),
    timeline: new SqlTimelineStore(db, fence),
    recordings: new SqlRecordingStore(db),
    replays: new SqlReplayStore(db),
  };
}
