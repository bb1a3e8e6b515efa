import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  REPLAY_NAMESPACE,
  type Ack, type ClassroomDashboard, type ClassroomLinks, type LessonReport, type ReplayClientToServerEvents, type ReplayCommandName, type ReplayCommandRequest,
  type ReplayServerToClientEvents, type ReplayState,
} from '@classroom/shared';
import { ok, tokenOf, waitFor, type TestServer } from './harness.ts';
import { lessonOnNowFor, unique, useRecordsServer } from './schoolRecords.ts';

// A classroom replays a recorded lesson (issue #18): its projector and assistant share one replay
// held by the server, over the /replay namespace; the class's answers are stored as replay answers
// and the lesson's report shows them beside the live ones.
const { testServer, api } = useRecordsServer();
let server: TestServer;
beforeAll(() => { server = testServer.server; });

type ReplaySocket = Socket<ReplayServerToClientEvents, ReplayClientToServerEvents>;
const opened: ReplaySocket[] = [];
afterEach(() => { for (const s of opened.splice(0)) s.close(); });

function replaySocket(link: string): Promise<ReplaySocket> {
  const socket: ReplaySocket = connect(`${server.url}${REPLAY_NAMESPACE}`, { auth: { token: tokenOf(link) }, transports: ['websocket'], reconnection: false, forceNew: true });
  opened.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function send<K extends ReplayCommandName>(socket: ReplaySocket, name: K, payload: ReplayCommandRequest<K> | unknown): Promise<Ack<ReplayState | null>> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<ReplayState | null>> }).emitWithAck(name, payload);
}

async function must<K extends ReplayCommandName>(socket: ReplaySocket, name: K, payload: ReplayCommandRequest<K>): Promise<ReplayState | null> {
  const answer = await send(socket, name, payload);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

function nextChange(socket: ReplaySocket, matches: (replay: ReplayState | null) => boolean, timeoutMs = 5000): Promise<ReplayState | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching replay:changed')), timeoutMs);
    const listener = ({ replay }: { replay: ReplayState | null }): void => {
      if (!matches(replay)) return;
      clearTimeout(timer);
      socket.off('replay:changed', listener);
      resolve(replay);
    };
    socket.on('replay:changed', listener);
  });
}

const CAPITAL = { kind: 'single' as const, prompt: 'Capital of France?', options: ['Berlin', 'Paris', 'Rome'], correct: [1] };
const QUESTION_AT_MS = 600;
const END_MS = 1_800;

/**
 * A timetabled lesson of two lasting classrooms with one question asked, "recorded": its
 * timeline and the library's index say what the recorder would have (a segment, the launch, the
 * end), without ffmpeg (e2e/tests/replay.spec.ts records for real).
 */
async function recordedLesson() {
  const records = await lessonOnNowFor(api, { school: unique('希望小学'), classrooms: ['一班', '二班'], teacher: unique('陈老师') });
  const [hill, river] = await Promise.all(records.classrooms.map((c) => api.classroomLinks(c.id))) as [ClassroomLinks, ClassroomLinks];
  const lessonId = (await api.today(hill.projectorUrl)).body.lessons[0]!.lessonId!;
  const teacherLink = await api.teacherLink(records.teacher.id);
  const teacher = await testServer.connect(teacherLink.teacherUrl, lessonId);
  const question = await ok(teacher, 'quiz:create', { question: CAPITAL });
  await ok(teacher, 'quiz:launch', { questionId: question.id });
  teacher.close();
  const wallAt = Date.now();
  for (const [kind, atMs, detail] of [
    ['recording-on', 0, {}], ['segment', 0, { source: 'teacher-camera', file: 'teacher-camera-000000000.webm' }],
    ['question-launched', QUESTION_AT_MS, { questionId: question.id }], ['recording-off', END_MS, {}],
  ] as const) {
    await server.app.stores.timeline.add(lessonId, { kind, atMs, wallAt: wallAt + atMs, detail });
  }
  await server.app.stores.recordings.begin(lessonId, wallAt);
  await server.app.stores.recordings.addFile(lessonId, {
    file: 'teacher-camera-000000000.webm', source: 'teacher-camera', startMs: 0, durationMs: END_MS, bytes: 1000, nodeId: null,
  }, wallAt + END_MS);
  // A classroom of another school, in no lesson of this timetable.
  const otherSchool = await api.createSchool(unique('Other school'));
  const foreign = await api.classroomLinks((await api.addClassroom(otherSchool.id, 'Lake')).id);
  return { lessonId, question, hill, river, foreign, teacherLink, hillName: `${records.school.name} · ${records.classrooms[0]!.name}`, riverId: records.classrooms[1]!.id };
}

