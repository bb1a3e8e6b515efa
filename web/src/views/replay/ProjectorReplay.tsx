import type { ReplayState } from '@classroom/shared';
import { useEffect, useRef, type ReactNode } from 'react';
import { connectReplay, disconnectReplay, replayRequest, tryReplay, useReplay } from '../../services/replay.ts';
import { log } from '../../services/util.ts';
import { RecordingPicker } from './RecordingPicker.tsx';
import { ReplayScreen } from './ReplayScreen.tsx';
import './replay.css';

interface Props {
  /** The classroom's permanent link. */
  token: string;
  /** The waiting screen, with the picker put in it. */
  waiting: (picker: ReactNode) => ReactNode;
}

/**
 * The projector's replay (loaded only on a permanent link's waiting screen): the list of recorded
 * lessons to pick with the remote's arrows and Enter, or, while the classroom's replay is open
 * (picked here or on the assistant's phone), the replay full screen. A replay link
 * (`&replay=<lessonId>`) opens that lesson at once.
 */
export default function ProjectorReplay({ token, waiting }: Props) {
  const replay = useReplay((s) => s.replay);
  const connected = useReplay((s) => s.connected);
  const asked = useRef(new URLSearchParams(location.search).get('replay'));

  useEffect(() => {
    connectReplay(token);
    return () => {
      // Left for a lesson going on air: the replay waits where it was, not running on unseen.
      if (useReplay.getState().replay?.status === 'playing') void tryReplay('replay:pause', {});
      disconnectReplay();
    };
  }, [token]);

  useEffect(() => {
    const lessonId = asked.current;
    if (!connected || !lessonId) return;
    asked.current = null;
    void replayRequest('replay:sync', {}).then((now) => (now?.lessonId === lessonId ? null : replayRequest('replay:open', { lessonId })))
      .catch((error: unknown) => log('warn', 'replay link not opened', { lessonId, error: String(error) }));
  }, [connected]);

  if (replay) return <ReplayScreen key={replay.replayId} token={token} replay={replay} />;
  return <>{waiting(<RecordingPicker token={token} autoFocus onPick={(lessonId) => void tryReplay('replay:open', { lessonId })} />)}</>;
}

/** What Enter does now: the one step the projector's remote takes. */
export function enterStep(replay: ReplayState): 'replay:play' | 'replay:pause' | 'replay:reveal' {
  switch (replay.status) {
    case 'playing':
      return 'replay:pause';
    case 'question':
      return 'replay:reveal';
    case 'paused':
    case 'revealed':
    case 'ended':
      return 'replay:play';
    default: {
      const unknown: never = replay.status;
      throw new Error(`unknown replay status ${String(unknown)}`);
    }
  }
}
