import { afterEach, describe, expect, it } from 'vitest';
import { joinRecoverable, nextEvent, ok, tokenOf, waitFor, type useTestServer, type TestSocket } from './harness.ts';

// Socket.IO's connection state recovery restores a session (its rooms, the events it missed) by
// the client's private session id. It must only ever restore it to the same link.
export function recoveryCases(testServer: ReturnType<typeof useTestServer>): void {
  const opened: TestSocket[] = [];
  afterEach(() => {
    for (const socket of opened.splice(0)) socket.close();
  });

  /** A client that recovers its session as the web app's does, after a network cut we make. */
  async function recoveringClient(link: string): Promise<TestSocket> {
    const socket = await joinRecoverable(testServer.server.url, link, false);
    opened.push(socket);
    return socket;
  }

  /** Cuts the connection as a network would ("transport close": the server keeps the session). */
  async function cut(socket: TestSocket): Promise<void> {
    const id = socket.id!;
    socket.io.engine.close();
    await waitFor(() => !testServer.server.app.io.sockets.sockets.has(id));
  }

  /** Reconnects the same client (same private session id and offset) presenting `link`. */
  async function reconnectWith(socket: TestSocket, link: string): Promise<void> {
    socket.auth = { token: tokenOf(link) };
    const back = new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.connect();
    await back;
  }

  /** A broadcast reaches the client: from then on recovery knows where it is in the event stream. */
  async function seesBroadcast(socket: TestSocket, teacher: TestSocket): Promise<void> {
    const seen = nextEvent(socket, 'lesson:lockChanged');
    await ok(teacher, 'lesson:setLocked', { locked: true });
    await seen;
    await ok(teacher, 'lesson:setLocked', { locked: false });
  }

  /**
   * Every lesson event this client receives from now on, but its own classroom's status in the
   * lesson it joins: that one is sent as it joins, and reaches it if the broadcast goes out after
   * it joined its rooms (it does with the Redis adapter, which publishes before delivering).
   */
  function recordEvents(socket: TestSocket, ownClassroomId: string): string[] {
    const seen: string[] = [];
    socket.onAny((event: string, payload: { id?: string } | undefined) => {
      if (event === 'classroom:updated' && payload?.id === ownClassroomId) return;
      seen.push(event);
    });
    return seen;
  }

  describe('connection state recovery', () => {
    it('gives a removed classroom that comes back with another lesson\'s link nothing of the first lesson', async () => {
      const first = await testServer.server.createLesson(['Hill', 'River']);
      const second = await testServer.server.createLesson(['Lake']);
      const teacher = await testServer.connect(first.teacherUrl);
      const hill = await recoveringClient(first.classrooms[0]!.projectorUrl);
      await seesBroadcast(hill, teacher);

      await cut(hill);
      // While Hill is away, the teacher removes it and the lesson moves on: events it "missed".
      await ok(teacher, 'classroom:remove', { classroomId: first.classrooms[0]!.id });
      await ok(teacher, 'lesson:setLocked', { locked: true });

      const seen = recordEvents(hill, second.classrooms[0]!.id);
      await reconnectWith(hill, second.classrooms[0]!.projectorUrl);
      expect(hill.recovered).toBe(true); // the session itself came back: only what it carries is withheld
      expect((await ok(hill, 'lesson:sync', {})).lesson.id).toBe(second.id);
      // More of the first lesson, now that it is connected again.
      await ok(teacher, 'lesson:goLive', {});
      await ok(teacher, 'message:send', { to: { kind: 'all' }, text: 'Welcome back' });
      await ok(teacher, 'lesson:setLocked', { locked: false });
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual([]);
      // It is in the second lesson's rooms only: the second lesson's events reach it.
      const secondTeacher = await testServer.connect(second.teacherUrl);
      const phase = nextEvent(hill, 'lesson:phaseChanged');
      await ok(secondTeacher, 'lesson:goLive', {});
      expect(await phase).toEqual({ phase: 'live' });
    });

    it('still hands the same link the events it missed', async () => {
      const lesson = await testServer.server.createLesson(['Hill']);
      const teacher = await testServer.connect(lesson.teacherUrl);
      const hill = await recoveringClient(lesson.classrooms[0]!.assistantUrl);
      await seesBroadcast(hill, teacher);

      await cut(hill);
      await ok(teacher, 'lesson:goLive', {});
      const missed = nextEvent(hill, 'lesson:phaseChanged');
      await reconnectWith(hill, lesson.classrooms[0]!.assistantUrl);
      expect(hill.recovered).toBe(true);
      expect(await missed).toEqual({ phase: 'live' });
    });
  });
}
