import type { ReactNode } from 'react';
import { LanguageSwitch } from './LanguageSwitch.tsx';

interface Props {
  title: string;
  detail?: string | undefined;
  tone?: 'info' | 'error';
  testId?: string;
  status?: string;
  /** Pages that show only this message still need the switch (exactly one per page). */
  languageSwitch?: boolean;
  children?: ReactNode;
}

/** A message that fills the page; on a projector it must read from the back of the room. */
export function FullScreenMessage({ title, detail, tone = 'info', testId = 'status-message', status, languageSwitch = false, children }: Props) {
  return (
    <div className={`fullscreen-message fullscreen-message--${tone}`} data-testid={testId} data-status={status} role={tone === 'error' ? 'alert' : 'status'}>
      <p className="fullscreen-message__title">{title}</p>
      {detail ? <p className="fullscreen-message__detail">{detail}</p> : null}
      {children}
      {languageSwitch ? <div className="corner corner--top-right"><LanguageSwitch /></div> : null}
    </div>
  );
}
