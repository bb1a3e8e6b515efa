// The projector's day on its permanent link (projector.tsx): it joins its lessons by itself.
import { renderView } from './render.tsx';
import { keepShellForReloads } from './services/offlineShell.ts';
import { runProjectorDay } from './services/projectorDay.ts';
import { ProjectorDayView } from './views/projector/ProjectorDayView.tsx';

export function showProjectorDay(token: string): void {
  runProjectorDay(token);
  renderView(ProjectorDayView);
  keepShellForReloads();
}
