import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QualityReport, QuestionDraft } from '@classroom/shared';
import { INITIAL_CLASSROOM_STATE } from '../src/db/ClassroomStateStore.ts';
import { createStores, type LessonStores } from '../src/db/Database.ts';
import { StaleFenceError } from '../src/db/fence.ts';
import { MIGRATIONS } from '../src/db/migrations.ts';
import { openPostgres } from '../src/db/postgres.ts';
import type { SqlDatabase } from '../src/db/SqlDatabase.ts';
import { BACKENDS, log } from './backends.ts';
import { sharedPostgres } from './postgres.ts';

// The stores' contract, the same cases on both databases: what one backend returns, the other
// returns too (types included: numbers stay numbers), so features written once work on both.

const LIMITS = { questionsPerLesson: 5, messagesPerLesson: 4 };

const single = (prompt: string, timeLimitSeconds: number | null = null): QuestionDraft =>
  ({ kind: 'single', prompt, options: ['a', 'b', 'c'], correct: [1], timeLimitSeconds, answerMode: 'collective' });
const quality = (r: Partial<QualityReport>): QualityReport =>
  ({ rttMs: 100, lossPercent: 0, jitterMs: 5, bitrateKbps: 500, frameHeight: 360, framesPerSecond: 25, ...r });

describe.each(Object.keys(BACKENDS) as SqlDatabase['dialect'][])('stores on %s', (backend) => {
  let db: SqlDatabase;
  let stores: LessonStores;
  beforeAll(async () => {
    db = await BACKENDS[backend]();
    stores = createStores(db, LIMITS);
  });
  afterAll(async () => { await db?.close(); });
  const newLesson = (classrooms = ['Hill', 'River'], now?: Date) => stores.lessons.createLesson('Maths', classrooms, now);

  describe('lessons', () => {
    it('creates a lesson with its classrooms and reads them back', async () => {
      const { lesson, classrooms } = await newLesson();
      expect(lesson).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{16}$/), title: 'Maths', phase: 'scheduled', locked: false,
        createdAt: expect.any(String), tokenVersion: 1, endedReason: null, recording: true,
      });
      expect(await stores.lessons.lesson(lesson.id)).toEqual(lesson);
      expect(await stores.lessons.classrooms(lesson.id)).toEqual(classrooms);
      expect(classrooms.map((c) => c.name)).toEqual(['Hill', 'River']);
      expect(await stores.lessons.lesson('0000000000000000')).toBeUndefined();
    });

    it('turns a lesson\'s recording off and on, and keeps its timeline in order', async () => {
      const { lesson } = await newLesson();
      await stores.lessons.setRecording(lesson.id, false);
      expect((await stores.lessons.lesson(lesson.id))!.recording).toBe(false);
      await stores.lessons.setRecording(lesson.id, true);
      expect((await stores.lessons.lesson(lesson.id))!.recording).toBe(true);
      // Wall times past 2^31 ms, as every real one is (64-bit columns on both databases).
      const at = Date.UTC(2026, 11, 1, 9, 0, 0);
      await stores.timeline.add(lesson.id, { kind: 'recording-on', atMs: 0, wallAt: at, detail: {} });
      await stores.timeline.add(lesson.id, { kind: 'live', atMs: 0, wallAt: at, detail: {} });
      await stores.timeline.add(lesson.id, { kind: 'question-launched', atMs: 61_000, wallAt: at + 61_000, detail: { questionId: 'q1' } });
      expect(await stores.timeline.ofLesson(lesson.id)).toEqual([
        { kind: 'recording-on', atMs: 0, wallAt: at, detail: {} },
        { kind: 'live', atMs: 0, wallAt: at, detail: {} },
        { kind: 'question-launched', atMs: 61_000, wallAt: at + 61_000, detail: { questionId: 'q1' } },
      ]);
      expect(await stores.timeline.ofLesson((await newLesson()).lesson.id)).toEqual([]);
    });

    it('indexes a recording\'s segments, sums them up per lesson, notes a disk-full stop, and deletes it whole', async () => {
      const { lesson } = await newLesson();
      const at = Date.UTC(2026, 11, 1, 9, 0, 0);
      await stores.recordings.begin(lesson.id, at);
      // A second begin (the lesson live again, or another node) keeps the clock's 0.
      await stores.recordings.begin(lesson.id, at + 5000);
      await stores.timeline.add(lesson.id, { kind: 'recording-on', atMs: 0, wallAt: at, detail: {} });
      const camera = { file: 'teacher-camera-000000120.webm', source: 'teacher-camera', startMs: 120, durationMs: 61_000, bytes: 3_000_000_000, nodeId: 'node-a' };
      const voice = { file: 'teacher-microphone-000000100.webm', source: 'teacher-microphone', startMs: 100, durationMs: 60_950, bytes: 400_000, nodeId: null };
      await stores.recordings.addFile(lesson.id, camera, at + 61_200);
      await stores.recordings.addFile(lesson.id, voice, at + 61_200);
      // Indexed again (finalized after a crash): its new size and duration.
      await stores.recordings.addFile(lesson.id, { ...voice, durationMs: 61_000 }, at + 62_000);
      expect(await stores.recordings.files(lesson.id)).toEqual([{ ...voice, durationMs: 61_000 }, camera]);
      const summary = { lessonId: lesson.id, title: lesson.title, teacherName: null, clockStart: at, durationMs: 61_120, bytes: 3_000_400_000, segments: 2 };
      expect(await stores.recordings.list({ kind: 'admin' }, lesson.id)).toEqual([{ ...summary, recordingNow: true, stoppedReason: null, stoppedAt: null }]);
      await stores.timeline.add(lesson.id, { kind: 'disk-full', atMs: 62_000, wallAt: at + 62_000, detail: {} });
      await stores.timeline.add(lesson.id, { kind: 'recording-off', atMs: 62_000, wallAt: at + 62_000, detail: {} });
      await stores.recordings.stopped(lesson.id, 'disk-full', at + 62_000);
      expect(await stores.recordings.list({ kind: 'lesson', lessonId: lesson.id })).toEqual([{ ...summary, recordingNow: false, stoppedReason: 'disk-full', stoppedAt: at + 62_000 }]);
      expect(await stores.recordings.list({ kind: 'lesson', lessonId: (await newLesson()).lesson.id })).toEqual([]);
      await stores.recordings.remove(lesson.id);
      expect(await stores.recordings.list({ kind: 'admin' }, lesson.id)).toEqual([]);
      expect(await stores.recordings.files(lesson.id)).toEqual([]);
      expect(await stores.timeline.ofLesson(lesson.id)).toEqual([]);
      expect(await stores.recordings.settings()).toBeUndefined();
      await stores.recordings.saveSettings({ retentionDays: 30, quotaBytes: 5_000_000_000 });
      await stores.recordings.saveSettings({ retentionDays: 60, quotaBytes: null });
      expect(await stores.recordings.settings()).toEqual({ retentionDays: 60, quotaBytes: null });
    });

    it('lists newest first (ties in creation order), counting the classrooms still in', async () => {
      const at = new Date('2031-01-01T00:00:00.000Z');
      const first = await newLesson(['A', 'B'], at);
      const second = await newLesson(['C'], at);
      const third = await newLesson(['D'], new Date(at.getTime() + 1));
      await stores.lessons.removeClassroom(first.lesson.id, first.classrooms[0]!.id);
      const { lessons, total } = await stores.lessons.listLessons(3, 0);
      expect(lessons.map((l) => l.id)).toEqual([third.lesson.id, second.lesson.id, first.lesson.id]);
      expect(lessons.map((l) => l.classrooms)).toEqual([1, 1, 1]);
      expect(typeof total).toBe('number');
      expect((await stores.lessons.listLessons(1, 1)).lessons.map((l) => l.id)).toEqual([second.lesson.id]);
      expect((await stores.lessons.classrooms(first.lesson.id)).map((c) => c.removed)).toEqual([true, false]);
    });

    it('records phases with when and why a lesson ended', async () => {
      const { lesson } = await newLesson();
      await stores.lessons.setPhase(lesson.id, 'live');
      await stores.lessons.setLocked(lesson.id, true);
      expect(await stores.lessons.lesson(lesson.id)).toMatchObject({ phase: 'live', locked: true, endedReason: null });
      await stores.lessons.setPhase(lesson.id, 'ended', 'admin');
      expect(await stores.lessons.lesson(lesson.id)).toMatchObject({ phase: 'ended', endedReason: 'admin' });
    });

    it('counts link generations', async () => {
      const { lesson } = await newLesson();
      expect(await stores.lessons.tokenVersion(lesson.id)).toBe(1);
      expect(await stores.lessons.nextTokenVersion(lesson.id)).toBe(2);
      expect(await stores.lessons.tokenVersion(lesson.id)).toBe(2);
      expect(await stores.lessons.tokenVersion('0000000000000000')).toBeUndefined();
      await expect(stores.lessons.nextTokenVersion('0000000000000000')).rejects.toThrow(/no lesson/);
    });

    it('keeps attendance: a leave is recorded once, open rows close at a restart', async () => {
      const { lesson, classrooms } = await newLesson();
      const hill = classrooms[0]!.id;
      expect(await stores.lessons.hasAttended(lesson.id, hill)).toBe(false);
      const teacher = await stores.lessons.recordJoin(lesson.id, null, 'teacher', 'c1', new Date('2031-01-01T10:00:00.000Z'));
      const projector = await stores.lessons.recordJoin(lesson.id, hill, 'projector', 'c2', new Date('2031-01-01T10:01:00.000Z'));
      expect([typeof teacher, projector > teacher]).toEqual(['number', true]);
      expect(await stores.lessons.hasAttended(lesson.id, hill)).toBe(true);
      await stores.lessons.recordLeave(teacher, new Date('2031-01-01T10:05:00.000Z'));
      await stores.lessons.recordLeave(teacher, new Date('2031-01-01T10:09:00.000Z'));
      expect(await stores.lessons.closeOpenAttendance(new Date('2031-01-01T11:00:00.000Z'))).toBeGreaterThanOrEqual(1);
      expect(await stores.lessons.attendance(lesson.id)).toEqual([
        { classroomId: null, role: 'teacher', joinedAt: '2031-01-01T10:00:00.000Z', leftAt: '2031-01-01T10:05:00.000Z' },
        { classroomId: hill, role: 'projector', joinedAt: '2031-01-01T10:01:00.000Z', leftAt: '2031-01-01T11:00:00.000Z' },
      ]);
    });

    it('names the node of each attendance row: rows of nodes that are gone close, a restarted node closes its own', async () => {
      const { lesson, classrooms: [hill] } = await newLesson();
      const { lesson: other } = await newLesson();
      const on = (nodeId: string) => createStores(db, LIMITS, { nodeId }).lessons;
      const [at, closedAt] = ['2031-03-01T10:00:00.000Z', '2031-03-01T11:00:00.000Z'];
      await on('node-a').recordJoin(lesson.id, null, 'teacher', 'a1', new Date(at));
      await on('node-a').recordJoin(other.id, null, 'teacher', 'a2', new Date(at));
      await on('node-b').recordJoin(lesson.id, hill!.id, 'projector', 'b1', new Date(at));
      await on('node-c').recordJoin(other.id, null, 'teacher', 'c1', new Date(at));
      const leftAt = async (lessonId: string) => (await stores.lessons.attendance(lessonId)).map((row) => row.leftAt);

      // node-a is gone: its row of the lesson asked about closes, at the time given.
      expect(await stores.lessons.closeAttendanceOfGoneNodes(['node-b', 'node-c'], lesson.id, new Date(closedAt))).toBe(1);
      expect(await leftAt(lesson.id)).toEqual([closedAt, null]);
      expect(await leftAt(other.id)).toEqual([null, null]);
      // Of every lesson: its other row too; the live nodes' rows stay open.
      expect(await stores.lessons.closeAttendanceOfGoneNodes(['node-b', 'node-c'], undefined, new Date(closedAt))).toBe(1);
      expect(await leftAt(other.id)).toEqual([closedAt, null]);
      // node-b restarts under its NODE_ID: it closes its own rows, and only those.
      expect(await on('node-b').closeOpenAttendance(new Date(closedAt))).toBe(1);
      expect(await leftAt(lesson.id)).toEqual([closedAt, closedAt]);
      expect(await leftAt(other.id)).toEqual([closedAt, null]);
    });

    it('finds started lessons whose teacher has been away since before a time', async () => {
      const left = await newLesson();
      const present = await newLesson();
      const neverCame = await newLesson();
      const scheduled = await newLesson();
      for (const { lesson } of [left, present, neverCame]) await stores.lessons.setPhase(lesson.id, 'live', null, new Date('2031-02-01T09:00:00.000Z'));
      const gone = await stores.lessons.recordJoin(left.lesson.id, null, 'teacher', 'c1', new Date('2031-02-01T09:00:00.000Z'));
      await stores.lessons.recordLeave(gone, new Date('2031-02-01T09:30:00.000Z'));
      await stores.lessons.recordJoin(present.lesson.id, null, 'teacher', 'c2', new Date('2031-02-01T09:00:00.000Z'));
      const away = await stores.lessons.lessonsWithTeacherAwaySince(new Date('2031-02-01T09:40:00.000Z'));
      expect(away).toEqual(expect.arrayContaining([left.lesson.id, neverCame.lesson.id]));
      expect(away).not.toContain(present.lesson.id);
      expect(away).not.toContain(scheduled.lesson.id);
      expect(await stores.lessons.lessonsWithTeacherAwaySince(new Date('2031-02-01T09:20:00.000Z'))).not.toContain(left.lesson.id);
    });
  });

  describe('classroom state', () => {
    it('keeps each classroom\'s hand, stage and switches, whole, for the classrooms still in the lesson', async () => {
      const { lesson, classrooms: [hill, river, lake] } = await newLesson(['Hill', 'River', 'Lake']);
      const { lesson: other, classrooms: [elsewhere] } = await newLesson(['Hill']);
      expect(await stores.classroomStates.ofLesson(lesson.id)).toEqual(new Map([hill!, river!, lake!].map((c) => [c.id, INITIAL_CLASSROOM_STATE])));

      const raisedAt = 1_900_000_000_123;
      await stores.classroomStates.save(lesson.id, hill!.id, { ...INITIAL_CLASSROOM_STATE, handRaisedAt: raisedAt, audioOnly: true, videoCap: 'low' });
      await stores.classroomStates.save(lesson.id, river!.id, { ...INITIAL_CLASSROOM_STATE, stage: 'on-stage', micMuted: true, cameraOff: true });
      // A classroom of another lesson is not written by naming it under this one.
      await stores.classroomStates.save(lesson.id, elsewhere!.id, { ...INITIAL_CLASSROOM_STATE, stage: 'invited' });
      await stores.lessons.removeClassroom(lesson.id, lake!.id);
      const kept = await stores.classroomStates.ofLesson(lesson.id);
      expect(kept).toEqual(new Map([
        [hill!.id, { ...INITIAL_CLASSROOM_STATE, handRaisedAt: raisedAt, audioOnly: true, videoCap: 'low' }],
        [river!.id, { ...INITIAL_CLASSROOM_STATE, stage: 'on-stage', micMuted: true, cameraOff: true }],
      ]));
      expect(typeof kept.get(hill!.id)!.handRaisedAt).toBe('number');
      expect(await stores.classroomStates.ofLesson(other.id)).toEqual(new Map([[elsewhere!.id, INITIAL_CLASSROOM_STATE]]));

      // Saved whole: lowering the hand leaves the switches as given.
      await stores.classroomStates.save(lesson.id, hill!.id, { ...kept.get(hill!.id)!, handRaisedAt: null });
      expect((await stores.classroomStates.ofLesson(lesson.id)).get(hill!.id)).toEqual({ ...INITIAL_CLASSROOM_STATE, audioOnly: true, videoCap: 'low' });
    });
  });

  describe('messages', () => {
    it('shows each reader its own, the latest first cut to the limit, oldest first', async () => {
      const { lesson, classrooms: [hill, river] } = await newLesson();
      const name = (id: string) => (id === hill!.id ? 'Hill' : 'River');
      const toAll = await stores.messages.add(lesson.id, { from: { role: 'teacher' }, to: { kind: 'all' }, text: 'hello', quick: null }, 1_900_000_000_001);
      await stores.messages.add(lesson.id, { from: { role: 'teacher' }, to: { kind: 'classroom', classroomId: river!.id }, text: 'river', quick: null });
      await stores.messages.add(lesson.id, {
        from: { role: 'assistant', classroomId: hill!.id, classroomName: 'Hill' }, to: { kind: 'teacher' }, text: null, quick: 'cant_hear',
      });
      expect(toAll).toMatchObject({ id: expect.any(Number), at: 1_900_000_000_001 });
      const forHill = await stores.messages.visibleTo(lesson.id, hill!.id, name);
      expect(forHill.map((m) => m.text ?? m.quick)).toEqual(['hello', 'cant_hear']);
      expect(forHill[0]).toEqual({ ...toAll, from: { role: 'teacher' } });
      expect(forHill[1]!.from).toEqual({ role: 'assistant', classroomId: hill!.id, classroomName: 'Hill' });
      expect((await stores.messages.visibleTo(lesson.id, null, name)).map((m) => m.text ?? m.quick)).toEqual(['hello', 'river', 'cant_hear']);
      expect((await stores.messages.visibleTo(lesson.id, null, name, 2)).map((m) => m.text ?? m.quick)).toEqual(['river', 'cant_hear']);
    });

    it('refuses a message past the lesson limit', async () => {
      const { lesson } = await newLesson();
      const send = () => stores.messages.add(lesson.id, { from: { role: 'teacher' }, to: { kind: 'all' }, text: 'x', quick: null });
      for (let i = 0; i < LIMITS.messagesPerLesson; i++) await send();
      await expect(send()).rejects.toMatchObject({ code: 'limit_reached' });
    });
  });

  describe('quiz', () => {
    it('keeps questions in order through create, edit, delete and reorder, within the limit', async () => {
      const { lesson } = await newLesson();
      const [a, b, c] = [await stores.quiz.create(lesson.id, single('a')), await stores.quiz.create(lesson.id, single('b')), await stores.quiz.create(lesson.id, single('c', 30))];
      expect([a!.position, b!.position, c!.position]).toEqual([0, 1, 2]);
      expect(c).toMatchObject({ prompt: 'c', options: ['a', 'b', 'c'], correct: [1], timeLimitSeconds: 30, state: 'draft', openedAt: null, closesAt: null });
      expect(await stores.quiz.update(lesson.id, b!.id, { ...single('b2'), kind: 'true_false', options: [] })).toBe(true);
      expect(await stores.quiz.question(lesson.id, b!.id)).toMatchObject({ prompt: 'b2', kind: 'true_false', options: ['true', 'false'] });
      expect(await stores.quiz.deleteDraft(lesson.id, a!.id)).toBe(true);
      expect((await stores.quiz.questions(lesson.id)).map((q) => [q.id, q.position])).toEqual([[b!.id, 0], [c!.id, 1]]);
      await stores.quiz.reorder(lesson.id, [c!.id, b!.id]);
      expect((await stores.quiz.questions(lesson.id)).map((q) => q.id)).toEqual([c!.id, b!.id]);
      for (let i = 2; i < LIMITS.questionsPerLesson; i++) await stores.quiz.create(lesson.id, single(`q${i}`));
      await expect(stores.quiz.create(lesson.id, single('one too many'))).rejects.toMatchObject({ code: 'limit_reached' });
    });

    it('runs a question through its states; a launched one can no longer be edited or deleted', async () => {
      const { lesson } = await newLesson();
      const q = await stores.quiz.create(lesson.id, single('q', 60));
      const openedAt = 1_900_000_000_000;
      await stores.quiz.setState(q.id, 'open', { openedAt, closesAt: openedAt + 60_000 });
      expect(await stores.quiz.question(lesson.id, q.id)).toMatchObject({ state: 'open', openedAt, closesAt: openedAt + 60_000 });
      expect(await stores.quiz.update(lesson.id, q.id, single('changed'))).toBe(false);
      expect(await stores.quiz.deleteDraft(lesson.id, q.id)).toBe(false);
      await stores.quiz.setState(q.id, 'closed', { closedAt: openedAt + 1000 });
      expect(await stores.quiz.question(lesson.id, q.id)).toMatchObject({ state: 'closed', openedAt, closesAt: openedAt + 60_000 });
      const untimed = await stores.quiz.create(lesson.id, single('untimed'));
      await stores.quiz.setState(untimed.id, 'open', { openedAt, closesAt: null });
      expect(await stores.quiz.question(lesson.id, untimed.id)).toMatchObject({ state: 'open', closesAt: null });
    });

    it('keeps one answer per classroom and question, counting revisions', async () => {
      const { lesson, classrooms: [hill, river] } = await newLesson();
      const q = await stores.quiz.create(lesson.id, single('q'));
      const first = await stores.quiz.submit(q.id, hill!.id, { mode: 'collective', choices: [0] }, 1_900_000_000_000);
      expect(first).toEqual({ questionId: q.id, classroomId: hill!.id, answer: { mode: 'collective', choices: [0] }, at: 1_900_000_000_000, revisions: 0 });
      await stores.quiz.submit(q.id, river!.id, { mode: 'collective', choices: [2] }, 1_900_000_000_500);
      const revised = await stores.quiz.submit(q.id, hill!.id, { mode: 'collective', choices: [1] }, 1_900_000_001_000);
      expect(revised).toMatchObject({ answer: { mode: 'collective', choices: [1] }, at: 1_900_000_001_000, revisions: 1 });
      expect(await stores.quiz.submission(q.id, hill!.id)).toEqual(revised);
      expect((await stores.quiz.submissions(q.id)).map((s) => s.classroomId)).toEqual([river!.id, hill!.id]);
      expect(await stores.quiz.submission(q.id, 'nobody')).toBeUndefined();
    });
  });

  describe('quality', () => {
    it('sums up samples per classroom', async () => {
      const { lesson, classrooms: [hill, river] } = await newLesson();
      await stores.quality.add(lesson.id, hill!.id, quality({ rttMs: 100, lossPercent: 1, bitrateKbps: 400, frameHeight: 360 }));
      await stores.quality.add(lesson.id, hill!.id, quality({ rttMs: 151, lossPercent: 2, bitrateKbps: 500, frameHeight: 361 }));
      await stores.quality.add(lesson.id, river!.id, quality({ rttMs: null }));
      const summary = await stores.quality.summary(lesson.id);
      expect(summary.find((s) => s.classroomId === hill!.id)).toEqual({
        classroomId: hill!.id, samples: 2, avgRttMs: 125.5, avgLossPercent: 1.5, avgBitrateKbps: 450, avgFrameHeight: 361,
      });
      expect(summary.find((s) => s.classroomId === river!.id)).toMatchObject({ samples: 1, avgRttMs: null });
    });
  });

  describe('fencing (cluster mode)', () => {
    it('refuses the writes of an owner whose lease token is older than the lesson\'s fence, except closing its attendance', async () => {
      const { lesson, classrooms: [hill] } = await newLesson();
      const ownerWith = (token: number) => createStores(db, LIMITS, { fence: { lessonId: lesson.id, token } });
      expect(await stores.lessons.raiseFence({ lessonId: lesson.id, token: 1 })).toBe(true);
      const old = ownerWith(1);
      await old.lessons.setPhase(lesson.id, 'live');
      const question = await old.quiz.create(lesson.id, single('q'));
      await old.quiz.setState(question.id, 'open', { openedAt: 1 });
      const row = await old.lessons.recordJoin(lesson.id, hill!.id, 'projector', 'c1');

      // Another node takes the lesson over; the old owner does not know yet.
      expect(await stores.lessons.raiseFence({ lessonId: lesson.id, token: 2 })).toBe(true);
      expect(await stores.lessons.raiseFence({ lessonId: lesson.id, token: 1 })).toBe(false);
      const stale: [string, () => Promise<unknown>][] = [
        ['phase', () => old.lessons.setPhase(lesson.id, 'ended', 'teacher')],
        ['lock', () => old.lessons.setLocked(lesson.id, true)],
        ['classroom removal', () => old.lessons.removeClassroom(lesson.id, hill!.id)],
        ['attendance join', () => old.lessons.recordJoin(lesson.id, hill!.id, 'assistant', 'c2')],
        ['submission', () => old.quiz.submit(question.id, hill!.id, { mode: 'collective', choices: [0] })],
        ['question state', () => old.quiz.setState(question.id, 'closed', { closedAt: 2 })],
        ['question', () => old.quiz.create(lesson.id, single('late'))],
        ['message', () => old.messages.add(lesson.id, { from: { role: 'teacher' }, to: { kind: 'all' }, text: 'late', quick: null })],
        ['quality', () => old.quality.add(lesson.id, hill!.id, quality({}))],
        ['classroom state', () => old.classroomStates.save(lesson.id, hill!.id, { ...INITIAL_CLASSROOM_STATE, handRaisedAt: 5 })],
      ];
      for (const [what, write] of stale) await expect(write(), what).rejects.toBeInstanceOf(StaleFenceError);
      expect(await stores.lessons.lesson(lesson.id)).toMatchObject({ phase: 'live', locked: false });
      expect(await stores.quiz.question(lesson.id, question.id)).toMatchObject({ state: 'open' });
      expect(await stores.quiz.submissions(question.id)).toEqual([]);
      expect((await stores.classroomStates.ofLesson(lesson.id)).get(hill!.id)).toEqual(INITIAL_CLASSROOM_STATE);
      await old.lessons.recordLeave(row);
      expect((await stores.lessons.attendance(lesson.id)).map((r) => [r.role, r.leftAt !== null])).toEqual([['projector', true]]);

      // The new owner writes on.
      const current = ownerWith(2);
      await current.quiz.submit(question.id, hill!.id, { mode: 'collective', choices: [1] });
      await current.classroomStates.save(lesson.id, hill!.id, { ...INITIAL_CLASSROOM_STATE, stage: 'invited' });
      expect((await stores.classroomStates.ofLesson(lesson.id)).get(hill!.id)).toMatchObject({ stage: 'invited' });
      await current.lessons.setPhase(lesson.id, 'ended', 'admin');
      expect(await stores.lessons.lesson(lesson.id)).toMatchObject({ phase: 'ended', endedReason: 'admin' });
    });
  });

  describe('transactions', () => {
    it('commits or rolls back as a whole, and what runs outside meanwhile is not part of it', async () => {
      const { lesson } = await newLesson();
      const failed = db.transaction(async (tx) => {
        await tx.run('UPDATE lessons SET title = $2 WHERE id = $1', [lesson.id, 'inside']);
        await new Promise((r) => setTimeout(r, 50));
        throw new Error('undo');
      });
      // Issued while the transaction waits: on SQLite's single connection it must wait its turn.
      const outside = stores.lessons.setLocked(lesson.id, true);
      await expect(failed).rejects.toThrow('undo');
      await outside;
      expect(await stores.lessons.lesson(lesson.id)).toMatchObject({ title: 'Maths', locked: true });
    });
  });
});