describe('a replay shared by a classroom\'s projector and assistant', () => {
  it('refuses a foreign classroom, a teacher and bad input with error answers, and changes nothing', async () => {
    const { lessonId, question, hill, foreign, teacherLink } = await recordedLesson();
    const projector = await replaySocket(hill.projectorUrl);
    const assistant = await replaySocket(hill.assistantUrl);
    await must(assistant, 'replay:open', { lessonId });
    const before = (await must(projector, 'replay:sync', {}))!;
    let changes = 0;
    projector.on('replay:changed', () => { changes += 1; });

    // A classroom of another school: not its lesson, and it never sees this classroom's replay.
    const stranger = await replaySocket(foreign.assistantUrl);
    expect(await send(stranger, 'replay:open', { lessonId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(stranger, 'replay:play', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await must(stranger, 'replay:sync', {})).toBeNull();
    // A teacher has no classroom to replay in.
    const teacher = await replaySocket(teacherLink.teacherUrl);
    for (const name of ['replay:open', 'replay:play', 'replay:seek'] as const) {
      expect(await send(teacher, name, name === 'replay:open' ? { lessonId } : name === 'replay:seek' ? { positionMs: 0 } : {}))
        .toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // Bad input, and commands not for this role or this moment.
    expect(await send(assistant, 'replay:open', { lessonId: '../etc' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await send(assistant, 'replay:seek', { positionMs: -5 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await send(assistant, 'replay:play', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await send(assistant, 'replay:answer', { questionId: question.id, answer: { mode: 'collective', choices: [] } }))
      .toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await send(projector, 'replay:answer', { questionId: question.id, answer: { mode: 'collective', choices: [1] } }))
      .toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(assistant, 'replay:answer', { questionId: question.id, answer: { mode: 'collective', choices: [1] } }))
      .toMatchObject({ ok: false, error: { code: 'question_closed' } });
    expect(await send(assistant, 'replay:reveal', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await send(assistant, 'replay:open', { lessonId: 'nosuchlesson' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const unknown = await (assistant.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck('replay:steal', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_command' } });

    const after = (await must(projector, 'replay:sync', {}))!;
    expect({ ...after, serverTime: 0 }).toEqual({ ...before, serverTime: 0 });
    expect(changes).toBe(0);
    expect((await api.ok<LessonReport>('GET', `/api/lessons/${lessonId}/report`)).quizzes[0]!.replays).toEqual([]);
  });

  it('pauses at the question, takes the assistant\'s answer, reveals it, plays to the end; the report marks it as a replay', async () => {
    const { lessonId, question, hill, river, hillName } = await recordedLesson();
    const projector = await replaySocket(hill.projectorUrl);
    const assistant = await replaySocket(hill.assistantUrl);
    const otherRoom = await replaySocket(river.projectorUrl);
    let riverHeard = 0;
    otherRoom.on('replay:changed', () => { riverHeard += 1; });

    // The projector (its remote) opens it; the assistant's phone is told.
    const toldAssistant = nextChange(assistant, (r) => r?.status === 'paused');
    const opened = (await must(projector, 'replay:open', { lessonId }))!;
    expect(opened).toMatchObject({ lessonId, status: 'paused', positionMs: 0, durationMs: END_MS, questionTimes: [{ questionId: question.id, atMs: QUESTION_AT_MS }] });
    await toldAssistant;

    // Played from the assistant's phone: the server stops it at the question's launch.
    const atQuestion = nextChange(projector, (r) => r?.status === 'question');
    await must(assistant, 'replay:play', {});
    const asked = (await atQuestion)!;
    expect(asked).toMatchObject({ positionMs: QUESTION_AT_MS, question: { id: question.id, prompt: CAPITAL.prompt, correct: null }, answer: null });
    // Not before the class answered or the answer is shown.
    expect(await send(projector, 'replay:play', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Checked as live: a tally for a collective question, an option that does not exist.
    expect(await send(assistant, 'replay:answer', { questionId: question.id, answer: { mode: 'tally', counts: [1, 2, 3], present: 10 } }))
      .toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await send(assistant, 'replay:answer', { questionId: question.id, answer: { mode: 'collective', choices: [5] } }))
      .toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const answered = nextChange(projector, (r) => r?.answer !== null);
    expect(await must(assistant, 'replay:answer', { questionId: question.id, answer: { mode: 'collective', choices: [2] } }))
      .toMatchObject({ status: 'question', answer: { mode: 'collective', choices: [2] } });
    await answered;
    // Changed before the reveal: the latest answer counts.
    await must(assistant, 'replay:answer', { questionId: question.id, answer: { mode: 'collective', choices: [1] } });
    const revealed = (await must(projector, 'replay:reveal', {}))!;
    expect(revealed).toMatchObject({ status: 'revealed', question: { correct: [1] }, answer: { mode: 'collective', choices: [1] } });

    // Playing on reaches the end; seeking back does not ask the answered question again.
    const ended = nextChange(assistant, (r) => r?.status === 'ended');
    await must(projector, 'replay:play', {});
    await ended;
    await must(assistant, 'replay:seek', { positionMs: 100 });
    const endedAgain = nextChange(projector, (r) => r?.status === 'ended' || r?.status === 'question');
    await must(projector, 'replay:play', {});
    expect((await endedAgain)!.status).toBe('ended');
    expect(riverHeard).toBe(0);

    const report = await api.ok<LessonReport>('GET', `/api/lessons/${lessonId}/report`);
    const row = report.quizzes.find((q) => q.question.id === question.id)!;
    // Not a live answer: the live results stay as they were.
    expect(row.results.submissions).toEqual([]);
    expect(row.replays).toHaveLength(1);
    expect(row.replays[0]).toMatchObject({
      correct: true, submission: { classroomName: hillName, answer: { mode: 'collective', choices: [1] }, revisions: 1 },
    });
    expect(Math.abs(Date.parse(row.replays[0]!.replayedAt) - Date.now())).toBeLessThan(60_000);
    const csv = await (await fetch(`${server.url}/api/lessons/${lessonId}/report.csv`, { headers: { authorization: `Bearer ${server.app.adminToken}` } })).text();
    const line = csv.split('\n').find((l) => l.includes(hillName) && l.includes('Paris'))!;
    expect(line).toContain(',yes,,replay,');
    expect(line).toContain(row.replays[0]!.replayedAt);

    await must(assistant, 'replay:close', {});
    expect(await must(projector, 'replay:sync', {})).toBeNull();
  });
});

describe('a replay in the district view', () => {
  it('counts a replay of an ended lesson in the classroom\'s figures', async () => {
    const { lessonId, river, riverId } = await recordedLesson();
    await api.ok('POST', `/api/lessons/${lessonId}/end`);
    const classroom = () => api.ok<ClassroomDashboard>('GET', `/api/dashboard/classrooms/${riverId}`);
    const row = async () => (await classroom()).lessons.find((l) => l.lessonId === lessonId);
    // Written when the ended lesson closes, or by the next sweep (run here rather than waited for).
    await server.app.districtStats.sweep(new Date(Date.now() - 86_400_000));
    expect(await row()).toMatchObject({ attended: false, replaysTaken: 0 });

    const projector = await replaySocket(river.projectorUrl);
    await must(projector, 'replay:open', { lessonId });
    await waitFor(async () => (await row())?.replaysTaken === 1, 10_000);
    expect((await classroom()).totals.replaysTaken).toBe(1);
  });
});
