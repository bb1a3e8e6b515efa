import type { GradeInput } from '@classroom/shared';
import type { TurnRelay } from '../auth/turnCredentials.ts';

export interface MediaReach {
  /** Where browsers reach the RTC ports: the announced address, else the address they bind to. */
  host: string;
  rtcPort: number;
  numWorkers: number;
  enableUdp: boolean;
  enableTcp: boolean;
  turn: TurnRelay | undefined;
}

/**
 * Where each path reaches this server, for what to ask a school's network administrator: the RTC
 * port of each worker (UDP and TCP), and each TURN URL's protocol and port (coturn's defaults:
 * 3478, 5349 for turns:; a turn: URL without `?transport=` is tried over UDP and TCP).
 */
export function reachEndpoints(reach: MediaReach): GradeInput['endpoints'] {
  const last = reach.rtcPort + reach.numWorkers - 1;
  const ports = reach.rtcPort === 0 ? 'any (RTC_PORT=0)' : last > reach.rtcPort ? `${reach.rtcPort}-${last}` : String(reach.rtcPort);
  const relay = (reach.turn?.urls ?? []).flatMap((url) => {
    const match = /^(turns?):([^?]+?)(?::(\d+))?(?:\?transport=(udp|tcp))?$/.exec(url);
    if (!match) return [];
    const [, scheme, host, port, transport] = match;
    const protocols: ('udp' | 'tcp')[] = scheme === 'turns' || transport === 'tcp' ? ['tcp'] : transport === 'udp' ? ['udp'] : ['udp', 'tcp'];
    return protocols.map((protocol) => ({ protocol, host: host!, ports: port ?? (scheme === 'turns' ? '5349' : '3478') }));
  });
  return {
    udp: [{ protocol: 'udp', host: reach.host, ports }],
    tcp: [{ protocol: 'tcp', host: reach.host, ports }],
    relay,
  };
}
