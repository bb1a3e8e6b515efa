import type { DashboardFigures, DashboardLanguage, DashboardTable } from '@classroom/shared';

/** How a column's cells are written: text, a number, a rate (0…1, a percentage in Excel), yes/no. */
export type ColumnKind = 'text' | 'number' | 'rate' | 'bool';

export interface Column {
  key: string;
  kind: ColumnKind;
  label: Record<DashboardLanguage, string>;
}

/** A table to export: its columns and its rows (objects keyed by the columns' keys). */
export interface ExportTable {
  name: DashboardTable;
  columns: readonly Column[];
  rows: readonly object[];
}

const col = <K extends string>(key: K, kind: ColumnKind, en: string, zh: string): Column & { key: K } => ({ key, kind, label: { en, 'zh-CN': zh } });

/** The figures' columns, in the dashboard's order (the English labels are column names for scripts). */
const FIGURES: readonly Column[] = [
  col('scheduled', 'number', 'scheduled', '应上课次'),
  col('attended', 'number', 'attended', '实到课次'),
  col('attendanceRate', 'rate', 'attendance_rate', '出勤率'),
  col('minutesPresent', 'number', 'minutes_present', '在线时长（分钟）'),
  col('lateJoins', 'number', 'late_joins', '迟到次数'),
  col('earlyLeaves', 'number', 'early_leaves', '早退次数'),
  col('handsRaised', 'number', 'hands_raised', '举手次数'),
  col('stageTurns', 'number', 'stage_turns', '上台次数'),
  col('quizAsked', 'number', 'quiz_asked', '应答题数'),
  col('quizAnswered', 'number', 'quiz_answered', '已答题数'),
  col('quizAnswerRate', 'rate', 'quiz_answer_rate', '答题率'),
  col('quizJudged', 'number', 'quiz_judged', '可判题数'),
  col('quizCorrect', 'number', 'quiz_correct', '答对题数'),
  col('quizCorrectRate', 'rate', 'quiz_correct_rate', '正确率'),
  col('linkGoodMinutes', 'number', 'link_good_minutes', '网络良好（分钟）'),
  col('linkFairMinutes', 'number', 'link_fair_minutes', '网络一般（分钟）'),
  col('linkPoorMinutes', 'number', 'link_poor_minutes', '网络较差（分钟）'),
  col('soundOnlyMinutes', 'number', 'sound_only_minutes', '仅声音（分钟）'),
  col('reconnects', 'number', 'reconnects', '重连次数'),
  col('replaysTaken', 'number', 'replays_taken', '补看回放次数'),
  col('morningChecks', 'number', 'morning_checks', '晨检次数'),
  col('morningChecksPoor', 'number', 'morning_checks_poor', '晨检较差次数'),
] satisfies readonly (Column & { key: keyof DashboardFigures })[];

/** Each table's columns: what names its rows, then the figures. */
export const TABLE_COLUMNS: Record<DashboardTable, readonly Column[]> = {
  districts: [col('name', 'text', 'district', '学区'), col('schools', 'number', 'schools', '学校数'), ...FIGURES],
  schools: [
    col('name', 'text', 'school', '学校'), col('districtName', 'text', 'district', '学区'), col('classrooms', 'number', 'classrooms', '教室数'),
    col('attention', 'text', 'attention', '需关注'), ...FIGURES,
  ],
  classrooms: [col('schoolName', 'text', 'school', '学校'), col('name', 'text', 'classroom', '教室'), ...FIGURES],
  weeks: [col('week', 'text', 'week', '周（周一）'), ...FIGURES],
  lessons: [
    col('date', 'text', 'date', '日期'), col('startsAt', 'text', 'starts_at', '开始时间'), col('title', 'text', 'title', '课程'),
    col('subject', 'text', 'subject', '学科'), col('teacherName', 'text', 'teacher', '教师'), col('attended', 'bool', 'attended', '出勤'),
    col('removed', 'bool', 'removed', '已移出'), col('minutesPresent', 'number', 'minutes_present', '在线时长（分钟）'),
    col('lateJoin', 'bool', 'late_join', '迟到'), col('earlyLeave', 'bool', 'early_leave', '早退'),
    col('handsRaised', 'number', 'hands_raised', '举手次数'), col('stageTurns', 'number', 'stage_turns', '上台次数'),
    col('quizAsked', 'number', 'quiz_asked', '应答题数'), col('quizAnswered', 'number', 'quiz_answered', '已答题数'),
    col('quizCorrect', 'number', 'quiz_correct', '答对题数'), col('districtCorrectRate', 'rate', 'district_correct_rate', '学区正确率'),
    col('linkGoodMinutes', 'number', 'link_good_minutes', '网络良好（分钟）'),
    col('linkFairMinutes', 'number', 'link_fair_minutes', '网络一般（分钟）'), col('linkPoorMinutes', 'number', 'link_poor_minutes', '网络较差（分钟）'),
    col('soundOnlyMinutes', 'number', 'sound_only_minutes', '仅声音（分钟）'), col('reconnects', 'number', 'reconnects', '重连次数'),
    col('replaysTaken', 'number', 'replays_taken', '补看回放次数'), col('lessonId', 'text', 'lesson', '课程编号'),
  ],
  questions: [
    col('date', 'text', 'date', '日期'), col('lessonTitle', 'text', 'lesson', '课程'), col('subject', 'text', 'subject', '学科'),
    col('position', 'number', 'question', '题号'), col('prompt', 'text', 'prompt', '题目'), col('asked', 'number', 'asked', '应答教室'),
    col('answered', 'number', 'answered', '作答教室'), col('judged', 'number', 'judged', '可判教室'), col('correct', 'number', 'correct', '答对教室'),
    col('correctRate', 'rate', 'correct_rate', '正确率'), col('districtCorrectRate', 'rate', 'district_correct_rate', '学区正确率'),
    col('allCorrectRate', 'rate', 'all_correct_rate', '全部正确率'),
  ],
};

/** Sheet names and file names. */
export const TABLE_TITLES: Record<DashboardTable, Record<DashboardLanguage, string>> = {
  districts: { en: 'districts', 'zh-CN': '学区' },
  schools: { en: 'schools', 'zh-CN': '学校' },
  classrooms: { en: 'classrooms', 'zh-CN': '教室' },
  weeks: { en: 'weeks', 'zh-CN': '每周' },
  lessons: { en: 'lessons', 'zh-CN': '课程' },
  questions: { en: 'questions', 'zh-CN': '题目' },
};

const YES_NO: Record<DashboardLanguage, [string, string]> = { en: ['yes', 'no'], 'zh-CN': ['是', '否'] };
const ATTENTION: Record<DashboardLanguage, Record<string, string>> = {
  en: { attendance: 'attendance', link: 'link' },
  'zh-CN': { attendance: '出勤', link: '网络' },
};

/** A cell's value as written: numbers stay numbers, null is empty, yes/no and lists in the language. */
export function cellValue(column: Column, value: unknown, language: DashboardLanguage): string | number | null {
  if (value === null || value === undefined) return null;
  if (column.kind === 'bool') return YES_NO[language][value ? 0 : 1];
  if (Array.isArray(value)) return value.map((v) => ATTENTION[language][String(v)] ?? String(v)).join(' ');
  if (column.kind === 'number' || column.kind === 'rate') return typeof value === 'number' ? value : Number(value);
  return String(value);
}
