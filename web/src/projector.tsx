// The projector's own page (projector.html), for the weakest links. Its script is only its
// socket (services/earlySocket.ts, ~15 kB): the handshake starts while the rest is still on its
// way, or still being compiled on a slow PC. The rest comes in two steps, each named in the page
// or fetched in a few files (web/build/projectorChunks.ts): on a lesson's link, what brings the
// teacher's picture (projectorLesson.ts), then the views; on a permanent link, its day.
import './services/earlySocket.ts';
import './styles.css';
import { isStandingToken, tokenFromQuery } from './services/token.ts';

document.body.dataset['page'] = 'projector';
const token = tokenFromQuery();
// A permanent link (a lasting classroom's) names no lesson: the page runs its day by itself.
if (token && isStandingToken(token)) void import('./projectorDayPage.tsx').then(({ showProjectorDay }) => showProjectorDay(token));
else void import('./projectorLesson.ts');
