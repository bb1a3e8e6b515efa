import type { LessonPhase, MediaLinkState } from '@classroom/shared';
import { useTranslation } from 'react-i18next';

export function PhaseBadge({ phase, testId = 'lesson-phase' }: { phase: LessonPhase | null; testId?: string }) {
  const { t } = useTranslation();
  if (!phase) return null;
  return (
    <span className={`badge badge--phase-${phase}`} data-testid={testId} data-phase={phase}>
      {t(`phase.${phase}`)}
    </span>
  );
}

/** Color and words: the state must read without color too (and on a cheap phone screen). */
export function LinkBadge({ state, testId }: { state: MediaLinkState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--link-${state}`} data-testid={testId} data-state={state}>
      <span className="badge__dot" aria-hidden="true" />
      {t(`mediaLink.${state}`)}
    </span>
  );
}

export function OnlineBadge({ online, testId, onlineText, offlineText }: {
  online: boolean;
  testId?: string;
  onlineText?: string;
  offlineText?: string;
}) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${online ? 'online' : 'offline'}`} data-testid={testId} data-online={online}>
      <span className="badge__dot" aria-hidden="true" />
      {online ? (onlineText ?? t('common.online')) : (offlineText ?? t('common.offline'))}
    </span>
  );
}
