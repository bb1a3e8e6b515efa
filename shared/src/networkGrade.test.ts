import { describe, expect, it } from 'vitest';
import { gradeNetworkCheck, type GradeInput } from './networkGrade.ts';

const endpoints: GradeInput['endpoints'] = {
  udp: [{ protocol: 'udp', host: 'media.example.cn', ports: '44444-44445' }],
  tcp: [{ protocol: 'tcp', host: 'media.example.cn', ports: '44444-44445' }],
  relay: [{ protocol: 'udp', host: 'turn.example.cn', ports: '3478' }, { protocol: 'tcp', host: 'turn.example.cn', ports: '443' }],
};
const allOk = { udp: 'ok', tcp: 'ok', relay: 'not_configured' } as const;
const link = (bitrateKbps: number, lossPercent = 0, rttMs: number | null = 20) => ({ bitrateKbps, lossPercent, rttMs });

describe('gradeNetworkCheck', () => {
  it('a free link carries the top layer: good', () => {
    expect(gradeNetworkCheck({ paths: allOk, serverLayer: 2, downlink: link(1150), endpoints })).toEqual({ grade: 'good', layer: 'high', advice: [] });
  });

  it('a 300 kbit/s link gets the lowest layer: poor', () => {
    expect(gradeNetworkCheck({ paths: allOk, serverLayer: 0, downlink: link(160, 1), endpoints })).toMatchObject({ grade: 'poor', layer: 'low' });
  });

  it('the middle layer is fair', () => {
    expect(gradeNetworkCheck({ paths: allOk, serverLayer: 1, downlink: link(480), endpoints })).toMatchObject({ grade: 'fair', layer: 'medium' });
  });

  it('a layer the bitrate does not bear out is not counted', () => {
    // mediasoup had just switched up, but only the low layer's rate arrived.
    expect(gradeNetworkCheck({ paths: allOk, serverLayer: 2, downlink: link(200), endpoints })).toMatchObject({ layer: 'low', grade: 'poor' });
    expect(gradeNetworkCheck({ paths: allOk, serverLayer: null, downlink: link(50), endpoints })).toMatchObject({ layer: 'none', grade: 'poor' });
  });

  it.each([
    [3, 20, 'fair'], [8, 20, 'poor'], [0, 300, 'fair'], [0, 700, 'poor'],
  ] as const)('loss %d %% and %d ms on the top layer: %s', (loss, rtt, grade) => {
    expect(gradeNetworkCheck({ paths: allOk, serverLayer: 2, downlink: link(1200, loss, rtt), endpoints }).grade).toBe(grade);
  });

  it('a blocked path says which protocol and port to open', () => {
    const result = gradeNetworkCheck({ paths: { udp: 'blocked', tcp: 'ok', relay: 'not_configured' }, serverLayer: 2, downlink: link(1200), endpoints });
    expect(result).toEqual({ grade: 'good', layer: 'high', advice: [{ path: 'udp', protocol: 'udp', host: 'media.example.cn', ports: '44444-44445' }] });
  });

  it('nothing gets through: poor, no layer, advice for every configured path', () => {
    const result = gradeNetworkCheck({ paths: { udp: 'blocked', tcp: 'blocked', relay: 'blocked' }, serverLayer: null, downlink: null, endpoints });
    expect(result.grade).toBe('poor');
    expect(result.layer).toBe('none');
    expect(result.advice.map((a) => `${a.path}:${a.protocol}:${a.ports}`)).toEqual(['udp:udp:44444-44445', 'tcp:tcp:44444-44445', 'relay:udp:3478', 'relay:tcp:443']);
  });
});
