import type { ClassroomStatus } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { linkGrade } from './linkGrade.ts';

/** The classroom's link in one word and one colour; the numbers behind it on hover. */
export function QualityBadge({ classroom, testId = 'quality', className = '' }: {
  classroom: Pick<ClassroomStatus, 'projectorOnline' | 'quality'>;
  testId?: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const grade = linkGrade(classroom);
  const q = classroom.quality;
  const detail = grade !== 'lost' && q
    ? t('quality.detail', { rtt: q.rttMs ?? '–', loss: q.lossPercent, kbps: q.bitrateKbps, height: q.frameHeight })
    : undefined;
  return (
    <span className={`badge badge--quality-${grade} ${className}`.trim()} data-testid={testId} data-grade={grade} title={detail}>
      <span className="badge__dot" aria-hidden="true" />
      {t(`quality.${grade}`)}
    </span>
  );
}
