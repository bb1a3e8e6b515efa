import { selectOwnClassroom, classroomStore, type Store } from '../store/index.ts';
import { reportActionError } from './actionErrors.ts';
import { releaseLocalMedia } from './localMedia.ts';
import type { Publisher } from './publisher.ts';

interface OwnStage {
  onStage: boolean;
  micMuted: boolean;
  cameraOff: boolean;
}

function ownStage(state: Store): OwnStage {
  const classroom = selectOwnClassroom(state);
  return {
    onStage: classroom?.stage === 'on-stage',
    micMuted: classroom?.micMuted ?? false,
    cameraOff: classroom?.cameraOff ?? false,
  };
}

function same(a: OwnStage, b: OwnStage): boolean {
  return a.onStage === b.onStage && a.micMuted === b.micMuted && a.cameraOff === b.cameraOff;
}

/**
 * A projector sends its camera and microphone while its classroom is on stage, and stops its
 * devices when it leaves the stage (the camera light must go off). It follows the store, so the
 * snapshot after a reconnect and a classroom:updated event drive it the same way. Returns the
 * unsubscribe, for when the media session is torn down.
 */
export function followOwnStage(publisher: Publisher): () => void {
  let last: OwnStage | null = null;
  const apply = (state: Store) => {
    const next = ownStage(state);
    const previous = last;
    if (previous && same(previous, next)) return;
    last = next;
    if (!next.onStage) {
      // Also on the first look: the stage may have ended while this projector was away.
      if (!previous || previous.onStage) {
        void publisher.stop();
        releaseLocalMedia();
      }
      return;
    }
    if (!previous?.onStage) publisher.publish().catch((error: unknown) => reportActionError(error));
    // The server paused its side already; pausing here too saves the school's uplink.
    void publisher.mirrorPaused('microphone', next.micMuted);
    void publisher.mirrorPaused('camera', next.cameraOff);
  };
  apply(classroomStore.getState());
  return classroomStore.subscribe(apply);
}
