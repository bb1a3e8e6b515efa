import { createSocket, type Socket } from 'node:dgram';
import { readFile } from 'node:fs/promises';

function bind(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => { socket.close(); resolve(undefined); });
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}

/**
 * A free even UDP port whose next one is free too (ffmpeg's RTP input takes RTCP on port + 1).
 * Free when asked: the recorder binds it a moment later; a port taken meanwhile makes that
 * ffmpeg fail, and the recorder starts again on another pair.
 */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await bind(0);
    if (!first) continue;
    const port = first.address().port;
    const second = port % 2 === 0 && port < 65535 ? await bind(port + 1) : undefined;
    first.close();
    second?.close();
    if (second) return port;
  }
  throw new Error('no free UDP port pair for the recorder');
}

/** Whether some process listens on this UDP port (Linux: /proc/net/udp and udp6). */
export async function udpPortBound(port: number): Promise<boolean> {
  const suffix = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    // Column 2 is local_address (IP:PORT in hex).
    if (text.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(suffix))) return true;
  }
  return false;
}
