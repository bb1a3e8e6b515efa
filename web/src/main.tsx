import './i18n/index.ts';
import './styles.css';
import type { Role } from '@classroom/shared';
import type { ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { isStandingToken, tokenFromQuery } from './services/token.ts';

interface Page {
  view: ComponentType;
  /** Pages that join a lesson with the token from their link. */
  role?: Role;
}

// One page per role and no in-app navigation: the path picks the view once. Each page is its
// own chunk, so a projector on a slow rural link does not download the admin page's QR
// encoder, nor the admin page mediasoup-client.
const pages: Record<string, () => Promise<Page>> = {
  '/teacher': () => import('./views/teacher/TeacherConsole.tsx').then((m) => ({ view: m.TeacherConsole, role: 'teacher' })),
  '/projector': () => import('./views/projector/ProjectorView.tsx').then((m) => ({ view: m.ProjectorView, role: 'projector' })),
  '/assistant': () => import('./views/assistant/AssistantPanel.tsx').then((m) => ({ view: m.AssistantPanel, role: 'assistant' })),
  '/admin': () => import('./views/admin/AdminPage.tsx').then((m) => ({ view: m.AdminPage })),
  '/report': () => import('./views/report/ReportPage.tsx').then((m) => ({ view: m.ReportPage })),
};
const home = () => import('./views/Home.tsx').then((m): Page => ({ view: m.Home }));
const STANDING_PATHS = new Set(['/teacher', '/projector', '/assistant']);
const standingDay = () => import('./views/standing/StandingDayView.tsx').then((m): Page => ({ view: m.StandingDayView }));

async function boot(): Promise<void> {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  document.body.dataset['page'] = path.slice(1) || 'home';
  // A permanent link (a lasting classroom's or a teacher's) names no lesson: its page shows its day.
  const token = STANDING_PATHS.has(path) ? tokenFromQuery() : null;
  const page = await (token && isStandingToken(token) ? standingDay : pages[path] ?? home)();
  if (page.role) {
    // Joining starts outside React: the socket and media live for the page, not a component.
    const { joinFromLink } = await import('./services/join.ts');
    joinFromLink(page.role);
  }
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  const View = page.view;
  createRoot(root).render(<View />);
}

void boot();
