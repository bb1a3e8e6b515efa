import { createHmac } from 'node:crypto';
import { expect, test } from '../fixtures/test.ts';
import { broadcastToThreeProjectors } from '../fixtures/broadcast.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';
import { command, joinLink } from '../fixtures/socket.ts';
import { haveCoturn, MEDIA_SERVER_IP, startTurn, type TurnServer } from '../fixtures/turn.ts';
import { TurnClient } from '../fixtures/turnClient.ts';

// A network that allows nothing but a relay: browsers are told to use only the TURN server
// (ICE_TRANSPORT_POLICY=relay), reached over TCP as through a school firewall.
test.describe('through coturn', () => {
  // Skipped only without Debian's coturn, which `npm test`'s setup installs: in CI it always runs.
  test.skip(!haveCoturn(), 'needs Debian coturn (installed by npm test setup)');

  let turn: TurnServer;
  let server: RunningServer;
  test.beforeAll(async () => {
    turn = await startTurn();
    server = await startServer({
      TURN_URLS: `turn:${MEDIA_SERVER_IP}:${turn.port}?transport=tcp`, TURN_SECRET: turn.secret, ICE_TRANSPORT_POLICY: 'relay',
    });
  });
  test.afterAll(async () => {
    await server?.stop();
    await turn?.stop();
  });

  test('three projectors decode and hear the teacher through a TURN relay only', async ({ browser }) => {
    const results = await broadcastToThreeProjectors(browser, server, null);
    console.log('TURN relay (TCP) time to first frame:', JSON.stringify(results));
    expect(turn.logs.some((l) => /ALLOCATE processed, success/i.test(l)), turn.logs.slice(-20).join('\n')).toBe(true);
  });

  test('the relay takes only passwords the server signed and unexpired', async () => {
    const lesson = await server.createLesson(['Hill School']);
    const projector = await joinLink(server.url, lesson.classrooms[0]!.projectorUrl);
    const { iceServers } = await command(projector, 'media:createTransport', { direction: 'recv' });
    projector.close();
    const { username, credential } = iceServers.find((s) => s.username) ?? {};
    expect(username, 'a relay password for the connection').toMatch(new RegExp(`^\\d+:${lesson.id}:projector:`));

    const forged = `${credential!.startsWith('A') ? 'B' : 'A'}${credential!.slice(1)}`;
    const expiredName = `${Math.floor(Date.now() / 1000) - 60}:${lesson.id}:projector`;
    const refused = [
      [username!, forged],
      [expiredName, createHmac('sha1', turn.secret).update(expiredName).digest('base64')],
    ] as const;
    for (const [name, password] of refused) {
      const client = await TurnClient.connect(turn.port, name, password);
      expect(await client.allocate(), name).toMatchObject({ ok: false, code: 401 });
      client.close();
    }

    const client = await TurnClient.connect(turn.port, username!, credential!);
    try {
      expect(await client.allocate()).toEqual({ ok: true });
    } finally {
      client.close();
    }
  });
});