describe('schema', () => {
  it('has the same tables and columns on both databases', async () => {
    const sqlite = await BACKENDS.sqlite();
    const postgres = await BACKENDS.postgres();
    try {
      const tables = (await sqlite.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
        .map((t) => t.name);
      const columnsOf = async (table: string) => ({
        sqlite: (await sqlite.all<{ name: string }>(`SELECT name FROM pragma_table_info('${table}') ORDER BY name`)).map((c) => c.name),
        // rowid: SQLite's implicit row number, a column of its own on PostgreSQL (see migrations.ts).
        postgres: (await postgres.all<{ name: string }>(
          "SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1 AND column_name <> 'rowid' ORDER BY column_name", [table]))
          .map((c) => c.name),
      });
      expect(tables).toEqual([
        'attendance', 'classroom_lesson_stats', 'classroom_question_stats', 'classroom_week_stats', 'classrooms', 'districts', 'lasting_classrooms', 'lesson_changes', 'lesson_replays', 'lesson_timeline', 'lessons', 'messages', 'network_checks', 'quality_samples',
        'questions', 'recording_files', 'recording_settings', 'recordings', 'replay_answers', 'schools', 'submissions', 'teachers', 'weekly_lesson_classrooms', 'weekly_lessons',
      ]);
      for (const table of tables) {
        const { sqlite: a, postgres: b } = await columnsOf(table);
        expect(b, table).toEqual(a);
      }
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });
});

describe('PostgreSQL migrations', () => {
  it('run once, recorded, when several nodes start together on a new database', async () => {
    const url = await (await sharedPostgres()).createDatabase();
    const nodes = await Promise.all(Array.from({ length: 4 }, () => openPostgres(url, log)));
    const again = await openPostgres(url, log);
    try {
      const applied = await again.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(applied.map((r) => r.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    } finally {
      await Promise.all([...nodes, again].map((db) => db.close()));
    }
  });
});
