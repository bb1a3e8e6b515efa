// The district view (issue #19): districts, their managers' links, and the dashboard's tables.
// Types and constants only: the dashboard's page imports this module, so no zod here (the
// requests' schemas are in districtSchemas.ts, for the server).
//
// Routes (all JSON unless said; `Authorization: Bearer <admin token | manager link token>`):
//   GET    /api/districts                              admin: all; manager: its own        → DistrictList
//   POST   /api/districts              { name }         admin                               → District (201)
//   PATCH  /api/districts/:id          { name }         admin                               → District
//   PUT    /api/schools/:id/district   { districtId }   admin (districtId null: none)       → 204
//   GET    /api/districts/:id/manager-link              admin                               → ManagerLink
//   POST   /api/districts/:id/manager-link/revoke       admin (old link refused: 401)       → ManagerLink
//   GET    /api/dashboard/me                            who is asking (admin, or a manager and its district) → DashboardCaller
//   GET    /api/dashboard/filters                       the subjects, teachers, districts and schools to filter by → DashboardFilters
//   GET    /api/dashboard/overview?<filter>             → DashboardOverview
//   GET    /api/dashboard/schools/:id?<filter>          → SchoolDashboard (drill-down: classrooms)
//   GET    /api/dashboard/classrooms/:id?<filter>       → ClassroomDashboard (drill-down: lessons)
//   GET    /api/dashboard/questions?<filter>            → QuestionDashboard (quiz correct rate per question)
//   GET    /api/dashboard/lessons/:id/report[?format=csv&lang=zh-CN]
//          the lesson report (LessonReport, or its CSV), a manager's cut to its district's classrooms
//   GET    /api/dashboard/export/:table?<filter>&format=csv|xlsx&lang=en|zh-CN
//          a table of the above as a file (CSV: UTF-8 with BOM, formula-safe; Excel: .xlsx)
// <filter> (every field optional): from, to (YYYY-MM-DD, the lesson's local date, inclusive),
// subject, teacherId, districtId, schoolId; export/:table also classroomId (the lessons table).
// A manager's requests are always limited to its district (another districtId or school: 403);
// any write by a manager link is 403. Weekly lessons and ad-hoc lessons take an optional
// `subject` (POST/PUT /api/weekly-lessons, POST /api/lessons).
//
// Units: the classroom, never a pupil. Counts are of classroom-lessons (one classroom in one
// lesson); minutes are rounded to one decimal; a rate is 0…1, or null when nothing was counted.

/** A district and the schools in it. */
export interface District {
  id: string;
  name: string;
  schools: { id: string; name: string }[];
}

/** `GET /api/districts` answer. */
export interface DistrictList {
  districts: District[];
}

/** `GET /api/districts/:id/manager-link` (and revoke) answer: the district manager's permanent, read-only link. */
export interface ManagerLink {
  districtId: string;
  /** The dashboard page with the link's token: `${PUBLIC_URL}/district?token=…`. */
  managerUrl: string;
}

/** The dashboard's tables, each downloadable: `GET /api/dashboard/export/:table`. */
export const DASHBOARD_TABLES = ['districts', 'schools', 'classrooms', 'lessons', 'weeks', 'questions'] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

export const DASHBOARD_FORMATS = ['csv', 'xlsx'] as const;
export type DashboardFormat = (typeof DASHBOARD_FORMATS)[number];

/** Languages of exported headers (same as the lesson report's CSV). */
export const DASHBOARD_LANGUAGES = ['en', 'zh-CN'] as const;
export type DashboardLanguage = (typeof DASHBOARD_LANGUAGES)[number];

/** What the dashboard's requests are narrowed to (query parameters; all optional). */
export interface DashboardFilter {
  /** First and last local date of the lessons counted, `YYYY-MM-DD`, inclusive. */
  from?: string;
  to?: string;
  subject?: string;
  teacherId?: string;
  districtId?: string;
  schoolId?: string;
}

/** The export's query: a filter and, for the lessons table, the classroom. */
export interface DashboardExportQuery extends DashboardFilter {
  format?: DashboardFormat;
  lang?: DashboardLanguage;
  /** The `lessons` table: which classroom's (or, with schoolId only, which school's) lessons. */
  classroomId?: string;
}

/** What classrooms did in lessons, summed: over a set of classroom-lessons, or for one. */
export interface ClassroomCounts {
  /** Time any screen of the classroom was connected (the lesson report's "present"). */
  minutesPresent: number;
  handsRaised: number;
  /** Times a classroom was put on stage (invited and on air). */
  stageTurns: number;
  /** Questions put to the classrooms that attended (a question × a classroom present). */
  quizAsked: number;
  quizAnswered: number;
  /** Answers to questions with a correct answer set (collective answers). */
  quizJudged: number;
  quizCorrect: number;
  /** The projector's link, from its quality samples (aggregated when the lesson ended). */
  linkGoodMinutes: number;
  linkFairMinutes: number;
  linkPoorMinutes: number;
  /** Minutes the projector received no teacher video (sound only). */
  soundOnlyMinutes: number;
  /** Projector connections after the first (the lesson report's connections − 1). */
  reconnects: number;
  /** Replays of a missed lesson watched (the replay records, once wired: 0 until then). */
  replaysTaken: number;
}

