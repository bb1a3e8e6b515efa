import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassroomLinks, TeacherLink } from '@classroom/shared';
import { join, nextEvent, ok, publishTeacher, send, tokenOf, useTestServer, type TestServer, type TestSocket } from './harness.ts';
import { lessonOnNowFor, unique, useRecordsServer } from './schoolRecords.ts';

// A permanent link (a lasting classroom's projector or assistant, a teacher's) joins a lesson of
// the timetable it is in, named when connecting, and is then that lesson's own link for its seat.
const { testServer, api } = useRecordsServer();
let server: TestServer;
beforeAll(() => { server = testServer.server; });
const joinWith = (link: string, lessonId: string): Promise<TestSocket> => testServer.connect(link, lessonId);

async function refusal(link: string, lessonId: string | undefined): Promise<{ code: string; message: string }> {
  try {
    (await join(server.url, tokenOf(link), lessonId)).close();
  } catch (error) {
    return (error as { data: { code: string; message: string } }).data;
  }
  throw new Error('the link was accepted');
}

/** A weekly lesson on now with two classrooms, its permanent links, and the id of today's lesson. */
async function todaysLesson() {
  const records = await lessonOnNowFor(api, { school: unique('希望小学'), classrooms: ['一班', '二班'], teacher: unique('陈老师') });
  const [hill, river] = await Promise.all(records.classrooms.map((c) => api.classroomLinks(c.id))) as [ClassroomLinks, ClassroomLinks];
  const teacherLink: TeacherLink = await api.teacherLink(records.teacher.id);
  const lessonId = (await api.today(hill.projectorUrl)).body.lessons[0]!.lessonId!;
  return { ...records, hill, river, teacherLink, lessonId };
}

