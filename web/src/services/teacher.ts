import {
  setActionError, setLocalTrack, setPhase, classroomStore, type ToggleableSource,
} from '../store/index.ts';
import { captureScreen, ensureLocalMedia, setLocalEnabled } from './localMedia.ts';
import { stopScreenTrack } from './publisher.ts';
import { attempt } from './actionErrors.ts';
import { translations } from './translations.ts';
import { getActiveMedia } from './session.ts';
import { request } from './socket.ts';

export function goLive(): Promise<boolean> {
  return attempt(async () => {
    await ensureLocalMedia();
    // The server refuses media:produce until the lesson is live.
    const { phase } = await request('lesson:goLive', {});
    setPhase(phase);
    await getActiveMedia()?.publisher.publish();
  });
}

export function stopLive(): Promise<boolean> {
  return attempt(async () => {
    const { phase } = await request('lesson:stopLive', {});
    setPhase(phase);
    // The server has closed our producers; mirror it locally and stop capturing the screen.
    getActiveMedia()?.publisher.unpublish();
    stopScreenTrack();
  });
}

export function toggleSource(source: ToggleableSource): Promise<boolean> {
  return attempt(async () => {
    const enabled = !classroomStore.getState().enabled[source];
    setLocalEnabled(source, enabled);
    await getActiveMedia()?.publisher.setPaused(source, !enabled);
  });
}

export function toggleScreen(): Promise<boolean> {
  return attempt(async () => {
    const publisher = getActiveMedia()?.publisher;
    if (classroomStore.getState().local.screen) {
      stopScreenTrack();
      await publisher?.stopScreen();
      return;
    }
    let track: MediaStreamTrack;
    try {
      track = await captureScreen();
    } catch {
      // Cancelling the picker is a choice, not a device fault: say it plainly.
      setActionError((await translations()).t('device.screen_denied'));
      return;
    }
    setLocalTrack('screen', track);
    track.addEventListener('ended', () => {
      if (classroomStore.getState().local.screen === track) setLocalTrack('screen', null);
    });
    await publisher?.startScreen(track);
  });
}