/** The figures of any set of classroom-lessons (a district, a school, a classroom, a week…). */
export interface DashboardFigures extends ClassroomCounts {
  /** Classroom-lessons on the timetable in the range (held or not; cancelled weeks not counted). */
  scheduled: number;
  /** Of those, how many the classroom attended (any of its screens connected). */
  attended: number;
  /** attended / scheduled. */
  attendanceRate: number | null;
  /** First joined more than DASHBOARD_LATE_MINUTES after the lesson started. */
  lateJoins: number;
  /** Last left more than DASHBOARD_LATE_MINUTES before the lesson ended (or was ended). */
  earlyLeaves: number;
  /** quizAnswered / quizAsked. */
  quizAnswerRate: number | null;
  /** quizCorrect / quizJudged. */
  quizCorrectRate: number | null;
  /** Morning network checks of the classrooms in the range, and how many graded poor. */
  morningChecks: number;
  morningChecksPoor: number;
}

/** A district's row of the overview. */
export interface DistrictRow extends DashboardFigures {
  districtId: string | null;
  /** '' for the schools in no district. */
  name: string;
  schools: number;
}

/** A school needs attention below this attendance rate… */
export const ATTENTION_ATTENDANCE_BELOW = 0.8;
/** …or above this share of its projectors' link minutes graded poor. */
export const ATTENTION_POOR_LINK_ABOVE = 0.1;

/** A school's row (the overview's, most in need of attention first). */
export interface SchoolRow extends DashboardFigures {
  schoolId: string;
  name: string;
  districtId: string | null;
  districtName: string;
  classrooms: number;
  /**
   * Why it is near the top, if it is: attendance below ATTENTION_ATTENDANCE_BELOW, poor link
   * minutes above ATTENTION_POOR_LINK_ABOVE of its link minutes (both: both).
   */
  attention: ('attendance' | 'link')[];
}

/** A classroom's row (a school's drill-down). */
export interface ClassroomRow extends DashboardFigures {
  classroomId: string;
  name: string;
  schoolId: string;
  schoolName: string;
}

/** One ISO week (Monday's date) of a trend. */
export interface WeekRow extends DashboardFigures {
  week: string;
}

/** One classroom-lesson (a classroom's drill-down), with its lesson report. */
export interface LessonRow extends ClassroomCounts {
  /** Null: the lesson was scheduled but never opened (nobody attended). */
  lessonId: string | null;
  weeklyLessonId: string | null;
  title: string;
  subject: string | null;
  teacherName: string;
  /** The local date it took place (or was due) on. */
  date: string;
  startsAt: string;
  endsAt: string;
  scheduled: boolean;
  attended: boolean;
  /** The classroom was removed from the lesson while it was on. */
  removed: boolean;
  lateJoin: boolean;
  earlyLeave: boolean;
  /**
   * The lesson report's page (`/report?lesson=…`) and the report as the dashboard's reader may
   * see it (`/api/dashboard/lessons/:id/report`: a manager, its district's classrooms only);
   * null for a lesson never opened.
   */
  reportUrl: string | null;
  reportApi: string | null;
  /** The lesson's correct rate over its classrooms in this classroom's district (null: none judged, or no district). */
  districtCorrectRate: number | null;
}

/** A question asked: how the classrooms answered, against the district's and everyone's. */
export interface QuestionRow {
  questionId: string;
  lessonId: string;
  lessonTitle: string;
  subject: string | null;
  date: string;
  position: number;
  prompt: string;
  /** Classrooms (in the filter) that answered / were asked. */
  asked: number;
  answered: number;
  judged: number;
  correct: number;
  correctRate: number | null;
  /** The same question over the whole district of the filter (or of the manager), null without one. */
  districtCorrectRate: number | null;
  /** Over every classroom it was asked of. */
  allCorrectRate: number | null;
}

/** `GET /api/dashboard/filters` answer: what the filters offer (the caller's district only, for a manager). */
export interface DashboardFilters {
  subjects: string[];
  teachers: { id: string; name: string }[];
  districts: { id: string; name: string }[];
  schools: { id: string; name: string; districtId: string | null }[];
  /** First and last date with a classroom-lesson on record, null when none. */
  firstDate: string | null;
  lastDate: string | null;
}

/** `GET /api/dashboard/overview` answer. */
export interface DashboardOverview {
  filter: DashboardFilter;
  totals: DashboardFigures;
  districts: DistrictRow[];
  /**
   * Attention first: schools with both reasons, then one, each by attendance rate (lowest first)
   * and share of poor link minutes (highest first); then the others by name.
   */
  schools: SchoolRow[];
  weeks: WeekRow[];
}

/** `GET /api/dashboard/schools/:id` answer. */
export interface SchoolDashboard {
  filter: DashboardFilter;
  school: { id: string; name: string; districtId: string | null; districtName: string };
  totals: DashboardFigures;
  /** The school's district over the same filter (without the school filter), to compare. */
  district: DashboardFigures | null;
  classrooms: ClassroomRow[];
  weeks: WeekRow[];
}

/** `GET /api/dashboard/classrooms/:id` answer. */
export interface ClassroomDashboard {
  filter: DashboardFilter;
  classroom: { id: string; name: string; schoolId: string; schoolName: string; districtId: string | null };
  totals: DashboardFigures;
  district: DashboardFigures | null;
  /** Newest first. */
  lessons: LessonRow[];
  weeks: WeekRow[];
}

/** `GET /api/dashboard/questions` answer: newest lesson first, then by position. */
export interface QuestionDashboard {
  filter: DashboardFilter;
  questions: QuestionRow[];
}

/** `GET /api/dashboard/me` answer: who the dashboard's caller is. */
export interface DashboardCaller {
  kind: 'admin' | 'manager';
  /** A manager's district. */
  district: { id: string; name: string } | null;
}
