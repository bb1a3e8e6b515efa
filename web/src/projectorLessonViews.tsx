// The projector's views on a lesson's link, loaded once its picture is up (projectorLesson.ts).
import { renderView } from './render.tsx';
import { ProjectorView } from './views/projector/ProjectorView.tsx';

export function showProjectorLesson(): void {
  renderView(ProjectorView);
}