describe('joining a lesson with a permanent link', () => {
  it('joins today\'s lesson as the lesson\'s own projector, assistant and teacher, with every command working', async () => {
    const { hill, teacherLink, lessonId, classrooms } = await todaysLesson();
    const teacherSocket = await joinWith(teacherLink.teacherUrl, lessonId);
    const projector = await joinWith(hill.projectorUrl, lessonId);
    const assistant = await joinWith(hill.assistantUrl, lessonId);

    const snapshot = await ok(projector, 'lesson:sync', {});
    const hillEntry = (await server.app.store.classroomOfLasting(lessonId, classrooms[0]!.id))!;
    expect(snapshot.lesson.id).toBe(lessonId);
    expect(snapshot.you).toEqual({ role: 'projector', classroomId: hillEntry.id, classroomName: hillEntry.name });
    expect((await ok(assistant, 'lesson:sync', {})).you).toMatchObject({ role: 'assistant', classroomId: hillEntry.id });
    expect((await ok(teacherSocket, 'lesson:sync', {})).you).toEqual({ role: 'teacher', classroomId: null, classroomName: null });

    // The teacher goes live and publishes; the projector is told and can consume as on any link.
    const live = nextEvent(projector, 'lesson:phaseChanged', (e) => e.phase === 'live');
    const published = nextEvent(projector, 'media:producerAdded');
    await publishTeacher(teacherSocket);
    await live;
    await published;
    // The assistant raises the classroom's hand; the teacher sees it.
    const raised = nextEvent(teacherSocket, 'classroom:updated', (s) => s.id === hillEntry.id && s.hand !== null);
    await ok(assistant, 'hand:raise', {});
    await raised;
    // Roles still hold: a projector cannot go live.
    expect(await send(projector, 'lesson:goLive', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await api.today(hill.projectorUrl)).body.lessons[0]).toMatchObject({ lessonId, phase: 'live' });
  });

  it("starts its classes' picture for the teacher's wall as its school says; the assistant's choice wins and is kept", async () => {
    const { school, hill, teacherLink, lessonId, classrooms } = await todaysLesson();
    expect(school.wallPicture).toBe('on');
    expect((await api.ok<{ wallPicture: string }>('PATCH', `/api/schools/${school.id}`, { wallPicture: 'off' })).wallPicture).toBe('off');
    expect(await api.call('PATCH', `/api/schools/${school.id}`, { wallPicture: 'maybe' })).toMatchObject({ status: 400 });
    const teacherSocket = await joinWith(teacherLink.teacherUrl, lessonId);
    const assistant = await joinWith(hill.assistantUrl, lessonId);
    const hillEntry = (await server.app.store.classroomOfLasting(lessonId, classrooms[0]!.id))!;
    const riverEntry = (await server.app.store.classroomOfLasting(lessonId, classrooms[1]!.id))!;
    const status = (await ok(teacherSocket, 'lesson:sync', {})).classrooms.find((c) => c.id === hillEntry.id)!;
    expect(status.wallPictureOff).toBe(true);
    // The teacher looks at both: neither is asked to send while the school says no.
    expect((await ok(teacherSocket, 'wall:view', { visible: [hillEntry.id, riverEntry.id], spotlight: null })).sending).toEqual([]);
    // Hill's assistant agrees for this lesson: Hill is sent, kept in the records.
    expect(await ok(assistant, 'classroom:setWallPicture', { off: false })).toMatchObject({ wallPictureOff: false, wallView: 'tile' });
    const kept = await server.app.registry.get(lessonId)!.stores.classroomStates.ofLesson(lessonId);
    expect(kept.get(hillEntry.id)!.wallPictureOff).toBe(false);
    expect(kept.get(riverEntry.id)!.wallPictureOff).toBe(true);
  });

  it('refuses a lesson the link is not in, saying why', async () => {
    const first = await todaysLesson();
    const other = await todaysLesson();
    const adHoc = await server.createLesson(['Hill']);
    expect(await refusal(first.hill.projectorUrl, other.lessonId)).toEqual({ code: 'forbidden', message: 'this classroom is not in that lesson' });
    expect(await refusal(first.hill.assistantUrl, adHoc.id)).toMatchObject({ code: 'forbidden' });
    expect(await refusal(first.teacherLink.teacherUrl, other.lessonId)).toEqual({ code: 'forbidden', message: 'this lesson is not one of this teacher\'s' });
    expect(await refusal(first.teacherLink.teacherUrl, adHoc.id)).toMatchObject({ code: 'forbidden' });
    expect(await refusal(first.hill.projectorUrl, undefined)).toMatchObject({ code: 'invalid_payload', message: expect.stringMatching(/auth\.lessonId/) });
    expect(await refusal(first.hill.projectorUrl, '../../etc')).toMatchObject({ code: 'invalid_payload' });
    expect(await refusal(first.hill.projectorUrl, 'nosuchlesson0000')).toMatchObject({ code: 'not_found' });
    // The ad-hoc lesson's own links are as they were.
    (await join(server.url, tokenOf(adHoc.classrooms[0]!.projectorUrl))).close();
  });

  it('cuts off a withdrawn link at once and refuses it from then on with link_revoked; the classroom\'s other link stays', async () => {
    const { hill, river, lessonId, classrooms } = await todaysLesson();
    const projector = await joinWith(hill.projectorUrl, lessonId);
    const assistant = await joinWith(hill.assistantUrl, lessonId);
    const otherProjector = await joinWith(river.projectorUrl, lessonId);
    const cut = new Promise((resolve) => projector.once('disconnect', resolve));

    const fresh = await api.ok<ClassroomLinks>('POST', `/api/classrooms/${classrooms[0]!.id}/links/projector/revoke`);
    await cut;
    expect(await refusal(hill.projectorUrl, lessonId)).toEqual({
      code: 'link_revoked', message: 'this classroom\'s permanent projector link was withdrawn by the admin: ask for the new one',
    });
    expect(assistant.connected).toBe(true);
    expect(otherProjector.connected).toBe(true);
    expect((await ok(await joinWith(fresh.projectorUrl, lessonId), 'lesson:sync', {})).you.role).toBe('projector');
  });

  it('cuts off a withdrawn teacher link, which then cannot read its day either', async () => {
    const { teacher, teacherLink, lessonId } = await todaysLesson();
    const socket = await joinWith(teacherLink.teacherUrl, lessonId);
    const cut = new Promise((resolve) => socket.once('disconnect', resolve));
    await api.ok('POST', `/api/teachers/${teacher.id}/link/revoke`);
    await cut;
    expect(await refusal(teacherLink.teacherUrl, lessonId)).toMatchObject({ code: 'link_revoked' });
    expect((await api.today(teacherLink.teacherUrl)).body).toMatchObject({ error: { code: 'link_revoked' } });
  });
});
