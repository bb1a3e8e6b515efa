import { useTranslation } from 'react-i18next';
import { useStore } from '../../store/view.ts';

/** "REC" while the server writes the lesson's recording (issue #18): the class knows it is taped. */
export function RecordingMark({ className = '' }: { className?: string }) {
  const { t } = useTranslation();
  const active = useStore((s) => s.lesson?.recording.active ?? false);
  if (!active) return null;
  return (
    <span className={`recording-mark ${className}`} data-testid="recording-mark" role="status" title={t('recording.hint')}>
      <span className="recording-mark__dot" aria-hidden="true" />
      {t('recording.mark')}
    </span>
  );
}
