// The bare baseline's page, with mediasoup-client only. ?role=send: camera + microphone with the
// product's simulcast encodings, local preview in <video id="preview">. ?role=recv: consumes
// everything, video in <video id="remote">. window.__bare.state tells the driver where it is.
import { Device, type types } from 'mediasoup-client';

interface BareStatus {
  state: 'starting' | 'producing' | 'consuming' | 'failed';
  error: string | null;
}

declare global {
  interface Window {
    __bare: BareStatus;
  }
}

// The product's camera encodings (web/src/services/publisher.ts): the baseline must send the same.
const CAMERA_ENCODINGS: types.RtpEncodingParameters[] = [
  { rid: 'r0', maxBitrate: 150_000, scaleResolutionDownBy: 4 },
  { rid: 'r1', maxBitrate: 500_000, scaleResolutionDownBy: 2 },
  { rid: 'r2', maxBitrate: 1_200_000 },
];

window.__bare = { state: 'starting', error: null };

async function rpc<T>(method: string, data: object = {}): Promise<T> {
  const response = await fetch('/rpc', { method: 'POST', body: JSON.stringify({ method, data }) });
  const body = (await response.json()) as { data?: T; error?: string };
  if (!response.ok) throw new Error(body.error ?? `${method}: HTTP ${response.status}`);
  return body.data as T;
}

async function loadDevice(): Promise<Device> {
  const device = new Device();
  await device.load({ routerRtpCapabilities: await rpc<types.RtpCapabilities>('capabilities') });
  return device;
}

function showVideo(id: string, stream: MediaStream): void {
  const video = document.createElement('video');
  video.id = id;
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video);
  void video.play().catch(() => undefined);
}

async function send(): Promise<void> {
  const device = await loadDevice();
  const transport = device.createSendTransport(await rpc<types.TransportOptions>('createTransport'));
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    rpc('connect', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
  });
  transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
    rpc<{ id: string }>('produce', { transportId: transport.id, kind, rtpParameters }).then(callback, errback);
  });
  // The product's camera constraints (web/src/services/localMedia.ts); the fake camera file decides.
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
    audio: true,
  });
  const [video] = stream.getVideoTracks();
  const [audio] = stream.getAudioTracks();
  if (!video || !audio) throw new Error('no camera or microphone track');
  showVideo('preview', new MediaStream([video]));
  await transport.produce({ track: video, encodings: CAMERA_ENCODINGS });
  await transport.produce({ track: audio });
  window.__bare.state = 'producing';
}

async function receive(): Promise<void> {
  const device = await loadDevice();
  const transport = device.createRecvTransport(await rpc<types.TransportOptions>('createTransport'));
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    rpc('connect', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
  });
  const offers = await rpc<types.ConsumerOptions[]>('consume', { transportId: transport.id, rtpCapabilities: device.rtpCapabilities });
  const tracks = [];
  for (const offer of offers) tracks.push((await transport.consume(offer)).track);
  showVideo('remote', new MediaStream(tracks.filter((t) => t.kind === 'video')));
  // Sound plays, as in any real receiver (and as on the product's projector): WebRTC's audio/video
  // sync only runs while the audio is being played out.
  const sound = document.createElement('audio');
  sound.autoplay = true;
  sound.srcObject = new MediaStream(tracks.filter((t) => t.kind === 'audio'));
  document.body.append(sound);
  void sound.play().catch(() => undefined);
  await rpc('resume', { consumerIds: offers.map((o) => o.id) });
  window.__bare.state = 'consuming';
}

const role = new URLSearchParams(location.search).get('role');
(role === 'send' ? send() : receive()).catch((error: unknown) => {
  window.__bare = { state: 'failed', error: String(error) };
  console.error(error);
});
