import { test } from '../fixtures/test.ts';
import { broadcastToThreeProjectors } from '../fixtures/broadcast.ts';
import { startServer, type RunningServer } from '../fixtures/server.ts';
import { haveCoturn, startTurn, type TurnServer } from '../fixtures/turn.ts';

// A network that allows nothing but a relay: browsers are told to use only the TURN server
// (ICE_TRANSPORT_POLICY=relay), reached over TCP as through a school firewall.
// Skipped only without Debian's coturn, which `npm test`'s setup installs: in CI it always runs.
test.skip(!haveCoturn(), 'needs Debian coturn (installed by npm test setup)');

let turn: TurnServer;
let server: RunningServer;
test.beforeAll(async () => {
  turn = await startTurn();
  server = await startServer({
    ICE_SERVERS: JSON.stringify([{ urls: `turn:127.0.0.1:${turn.port}?transport=tcp`, username: turn.username, credential: turn.credential }]),
    ICE_TRANSPORT_POLICY: 'relay',
  });
});
test.afterAll(async () => {
  await server?.stop();
  await turn?.stop();
});

test('three projectors decode and hear the teacher through a TURN relay only', async ({ browser }) => {
  const results = await broadcastToThreeProjectors(browser, server, null);
  console.log('TURN relay (TCP) time to first frame:', JSON.stringify(results));
  test.expect(turn.logs.some((l) => /ALLOCATE processed, success/i.test(l)), turn.logs.slice(-20).join('\n')).toBe(true);
});
