import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store/index.ts';
import { useFatalText } from './useFatalText.ts';
import { FullScreenMessage } from './FullScreenMessage.tsx';

/**
 * For the teacher and assistant pages: a refusal fills the page; until the first sync a
 * "connecting" message shows; later drops keep the page and show a banner, so the last known
 * state stays readable while socket.io reconnects.
 */
export function ConnectionGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const connection = useStore((s) => s.connection);
  const fatal = useStore((s) => s.fatal);
  const hasLesson = useStore((s) => s.lesson !== null);
  const restarting = useStore((s) => s.serverRestarting);
  const fatalText = useFatalText(fatal);

  if (fatal) {
    return <FullScreenMessage tone="error" testId="fatal-error" status={fatal} title={t('fatal.title')} detail={fatalText} languageSwitch />;
  }
  if (!hasLesson) {
    return <FullScreenMessage testId="connection-status" status={connection} title={t('connection.connecting')} languageSwitch />;
  }
  const banner = restarting ? t('connection.restarting') : connection !== 'connected' ? t('connection.reconnecting') : null;
  return (
    <>
      {banner ? (
        <div className="banner" role="status" data-testid="connection-banner" data-status={restarting ? 'restarting' : connection}>
          {banner}
        </div>
      ) : null}
      {children}
    </>
  );
}
