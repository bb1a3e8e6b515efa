import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { LessonReport, Question, QuestionDraftInput, QuestionResults } from '@classroom/shared';
import {
  join, nextEvent, ok, publishTeacher, send, sendRaw, tokenOf, waitFor, type TestSocket, useTestServer,
} from './harness.ts';

const testServer = useTestServer();
const connect = testServer.connect;

const CAPITAL: QuestionDraftInput = { kind: 'single', prompt: 'Capital of France?', options: ['Berlin', 'Paris', 'Rome'], correct: [1] };

async function api(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const res = await fetch(`${testServer.server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? testServer.server.app.adminToken}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** report.csv parsed back into rows of cells, every section's rows in order (blank lines dropped). */
async function reportCells(lessonId: string, query = ''): Promise<string[][]> {
  const csv = await api(`/api/lessons/${lessonId}/report.csv${query}`);
  if (csv.status !== 200) throw new Error(`report.csv: ${csv.status} ${csv.text}`);
  return parse(csv.text, { bom: true, relax_column_count: true, skip_empty_lines: true });
}

async function classWithQuiz() {
  const lesson = await testServer.server.createLesson(['Hill', 'River', 'Lake']);
  const teacher = await connect(lesson.teacherUrl);
  const hill = await connect(lesson.classrooms[0]!.assistantUrl);
  const river = await connect(lesson.classrooms[1]!.assistantUrl);
  const projector = await connect(lesson.classrooms[2]!.projectorUrl);
  return { lesson, teacher, hill, river, projector };
}

describe('preparing questions', () => {
  it('creates questions over REST (admin or the lesson teacher) and refuses bad ones with the reason', async () => {
    const lesson = await testServer.server.createLesson(['Hill']);
    const created = await api(`/api/lessons/${lesson.id}/questions`, { method: 'POST', body: CAPITAL });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.text)).toMatchObject({ kind: 'single', state: 'draft', position: 0, options: ['Berlin', 'Paris', 'Rome'], correct: [1], answerMode: 'collective' });
    const teacherToken = tokenOf(lesson.teacherUrl);
    expect((await api(`/api/lessons/${lesson.id}/questions`, { method: 'POST', token: teacherToken, body: { kind: 'true_false', prompt: 'The sun is a star', correct: [0] } })).status).toBe(201);
    const list = JSON.parse((await api(`/api/lessons/${lesson.id}/questions`, { token: teacherToken })).text) as Question[];
    expect(list.map((q) => [q.position, q.kind, q.options])).toEqual([[0, 'single', ['Berlin', 'Paris', 'Rome']], [1, 'true_false', ['true', 'false']]]);

    for (const [body, reason] of [
      [{ kind: 'single', prompt: 'x', options: ['only one'] }, 'options: needs at least 2 options'],
      [{ kind: 'single', prompt: 'x', options: ['a', 'b'], correct: [2] }, 'correct: names an option that does not exist'],
      [{ kind: 'single', prompt: 'x', options: ['a', 'b'], correct: [0, 1] }, 'correct: a single-answer question has one correct option'],
      [{ kind: 'true_false', prompt: 'x', options: ['yes', 'no'] }, 'options: a true/false question has no options of its own'],
      [{ kind: 'essay', prompt: 'x' }, 'kind'],
      [{ kind: 'single', prompt: '   ', options: ['a', 'b'] }, 'prompt: must not be empty'],
      [{ kind: 'single', prompt: 'x', options: ['a', 'b'], timeLimitSeconds: 1 }, 'timeLimitSeconds'],
    ] as const) {
      const answer = await api(`/api/lessons/${lesson.id}/questions`, { method: 'POST', body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.text).toContain(reason);
    }
    const other = await testServer.server.createLesson(['Elsewhere']);
    expect((await api(`/api/lessons/${other.id}/questions`, { token: teacherToken })).status).toBe(403);
    expect((await api(`/api/lessons/nosuchlesson0000/questions`)).status).toBe(404);
    expect((await api(`/api/lessons/${lesson.id}/questions`, { token: 'nonsense' })).status).toBe(401);
  });

  it('lets the teacher edit, reorder and delete drafts, but not a launched question', async () => {
    const { teacher } = await classWithQuiz();
    const first = await ok(teacher, 'quiz:create', { question: CAPITAL });
    const second = await ok(teacher, 'quiz:create', { question: { kind: 'true_false', prompt: 'Water boils at 100 °C at sea level', correct: [0] } });
    const edited = await ok(teacher, 'quiz:update', { questionId: first.id, question: { ...CAPITAL, prompt: 'Capital of Italy?', correct: [2] } });
    expect(edited).toMatchObject({ prompt: 'Capital of Italy?', correct: [2] });
    expect(await ok(teacher, 'quiz:reorder', { order: [second.id, first.id] })).toEqual({ order: [second.id, first.id] });
    expect(await send(teacher, 'quiz:reorder', { order: [first.id] })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    await ok(teacher, 'quiz:launch', { questionId: second.id });
    expect(await send(teacher, 'quiz:update', { questionId: second.id, question: CAPITAL })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await send(teacher, 'quiz:delete', { questionId: second.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await send(teacher, 'quiz:launch', { questionId: first.id })).toMatchObject({ ok: false, error: { code: 'conflict', message: 'close the open question first' } });
    expect(await ok(teacher, 'quiz:delete', { questionId: first.id })).toEqual({ questionId: first.id });
    // Positions close up after a deletion.
    const third = await ok(teacher, 'quiz:create', { question: CAPITAL });
    const fourth = await ok(teacher, 'quiz:create', { question: CAPITAL });
    await ok(teacher, 'quiz:delete', { questionId: third.id });
    const { quiz } = await ok(teacher, 'lesson:sync', {});
    expect(quiz.questions.map((q) => [q.id, q.position])).toEqual([[second.id, 0], [fourth.id, 1]]);
  });
});

describe('running a question', () => {
  it('collects collective answers, lets them change until closed, and reveals the results to every projector', async () => {
    const { lesson, teacher, hill, river, projector } = await classWithQuiz();
    const question = await ok(teacher, 'quiz:create', { question: { ...CAPITAL, timeLimitSeconds: 60 } });
    const onProjector = nextEvent(projector, 'quiz:questionChanged', (e) => e.question.state === 'open');
    await ok(teacher, 'quiz:launch', { questionId: question.id });
    const shown = (await onProjector).question;
    expect(shown).toMatchObject({ prompt: 'Capital of France?', correct: null, state: 'open' });
    expect(shown.closesAt! - shown.openedAt!).toBe(60_000);

    const live: QuestionResults[] = [];
    teacher.on('quiz:results', (r) => live.push(r));
    await ok(hill, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [0] } });
    const changed = await ok(hill, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [1] } });
    expect(changed).toMatchObject({ classroomName: 'Hill', revisions: 1 });
    expect(await send(hill, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [1] } }))
      .toMatchObject({ ok: false, error: { code: 'duplicate' } });
    await ok(river, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [1] } });
    await waitFor(() => live.length >= 3);
    expect(live.at(-1)).toMatchObject({ counts: [0, 2, 0], total: 2, missing: [{ name: 'Lake' }] });

    await ok(teacher, 'quiz:close', { questionId: question.id });
    expect(await send(river, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [0] } }))
      .toMatchObject({ ok: false, error: { code: 'question_closed' } });
    // Classrooms get totals (never each other's answers) and the correct answer when revealed.
    const revealedResults = nextEvent(projector, 'quiz:results');
    const revealedQuestion = nextEvent(projector, 'quiz:questionChanged', (e) => e.question.state === 'revealed');
    await ok(teacher, 'quiz:reveal', { questionId: question.id });
    expect(await revealedResults).toMatchObject({ counts: [0, 2, 0], total: 2, submissions: [], missing: [] });
    expect((await revealedQuestion).question.correct).toEqual([1]);
    const synced = await ok(hill, 'lesson:sync', {});
    expect(synced.quiz).toMatchObject({ current: { id: question.id, state: 'revealed' }, ownAnswer: { answer: { choices: [1] } }, questions: [] });

    const report = JSON.parse((await api(`/api/lessons/${lesson.id}/report`)).text) as LessonReport;
    expect(report.quizzes).toHaveLength(1);
    expect(report.quizzes[0]!.correctness.map((c) => c.correct)).toEqual([true, true]);
  });

  it('takes tallies of pupils and checks them against the pupils present', async () => {
    const { teacher, hill, river } = await classWithQuiz();
    const question = await ok(teacher, 'quiz:create', { question: { kind: 'true_false', prompt: 'Is 7 prime?', correct: [0], answerMode: 'tally' } });
    await ok(teacher, 'quiz:launch', { questionId: question.id });
    await ok(hill, 'quiz:submit', { questionId: question.id, answer: { mode: 'tally', counts: [20, 5], present: 26 } });
    await ok(river, 'quiz:submit', { questionId: question.id, answer: { mode: 'tally', counts: [10, 10], present: 20 } });
    expect(await ok(teacher, 'quiz:results', { questionId: question.id })).toMatchObject({ counts: [30, 15], total: 46 });
    for (const [answer, code] of [
      [{ mode: 'tally', counts: [20, 10], present: 26 }, 'invalid_payload'],
      [{ mode: 'tally', counts: [1, 1, 1], present: 26 }, 'invalid_payload'],
      [{ mode: 'collective', choices: [0] }, 'invalid_payload'],
      [{ mode: 'tally', counts: [-1, 1], present: 26 }, 'invalid_payload'],
      [{ mode: 'tally', counts: [1, 1], present: 0 }, 'invalid_payload'],
      [{ mode: 'tally', counts: [20, 5], present: 26 }, 'duplicate'],
    ] as const) {
      expect(await sendRaw(hill, 'quiz:submit', { questionId: question.id, answer }), JSON.stringify(answer)).toMatchObject({ ok: false, error: { code } });
    }
    expect(await ok(teacher, 'quiz:results', { questionId: question.id })).toMatchObject({ counts: [30, 15], total: 46 });
  });

  it('refuses bad submissions and changes nothing', async () => {
    const { teacher, hill, projector } = await classWithQuiz();
    const draft = await ok(teacher, 'quiz:create', { question: CAPITAL });
    expect(await send(hill, 'quiz:submit', { questionId: draft.id, answer: { mode: 'collective', choices: [0] } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await ok(teacher, 'quiz:launch', { questionId: draft.id });
    for (const [payload, code] of [
      [{ questionId: draft.id, answer: { mode: 'collective', choices: [3] } }, 'invalid_payload'],
      [{ questionId: draft.id, answer: { mode: 'collective', choices: [0, 1] } }, 'invalid_payload'],
      [{ questionId: draft.id, answer: { mode: 'collective', choices: [] } }, 'invalid_payload'],
      [{ questionId: draft.id, answer: { mode: 'collective', choices: ['Paris'] } }, 'invalid_payload'],
      [{ questionId: draft.id, answer: { mode: 'guess' } }, 'invalid_payload'],
      [{ questionId: draft.id }, 'invalid_payload'],
      [{ questionId: 'nosuchquestion00', answer: { mode: 'collective', choices: [0] } }, 'not_found'],
    ] as const) {
      expect(await sendRaw(hill, 'quiz:submit', payload), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code } });
    }
    // Only an assistant answers for its classroom; the projector cannot.
    expect(await sendRaw(projector, 'quiz:submit', { questionId: draft.id, answer: { mode: 'collective', choices: [0] } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await ok(teacher, 'quiz:results', { questionId: draft.id })).submissions).toEqual([]);
  });

  it('closes a question by itself when its time is up', async () => {
    const { teacher, hill } = await classWithQuiz();
    const question = await ok(teacher, 'quiz:create', { question: { ...CAPITAL, timeLimitSeconds: 5 } });
    const closed = nextEvent(hill, 'quiz:questionChanged', (e) => e.question.state === 'closed', 8000);
    await ok(teacher, 'quiz:launch', { questionId: question.id });
    await closed;
    expect(await send(hill, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [1] } }))
      .toMatchObject({ ok: false, error: { code: 'question_closed' } });
  }, 15_000);
});

describe('lesson report', () => {
  it('reports attendance, quizzes and quality as JSON and CSV', async () => {
    const { lesson, teacher, hill, projector } = await classWithQuiz();
    const question = await ok(teacher, 'quiz:create', { question: CAPITAL });
    await ok(teacher, 'quiz:launch', { questionId: question.id });
    await ok(hill, 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [2] } });
    await ok(projector, 'quality:report', { rttMs: 40, lossPercent: 1, jitterMs: 5, bitrateKbps: 800, frameHeight: 360, framesPerSecond: 30 });
    const status = await ok(teacher, 'lesson:sync', {});
    expect(status.classrooms.find((c) => c.name === 'Lake')!.quality).toMatchObject({ grade: 'good', rttMs: 40 });
    // Reports closer than 2 s are dropped; a dead link while video is on air grades poor.
    await publishTeacher(teacher);
    await new Promise((r) => setTimeout(r, 2100));
    await ok(projector, 'quality:report', { rttMs: 40, lossPercent: 0, jitterMs: 5, bitrateKbps: 0, frameHeight: 0, framesPerSecond: 0 });
    expect((await ok(teacher, 'lesson:sync', {})).classrooms.find((c) => c.name === 'Lake')!.quality).toMatchObject({ grade: 'poor', bitrateKbps: 0 });

    const report = JSON.parse((await api(`/api/lessons/${lesson.id}/report`, { token: tokenOf(lesson.teacherUrl) })).text) as LessonReport;
    expect(report.attendance.map((a) => [a.name, a.firstJoinedAt !== null, a.lastLeftAt])).toEqual([['Hill', true, null], ['River', true, null], ['Lake', true, null]]);
    expect(report.attendance.find((a) => a.name === 'Lake')!.projectorConnections).toBe(1);
    expect(report.quizzes[0]!.correctness).toEqual([{ classroomId: lesson.classrooms[0]!.id, correct: false, correctPupils: null }]);
    expect(report.quality).toEqual([expect.objectContaining({ name: 'Lake', samples: 2, avgRttMs: 40, avgLossPercent: 0.5 })]);

    const csv = await api(`/api/lessons/${lesson.id}/report.csv`);
    expect(csv.type).toContain('text/csv');
    expect(csv.text).toContain('attendance_classroom');
    expect(csv.text).toContain('Capital of France?');
    expect(csv.text).toContain('Hill,Rome');
    expect(csv.text).toContain('Lake,2,40,0.5,400,180');
  });

  it('sends text that a spreadsheet would run as a formula as text in the CSV, and raw in JSON', async () => {
    const names = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '@SUM(1)', '-2+3'];
    const lesson = await testServer.server.createLesson(names);
    const teacher = await connect(lesson.teacherUrl);
    const question = await ok(teacher, 'quiz:create', { question: { kind: 'single', prompt: '=1+1', options: ['=2', '2'], correct: [0] } });
    await ok(teacher, 'quiz:launch', { questionId: question.id });
    for (const classroom of lesson.classrooms) {
      await ok(await connect(classroom.assistantUrl), 'quiz:submit', { questionId: question.id, answer: { mode: 'collective', choices: [0] } });
    }

    const report = JSON.parse((await api(`/api/lessons/${lesson.id}/report`)).text) as LessonReport;
    expect(report.attendance.map((a) => a.name)).toEqual(names);
    expect(report.quizzes[0]!.question).toMatchObject({ prompt: '=1+1', options: ['=2', '2'] });
    expect(report.quizzes[0]!.results.submissions.map((s) => s.classroomName)).toEqual(names);

    const cells = await reportCells(lesson.id);
    // What a spreadsheet reads as the start of a formula: nothing starts with it, anywhere.
    expect(cells.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    const asText = (raw: string) => `'${raw}`;
    const attendance = cells.filter((row) => names.map(asText).includes(row[0]!));
    expect(attendance.map((row) => row[0])).toEqual(names.map(asText));
    // Numbers stay numbers: present_minutes is not turned into text.
    for (const row of attendance) expect(row[4]).toMatch(/^\d+(\.\d)?$/);
    const answers = cells.filter((row) => row[1] === asText('=1+1'));
    expect(answers.map((row) => [row[0], row[4], row[5]])).toEqual(names.map((name) => ['1', asText(name), asText('=2')]));
  });

  it('says yes or no in the CSV where there is something to judge, blank for a poll, in English or Chinese', async () => {
    const { lesson, teacher, hill, river } = await classWithQuiz();
    const capital = await ok(teacher, 'quiz:create', { question: CAPITAL });
    await ok(teacher, 'quiz:launch', { questionId: capital.id });
    await ok(hill, 'quiz:submit', { questionId: capital.id, answer: { mode: 'collective', choices: [1] } });
    await ok(river, 'quiz:submit', { questionId: capital.id, answer: { mode: 'collective', choices: [2] } });
    await ok(teacher, 'quiz:close', { questionId: capital.id });
    const poll = await ok(teacher, 'quiz:create', { question: { kind: 'single', prompt: 'Favourite season?', options: ['Spring', 'Autumn'] } });
    await ok(teacher, 'quiz:launch', { questionId: poll.id });
    await ok(hill, 'quiz:submit', { questionId: poll.id, answer: { mode: 'collective', choices: [0] } });
    await ok(teacher, 'classroom:remove', { classroomId: lesson.classrooms[2]!.id });

    // Attendance rows have 7 cells, answer rows 11: the column counts tell the sections apart.
    const judged = (cells: string[][]) => ({
      removed: cells.filter((row) => row.length === 7 && ['Hill', 'River', 'Lake'].includes(row[0]!)).map((row) => [row[0], row[1]]),
      correct: cells.filter((row) => row.length === 11 && ['1', '2'].includes(row[0]!)).map((row) => [row[0], row[4], row[7]]),
    });
    for (const query of ['', '?lang=en']) {
      const english = await reportCells(lesson.id, query);
      expect(english.find((row) => row[0] === 'question')).toEqual(['question', 'prompt', 'kind', 'answer_mode', 'classroom', 'answer', 'present', 'correct', 'correct_pupils', 'taken', 'replayed_at']);
      expect(judged(english)).toEqual({
        removed: [['Hill', 'no'], ['River', 'no'], ['Lake', 'yes']],
        correct: [['1', 'Hill', 'yes'], ['1', 'River', 'no'], ['2', 'Hill', '']],
      });
    }
    const chinese = await reportCells(lesson.id, '?lang=zh-CN');
    expect(chinese[0]).toEqual(['课程', '标题', '状态', '结束方式', '创建时间', '统计时间']);
    expect(chinese.find((row) => row[0] === '题号')).toEqual(['题号', '题目', '题型', '作答方式', '教室', '答案', '到场人数', '是否正确', '答对人数', '参与方式', '回放时间']);
    expect(judged(chinese)).toEqual({
      removed: [['Hill', '否'], ['River', '否'], ['Lake', '是']],
      correct: [['1', 'Hill', '是'], ['1', 'River', '否'], ['2', 'Hill', '']],
    });

    const unknown = await api(`/api/lessons/${lesson.id}/report.csv?lang=fr`);
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('lang');
  });
});
