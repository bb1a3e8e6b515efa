import type { LessonRecording, ReplayState } from '@classroom/shared';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { lessonRecording } from '../../services/recordingLibraryApi.ts';
import { replayPositionNow, tryReplay, useReplay } from '../../services/replay.ts';
import { FullScreenMessage } from '../components/FullScreenMessage.tsx';
import { formatDuration } from '../components/formatDuration.ts';
import { useApiCall } from '../components/useApiCall.ts';
import { enterStep } from './ProjectorReplay.tsx';
import { ReplayPlayer, type ReplaySlot } from './ReplayPlayer.ts';
import { ReplayQuestion } from './ReplayQuestion.tsx';

/** How often the media are put back on the replay's clock, and the time on screen moved on. */
const SYNC_MS = 250;
const SEEK_STEP_MS = 10_000;
/** What the remote's keys do now, under the picture. */
const KEY_HINTS = { 'replay:play': 'replay.keys.play', 'replay:pause': 'replay.keys.pause', 'replay:reveal': 'replay.keys.reveal' } as const;

/** The replay full screen on the projector: the recorded lesson as it was, its question when it comes. */
export function ReplayScreen({ token, replay }: { token: string; replay: ReplayState }) {
  const { t } = useTranslation();
  const load = useCallback(() => lessonRecording(token, replay.lessonId), [token, replay.lessonId]);
  const { data: recording, error } = useApiCall(load);
  if (!recording) {
    return error
      ? <FullScreenMessage title={t('replay.loadFailed')} detail={error.message} tone="error" testId="replay-screen" status="fatal" />
      : <FullScreenMessage title={t('replay.loading')} testId="replay-screen" status="loading" />;
  }
  return <ReplayStage recording={recording} replay={replay} />;
}

function ReplayStage({ recording, replay }: { recording: LessonRecording; replay: ReplayState }) {
  const { t } = useTranslation();
  const receivedAt = useReplay((s) => s.receivedAt);
  const slots = useRef<Partial<Record<ReplaySlot, HTMLDivElement | null>>>({});
  const player = useRef<ReplayPlayer | null>(null);
  const [position, setPosition] = useState(replay.positionMs);
  const [active, setActive] = useState<Set<ReplaySlot>>(new Set());
  const [muted, setMuted] = useState(false);
  useReplayKeys(replay, player);

  useEffect(() => {
    const made = new ReplayPlayer(recording.files, (slot, element) => slots.current[slot]?.append(element));
    player.current = made;
    return () => {
      made.close();
      player.current = null;
    };
  }, [recording]);

  // The server's clock leads; the media follow it at every change and every quarter second.
  useEffect(() => {
    const sync = () => {
      const now = replayPositionNow(replay, receivedAt);
      player.current?.sync(now, replay.status === 'playing');
      setPosition(now);
      setActive(player.current?.activeSlots(now) ?? new Set());
      setMuted(player.current?.muted ?? false);
    };
    sync();
    const timer = setInterval(sync, SYNC_MS);
    return () => clearInterval(timer);
  }, [replay, receivedAt]);

  const slides = active.has('screen');
  const layout = slides ? 'slides' : 'camera';
  return (
    <div
      className={`replay replay--${layout}`}
      data-testid="replay-screen"
      data-status={replay.status}
      data-position={Math.round(position)}
      data-layout={layout}
      data-on-stage={active.has('classroom')}
    >
      <div className="replay__slot replay__slot--camera" ref={(el) => { slots.current.camera = el; }} />
      <div className="replay__slot replay__slot--screen" ref={(el) => { slots.current.screen = el; }} />
      <div className="replay__slot replay__slot--classroom" ref={(el) => { slots.current.classroom = el; }} />
      <div className="replay__slot replay__slot--sound" ref={(el) => { slots.current.sound = el; }} hidden />
      {replay.question ? <ReplayQuestion replay={replay} /> : null}
      <footer className="replay__bar">
        <span className="replay__title">{replay.title}</span>
        <span className="replay__status" data-testid="replay-status">{t(`replay.status.${replay.status}`)}</span>
        <span className="replay__time" data-testid="replay-time">{formatDuration(position)} / {formatDuration(replay.durationMs)}</span>
        <span className="replay__track" aria-hidden="true">
          <span className="replay__fill" style={{ width: `${(100 * position) / Math.max(1, replay.durationMs)}%` }} />
          {replay.questionTimes.map((q) => (
            <span key={q.questionId} className="replay__mark" style={{ left: `${(100 * q.atMs) / Math.max(1, replay.durationMs)}%` }} />
          ))}
        </span>
        <span className="replay__keys">{muted ? t('replay.soundOff') : t(KEY_HINTS[enterStep(replay)])}</span>
      </footer>
    </div>
  );
}

/**
 * The projector's remote: Enter (or Space) takes the next step, ← → move 10 s, Esc goes back to
 * the day. A blocked sound is turned on by the first key (a key press is the gesture it needs).
 */
function useReplayKeys(replay: ReplayState, player: RefObject<ReplayPlayer | null>): void {
  const receivedAt = useReplay((s) => s.receivedAt);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      player.current?.unmute();
      const now = replayPositionNow(replay, receivedAt);
      switch (event.key) {
        case 'Enter':
        case ' ':
          void tryReplay(enterStep(replay), {});
          break;
        case 'ArrowRight':
        case 'PageDown':
          void tryReplay('replay:seek', { positionMs: Math.round(Math.min(replay.durationMs, now + SEEK_STEP_MS)) });
          break;
        case 'ArrowLeft':
        case 'PageUp':
          void tryReplay('replay:seek', { positionMs: Math.round(Math.max(0, now - SEEK_STEP_MS)) });
          break;
        case 'Escape':
        case 'Backspace':
          void tryReplay('replay:close', {});
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [replay, receivedAt, player]);
}
