import { stringify } from 'csv-stringify/sync';
import type { LessonReport, ReportCsvLanguage, Submission } from '@classroom/shared';
import { REPORT_CSV_LABELS } from './reportCsvLabels.ts';

/**
 * The report as one CSV file for a spreadsheet: a section per table, each with its own header
 * row (in `language`), separated by an empty line. A BOM so that Excel reads Chinese as UTF-8.
 *
 * Names, prompts and options are typed by teachers and admins: a text cell that starts with
 * = + - @, a tab or a carriage return would be run as a formula when the file is opened
 * (CSV injection, e.g. =HYPERLINK(…) or a DDE command), so csv-stringify prefixes it with ',
 * which spreadsheets show as text. It leaves JavaScript numbers alone: numeric columns stay
 * numbers here so that they stay numbers in the spreadsheet. The JSON report keeps the raw text.
 */
export function reportCsv(report: LessonReport, language: ReportCsvLanguage = 'en'): string {
  const labels = REPORT_CSV_LABELS[language];
  // Explicit both ways: an empty cell is left only where there is nothing to judge (a poll, a tally).
  const judged = (value: boolean | null) => value === null ? '' : value ? labels.yes : labels.no;
  const sections: unknown[][][] = [
    [
      labels.lesson,
      [report.lesson.id, report.lesson.title, report.lesson.phase, report.lesson.endedReason ?? '', report.lesson.createdAt, report.generatedAt],
    ],
    [
      labels.attendance,
      ...report.attendance.map((a) => [a.name, judged(a.removed), a.firstJoinedAt ?? '', a.lastLeftAt ?? '', minutes(a.presentSeconds), minutes(a.projectorSeconds), a.projectorConnections]),
    ],
    [
      labels.quiz,
      ...report.quizzes.flatMap(({ question, results, correctness, replays }) => {
        const row = (s: Submission, correct: boolean | null, correctPupils: number | null | undefined, taken: string, replayedAt: string) => {
          const answer = s.answer.mode === 'collective'
            ? s.answer.choices.map((i) => question.options[i]).join(' | ')
            : s.answer.counts.map((n, i) => `${question.options[i]}: ${n}`).join(' | ');
          return [question.position + 1, question.prompt, question.kind, question.answerMode, s.classroomName, answer,
            s.answer.mode === 'tally' ? s.answer.present : '', judged(correct), correctPupils ?? '', taken, replayedAt];
        };
        return [
          ...results.submissions.map((s) => {
            const mark = correctness.find((c) => c.classroomId === s.classroomId);
            return row(s, mark?.correct ?? null, mark?.correctPupils, labels.live, '');
          }),
          ...replays.map((r) => row(r.submission, r.correct, r.correctPupils, labels.replay, r.replayedAt)),
        ];
      }),
    ],
    [
      labels.quality,
      ...report.quality.map((q) => [q.name, q.samples, q.avgRttMs ?? '', q.avgLossPercent, q.avgBitrateKbps, q.avgFrameHeight]),
    ],
  ];
  return csvFile(sections);
}

/**
 * Sections of rows as one CSV file: UTF-8 with a BOM (Excel reads Chinese right), formula-safe
 * (see reportCsv), an empty line between sections. Also the district view's tables.
 */
export function csvFile(sections: readonly unknown[][][]): string {
  return '\uFEFF' + sections.map((rows) => stringify(rows, { escape_formulas: true })).join('\n');
}

/** Minutes to one decimal, as a number (a string would be neutralised as text if it were negative). */
function minutes(seconds: number): number {
  return Math.round(seconds / 6) / 10;
}
