import { classroomStore, selectTeacherTrack, type Store } from '../store/index.ts';

/**
 * The projector's pictures of the teacher, camera and slides: one lasting <video> each, kept on
 * the teacher's track by the store, not by React. So the picture can be on the wall before the
 * page's views have even loaded (showPictureFirst), and the views, once loaded, take the same
 * elements into their layout (PictureSlot): no second element to start, no black frame between.
 */
export interface TeacherPicture {
  readonly element: HTMLVideoElement;
}

function followedPicture(source: 'camera' | 'screen', testId: string): TeacherPicture {
  const element = document.createElement('video');
  element.dataset['testid'] = testId;
  // Always muted: the sound has its own element (SoundGate), so autoplay never depends on it.
  element.muted = true;
  element.autoplay = true;
  element.playsInline = true;
  const select = selectTeacherTrack(source);
  let shown: MediaStreamTrack | null = null;
  const follow = (state: Store): void => {
    const track = select(state)?.track ?? null;
    if (track === shown) return;
    shown = track;
    element.srcObject = track ? new MediaStream([track]) : null;
    // Muted playback is always allowed; a rejection here only means a newer srcObject won.
    if (track) element.play().catch(() => undefined);
  };
  follow(classroomStore.getState());
  classroomStore.subscribe(follow);
  return { element };
}

let pictures: { camera: TeacherPicture; screen: TeacherPicture } | null = null;

/** The page's two pictures, made on first use. */
export function teacherPictures(): { camera: TeacherPicture; screen: TeacherPicture } {
  pictures ??= { camera: followedPicture('camera', 'teacher-video'), screen: followedPicture('screen', 'screen-video') };
  return pictures;
}

/** Which picture is the main one, and how each is shown (the views' classes, styles.css). */
export function pictureClasses(hasScreen: boolean): { camera: string; screen: string } {
  // The slides are the main picture when present; the camera becomes a tile.
  return hasScreen
    ? { camera: 'projector__tile', screen: 'projector__main' }
    : { camera: 'projector__main', screen: 'projector__hidden' };
}

/**
 * Puts a picture into a view's layout (PictureSlot). The first view to take the pictures ends
 * showPictureFirst's host, once it holds neither.
 */
export function placePicture(picture: TeacherPicture, slot: HTMLElement): void {
  const { element } = picture;
  const host = element.parentElement;
  slot.append(element);
  if (host?.dataset['testid'] === 'picture-first' && host.childElementCount === 0) host.remove();
  // A video taken out of the page pauses: back in one (a view that came again), it plays on.
  if (element.srcObject && element.paused) element.play().catch(() => undefined);
}

/** How long the page waits for the teacher's picture before it loads its views anyway. */
const PICTURE_FIRST_MAX_WAIT_MS = 4_000;

/**
 * Shows the teacher's picture on its own, full screen, until the views load: resolves once they
 * may (the picture's first frame is on screen; or there is none to wait for: the lesson is not
 * live, the page was refused; or PICTURE_FIRST_MAX_WAIT_MS have passed). On a school PC the
 * views' code (React, ~200 ms of its CPU) would otherwise run while the picture is being set up;
 * on a weak link their ~75 kB would share the link with the code the picture needs.
 */
export function showPictureFirst(): Promise<void> {
  const { camera, screen } = teacherPictures();
  const host = document.createElement('div');
  host.className = 'projector';
  host.dataset['testid'] = 'picture-first';
  host.append(screen.element, camera.element);
  document.body.append(host);
  return new Promise<void>((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unfollow();
      resolve();
    };
    // Laid out as the views would (the slides main when shared), until the views may come.
    const follow = (state: Store): void => {
      const classes = pictureClasses(selectTeacherTrack('screen')(state) !== null);
      camera.element.className = classes.camera;
      screen.element.className = classes.screen;
      if (nothingToWaitFor(state)) finish();
    };
    const timer = setTimeout(finish, PICTURE_FIRST_MAX_WAIT_MS);
    for (const { element } of [camera, screen]) element.requestVideoFrameCallback(finish);
    const unfollow = classroomStore.subscribe(follow);
    follow(classroomStore.getState());
  });
}

/** The page has nothing of the teacher's to show before its views: they must say why. */
function nothingToWaitFor(state: Store): boolean {
  // Refused, or not reaching the server: the views say so.
  if (state.fatal !== null || state.refusal !== null || state.connection === 'reconnecting') return true;
  if (!state.synced) return false;
  return !state.producers.some((p) => p.owner.kind === 'teacher' && (p.source === 'camera' || p.source === 'screen') && !p.paused);
}
