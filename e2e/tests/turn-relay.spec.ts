import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BlockList } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '../fixtures/test.ts';
import { broadcastToThreeProjectors } from '../fixtures/broadcast.ts';
import { ROOT, startServer, type RunningServer } from '../fixtures/server.ts';
import { command, joinLink } from '../fixtures/socket.ts';
import { haveCoturn, MEDIA_SERVER_IP, startTurn, type TurnServer } from '../fixtures/turn.ts';
import { TurnClient } from '../fixtures/turnClient.ts';

// Peers a relay user must not reach through the relay, one per kind (IPv4: the relay here has
// IPv4 addresses only). 127.0.0.2 is loopback that coturn, started with allow-loopback-peers for
// this test, refuses only because of the shipped deny list.
const DENIED_PEERS = {
  '127.0.0.2': 'loopback other than the media server',
  '10.1.2.3': 'private 10/8',
  '172.16.5.6': 'private 172.16/12',
  '192.168.1.10': 'private 192.168/16',
  '169.254.169.254': 'link-local (cloud metadata)',
  '100.64.0.1': 'carrier-grade NAT',
  '198.18.0.1': 'benchmarking',
  '8.8.8.8': 'the Internet: the media server is the only peer',
};

test('the shipped turnserver.conf denies private, loopback, link-local and special peers, IPv4 and IPv6', () => {
  const lines = readFileSync(join(ROOT, 'docker/turnserver.conf'), 'utf8').split('\n').map((line) => line.trim());
  // coturn's ranges (ip or ip-ip) as Node's BlockLists, one per family: a BlockList would also
  // apply ::ffff:0:0/96 to IPv4 addresses, which coturn does not.
  const denied = { ipv4: new BlockList(), ipv6: new BlockList() };
  for (const line of lines) {
    const range = /^denied-peer-ip=(\S+)$/.exec(line)?.[1];
    if (!range) continue;
    const [from, to = from] = range.split('-') as [string, string?];
    const family = from.includes(':') ? 'ipv6' : 'ipv4';
    if (from === to) denied[family].addAddress(from, family);
    else denied[family].addRange(from, to, family);
  }
  for (const ip of [...Object.keys(DENIED_PEERS), '0.1.2.3', '172.31.255.254', '224.0.0.1', '255.255.255.255']) {
    expect(denied.ipv4.check(ip, 'ipv4'), ip).toBe(true);
  }
  for (const ip of ['::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:a00:1::1', 'ff02::1', '2001:db8::1']) {
    expect(denied.ipv6.check(ip, 'ipv6'), ip).toBe(true);
  }
  // The one way through, and passwords signed per connection rather than a static user.
  expect(lines).toContain('allowed-peer-ip=${TURN_PEER_IP}');
  expect(lines).toEqual(expect.arrayContaining(['use-auth-secret', 'static-auth-secret=${TURN_SECRET}', 'no-tcp-relay', 'no-multicast-peers']));
  expect(lines.filter((line) => /^(user=|lt-cred-mech|allow-loopback-peers)/.test(line))).toEqual([]);
});

// A network that allows nothing but a relay: browsers are told to use only the TURN server
// (ICE_TRANSPORT_POLICY=relay), reached over TCP as through a school firewall.
test.describe('through coturn', () => {
  // Skipped only where Debian's coturn is missing (a machine set up by hand): npm test's setup
  // installs it, so CI always runs these.
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

  test('the relay takes only passwords the server signed and unexpired, and reaches only the media server', async () => {
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
      expect(await client.createPermission(MEDIA_SERVER_IP), 'the media server').toEqual({ ok: true });
      for (const [ip, what] of Object.entries(DENIED_PEERS)) {
        expect(await client.createPermission(ip), `${ip}: ${what}`).toEqual({ ok: false, code: 403, reason: 'Forbidden IP' });
      }
    } finally {
      client.close();
    }
  });
});
