// The projector's own page (projector.html), for the weakest links: everything it runs is named
// in the page itself (module preloads, fetched at once), with no chunk loaded later, and it
// joins the lesson before React renders anything: its socket even starts connecting before the
// rest of its modules are evaluated (keep services/earlySocket.ts the first import).
import './services/earlySocket.ts';
import { joinFromLink } from './services/join.ts';
import { keepShellForReloads } from './services/offlineShell.ts';
import { renderView } from './render.tsx';
import { ProjectorView } from './views/projector/ProjectorView.tsx';

document.body.dataset['page'] = 'projector';
joinFromLink('projector');
renderView(ProjectorView);
keepShellForReloads();
