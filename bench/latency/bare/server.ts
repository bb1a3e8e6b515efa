// Bare mediasoup, the latency baseline: one worker, one router (Opus + VP8), one WebRtcTransport
// per page on 127.0.0.1 over UDP, every receiver consumes every producer. Signalling is plain
// HTTP POST /rpc; it also serves the page built into ./dist. Nothing of the product is used.
//
//   node --disable-warning=ExperimentalWarning bench/latency/bare/server.ts   (PORT=0: any port)
// Prints "bare server listening <port>" once ready.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { homedir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { createWorker, version, type types } from 'mediasoup';

const DIST = join(import.meta.dirname, 'dist');

/** MEDIASOUP_WORKER_BIN, else the binary that the project's setup built and recorded. */
function workerBin(): string | undefined {
  if (process.env.MEDIASOUP_WORKER_BIN) return process.env.MEDIASOUP_WORKER_BIN;
  const cache = process.env.LIVE_CLASSROOM_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'live-classroom');
  const pointer = join(cache, 'mediasoup-worker', `current-${version}`);
  return existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : undefined;
}

const bin = workerBin();
const worker = await createWorker({ logLevel: 'warn', ...(bin ? { workerBin: bin } : {}) });
worker.on('died', (error) => {
  console.error('mediasoup worker died', error);
  process.exit(1);
});
const router = await worker.createRouter({
  mediaCodecs: [
    { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
    { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
  ],
});
const transports = new Map<string, types.WebRtcTransport>();
const producers: types.Producer[] = [];
const consumers = new Map<string, types.Consumer>();

type Body = Record<string, unknown>;

function transport(body: Body): types.WebRtcTransport {
  const found = transports.get(String(body.transportId));
  if (!found) throw new Error(`no transport ${String(body.transportId)}`);
  return found;
}

async function call(method: string, body: Body): Promise<unknown> {
  switch (method) {
    case 'capabilities':
      return router.rtpCapabilities;
    case 'createTransport': {
      const created = await router.createWebRtcTransport({
        listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }],
        initialAvailableOutgoingBitrate: 600_000,
      });
      transports.set(created.id, created);
      return { id: created.id, iceParameters: created.iceParameters, iceCandidates: created.iceCandidates, dtlsParameters: created.dtlsParameters };
    }
    case 'connect':
      await transport(body).connect({ dtlsParameters: body.dtlsParameters as types.DtlsParameters });
      return {};
    case 'produce': {
      const producer = await transport(body).produce({ kind: body.kind as types.MediaKind, rtpParameters: body.rtpParameters as types.RtpParameters });
      producers.push(producer);
      return { id: producer.id };
    }
    case 'consume': {
      const out = [];
      for (const producer of producers) {
        const consumer = await transport(body).consume({ producerId: producer.id, rtpCapabilities: body.rtpCapabilities as types.RtpCapabilities, paused: true });
        consumers.set(consumer.id, consumer);
        out.push({ id: consumer.id, producerId: producer.id, kind: consumer.kind, rtpParameters: consumer.rtpParameters });
      }
      return out;
    }
    case 'resume':
      for (const id of body.consumerIds as string[]) await consumers.get(id)?.resume();
      return {};
    case 'layers':
      // Which simulcast layer each video consumer forwards now (0 = 150 kbit/s … 2 = 1.2 Mbit/s).
      return [...consumers.values()].filter((c) => c.kind === 'video').map((c) => c.currentLayers ?? null);
    default:
      throw new Error(`unknown method ${method}`);
  }
}

async function readBody(request: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}') as Body;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

function serveFile(url: string, response: ServerResponse): void {
  const path = normalize(join(DIST, url === '/' ? 'index.html' : url));
  if (!path.startsWith(DIST) || !existsSync(path)) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method !== 'POST' || url.pathname !== '/rpc') {
    serveFile(url.pathname, response);
    return;
  }
  readBody(request)
    .then((body) => call(String(body.method), (body.data ?? {}) as Body))
    .then(
      (data) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data })),
      (error: unknown) => response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) })),
    );
});

// mediasoup adds its own SIGINT/SIGTERM listeners (closing the worker), which cancels Node's
// default exit on those signals: exit explicitly.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    worker.close();
    server.close();
    process.exit(0);
  });
}

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`bare server listening ${typeof address === 'object' && address ? address.port : '?'}`);
});
