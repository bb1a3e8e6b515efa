import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../store/view.ts';
import { useFatalMessage } from './useFatalMessage.ts';
import { FullScreenMessage } from './FullScreenMessage.tsx';

/**
 * For the teacher and assistant pages: a refusal fills the page; until the first sync a
 * "connecting" message shows (with the server's reason while it refuses us, e.g. a locked
 * lesson); later drops keep the page and show a banner, so the last known state stays readable
 * while socket.io reconnects.
 */
export function ConnectionGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const connection = useStore((s) => s.connection);
  const fatal = useStore((s) => s.fatal);
  const refusal = useStore((s) => s.refusal);
  const hasLesson = useStore((s) => s.lesson !== null);
  const restarting = useStore((s) => s.serverRestarting);
  const fatalMessage = useFatalMessage(fatal);
  // At the handshake, limit_reached can only mean that this assistant link is open on too many devices.
  const reason = refusal === 'limit_reached' ? t('connection.tooManyDevices') : refusal ? t(`errors.${refusal}`) : undefined;

  if (fatal && fatalMessage) {
    return (
      <FullScreenMessage
        tone={fatal === 'lesson_ended' ? 'info' : 'error'}
        testId="fatal-error"
        status={fatal}
        title={fatalMessage.title}
        detail={fatalMessage.detail}
        languageSwitch
      />
    );
  }
  if (!hasLesson) {
    const locked = refusal === 'lesson_locked';
    return (
      <FullScreenMessage
        testId="connection-status"
        status={locked ? 'locked' : connection}
        title={locked ? t('fatal.lockedTitle') : t('connection.connecting')}
        detail={locked ? t('fatal.lockedDetail') : reason}
        languageSwitch
      />
    );
  }
  const banner = restarting
    ? t('connection.restarting')
    : connection !== 'connected'
      ? [t('connection.reconnecting'), reason ?? ''].filter(Boolean).join(' ')
      : null;
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
