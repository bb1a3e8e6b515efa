import type { VideoCap } from '@classroom/shared';
import { useTranslation } from 'react-i18next';
import { setVideoCap } from '../../services/interaction.ts';
import { useBusy } from '../components/useBusy.ts';

// A local list rather than shared's VIDEO_CAPS, which would pull zod into the page.
const CAPS = ['low', 'medium', 'high'] as const satisfies readonly VideoCap[];

/** Three sizes of picture for the projector: one tap each, the current one marked. */
export function DataSaver({ cap }: { cap: VideoCap }) {
  const { t } = useTranslation();
  const [busy, run] = useBusy();
  return (
    <div className="data-saver">
      <span className="data-saver__title" id="data-saver-title">{t('dataSaver.title')}</span>
      <div className="segmented" role="radiogroup" aria-labelledby="data-saver-title" data-testid="video-cap" data-value={cap}>
        {CAPS.map((option) => (
          <button
            key={option}
            type="button"
            role="radio"
            className="segmented__option"
            data-testid={`video-cap-${option}`}
            aria-checked={cap === option}
            disabled={busy}
            onClick={() => void run(() => (option === cap ? Promise.resolve() : setVideoCap(option)))}
          >
            {t(`dataSaver.${option}`)}
          </button>
        ))}
      </div>
      <small className="muted">{t(`dataSaver.${cap}Hint`)}</small>
    </div>
  );
}
