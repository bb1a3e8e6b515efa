import './i18n/react.ts';
import './styles.css';
import { startTransition, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * Renders a page's view into #root. As a transition, the first render yields to the browser
 * every few milliseconds: the lesson's socket, opened just before, keeps answering its
 * handshake meanwhile instead of waiting for the whole tree (75 ms on a projector, issue 17).
 */
export function renderView(View: ComponentType): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('the page has no #root');
  startTransition(() => createRoot(root).render(<View />));
}
