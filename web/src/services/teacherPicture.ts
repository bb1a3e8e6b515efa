import { classroomStore, type Store } from '../store/index.ts';

/**
 * Calls `then` once a picture of the teacher (camera or slides) reaches this page — its track
 * unmutes with the first packets — or after `maxWaitMs` (no picture to wait for: the teacher's
 * camera is off, or the lesson not live yet). Returns a function that stops waiting.
 */
export function afterTeacherPicture(maxWaitMs: number, then: () => void): () => void {
  const watched = new Set<MediaStreamTrack>();
  let done = false;
  const finish = () => {
    if (done) return;
    stop();
    then();
  };
  const look = (state: Store) => {
    for (const { owner, kind, track } of state.remoteTracks) {
      if (owner.kind !== 'teacher' || kind !== 'video' || watched.has(track)) continue;
      if (!track.muted) return finish();
      watched.add(track);
      track.addEventListener('unmute', finish, { once: true });
    }
  };
  const unsubscribe = classroomStore.subscribe(look);
  const timer = setTimeout(finish, maxWaitMs);
  function stop(): void {
    done = true;
    unsubscribe();
    clearTimeout(timer);
    for (const track of watched) track.removeEventListener('unmute', finish);
  }
  look(classroomStore.getState());
  return stop;
}
