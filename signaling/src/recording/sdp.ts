import type { mediasoupTypes } from '@classroom/sfu';

/**
 * The SDP ffmpeg reads to receive one tap's RTP on `port` (RTCP on port + 1): the consumer's
 * codec, payload type and clock rate, nothing to negotiate.
 */
export function recorderSdp(rtp: mediasoupTypes.RtpParameters, kind: 'audio' | 'video', port: number): string {
  const codec = rtp.codecs[0];
  if (!codec) throw new Error('the tap has no codec');
  const [, name] = codec.mimeType.split('/');
  const channels = kind === 'audio' && codec.channels ? `/${codec.channels}` : '';
  const fmtp = Object.entries(codec.parameters ?? {}).map(([key, value]) => `${key}=${String(value)}`).join(';');
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=lesson recording',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`,
    ...(fmtp ? [`a=fmtp:${codec.payloadType} ${fmtp}`] : []),
    'a=recvonly',
    '',
  ].join('\n');
}
