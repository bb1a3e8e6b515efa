// A projector on a lesson's link (projector.tsx): the session and mediasoup-client, and the
// teacher's picture shown by itself; the views (React) after its first frame (showPictureFirst),
// or at once when there is none to wait for.
import { joinFromLink } from './services/join.ts';
import { keepShellForReloads } from './services/offlineShell.ts';
import { showPictureFirst } from './services/projectorPictures.ts';

joinFromLink('projector');
void showPictureFirst().then(() => import('./projectorLessonViews.tsx')).then(({ showProjectorLesson }) => showProjectorLesson())
  // After the views: the service worker keeps the files the page has loaded by then.
  .then(keepShellForReloads);
