import type { Role } from '@classroom/shared';
import type { ComponentType } from 'react';
import { renderView } from './render.tsx';
import { keepShellForReloads } from './services/offlineShell.ts';
import { isStandingToken, tokenFromQuery } from './services/token.ts';

interface Page {
  view: () => Promise<ComponentType>;
  /** Pages that join a lesson with the token from their link. */
  role?: Role;
  /** Pages on a permanent link that run their day outside React (join and leave its lessons). */
  runDay?: () => Promise<(token: string) => void>;
}

// One page per role and no in-app navigation: the path picks the view once. Each page is its
// own chunk, so the admin page's QR encoder stays off the others, and mediasoup-client off the
// admin page. The projector, on the weakest links, has a page of its own (projector.tsx).
const pages: Record<string, Page> = {
  '/teacher': { view: () => import('./views/teacher/TeacherConsole.tsx').then((m) => m.TeacherConsole), role: 'teacher' },
  '/assistant': { view: () => import('./views/assistant/AssistantPanel.tsx').then((m) => m.AssistantPanel), role: 'assistant' },
  '/admin': { view: () => import('./views/admin/AdminPage.tsx').then((m) => m.AdminPage) },
  '/report': { view: () => import('./views/report/ReportPage.tsx').then((m) => m.ReportPage) },
  // The district dashboard: its chart library (ECharts) lives in this chunk only.
  '/district': { view: () => import('./views/district/DistrictPage.tsx').then((m) => m.DistrictPage) },
};
const home: Page = { view: () => import('./views/Home.tsx').then((m) => m.Home) };
// A permanent link (a lasting classroom's or a teacher's) names no lesson: its page shows its day.
// (the projector's page, projector.tsx, tells its own)
const standingPages: Record<string, Page> = {
  '/teacher': {
    view: () => import('./views/teacher/day/TeacherDayView.tsx').then((m) => m.TeacherDayView),
    runDay: () => import('./services/teacherDay.ts').then((m) => m.runTeacherDay),
  },
  '/assistant': { view: () => import('./views/standing/StandingDayView.tsx').then((m) => m.StandingDayView) },
};

async function boot(): Promise<void> {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  document.body.dataset['page'] = path.slice(1) || 'home';
  const token = tokenFromQuery();
  const page = (token && isStandingToken(token) ? standingPages[path] : undefined) ?? pages[path] ?? home;
  const { role, runDay } = page;
  // Joining starts outside React (the socket and media live for the page, not a component), as
  // soon as its code is here: the view's chunks load meanwhile.
  if (role) void import('./services/join.ts').then((m) => m.joinFromLink(role));
  if (runDay && token) void runDay().then((run) => run(token));
  renderView(await page.view());
  keepShellForReloads();
}

void boot();
