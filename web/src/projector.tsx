// The projector's own page (projector.html), for the weakest links: everything it runs is named
// in the page itself (module preloads, fetched at once, in a few files: web/build/projectorChunks.ts),
// with no chunk loaded later, and it joins the lesson before React renders anything: its socket
// even starts connecting before the rest of its code has arrived (services/earlySocket.ts, run
// by a script of its own; keep it the first import here too).
import './services/earlySocket.ts';
import { joinFromLink } from './services/join.ts';
import { keepShellForReloads } from './services/offlineShell.ts';
import { runProjectorDay } from './services/projectorDay.ts';
import { isStandingToken, tokenFromQuery } from './services/token.ts';
import { renderView } from './render.tsx';
import { ProjectorDayView } from './views/projector/ProjectorDayView.tsx';
import { ProjectorView } from './views/projector/ProjectorView.tsx';

document.body.dataset['page'] = 'projector';
const token = tokenFromQuery();
if (token && isStandingToken(token)) {
  // A permanent link (a lasting classroom's) names no lesson: the page runs its day by itself.
  runProjectorDay(token);
  renderView(ProjectorDayView);
} else {
  joinFromLink('projector');
  renderView(ProjectorView);
}
keepShellForReloads();
