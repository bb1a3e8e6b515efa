import type { NetworkCheckResult as Result } from '@classroom/shared';
import { NETWORK_PATHS } from '@classroom/shared';
import { useTranslation } from 'react-i18next';

/** A check's grade in one word and one colour (the lesson's quality colours). */
export function NetworkGradeBadge({ result, testId }: { result: Result; testId: string }) {
  const { t, i18n } = useTranslation();
  const time = new Date(result.checkedAt).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <span className={`badge badge--quality-${result.grade}`} data-testid={testId} data-grade={result.grade} data-layer={result.layer}
      title={t('networkCheck.lessonGets', { layer: t(`networkCheck.layer_${result.layer}`) })}>
      <span className="badge__dot" aria-hidden="true" />
      {t(`networkCheck.grade_${result.grade}`)} <small>{t('networkCheck.checkedAt', { time })}</small>
    </span>
  );
}

/** Everything a check found: grade, the layer a lesson gets, the figures, each path, and the advice. */
export function NetworkCheckDetails({ result }: { result: Result }) {
  const { t } = useTranslation();
  return (
    <div className="network-check" data-testid="network-check-result" data-grade={result.grade}>
      <p><NetworkGradeBadge result={result} testId="network-check-grade" /></p>
      <p>{t('networkCheck.lessonGets', { layer: t(`networkCheck.layer_${result.layer}`) })}</p>
      <p className="muted">{t('networkCheck.figures', { rtt: result.rttMs ?? '–', kbps: result.bitrateKbps ?? 0, loss: result.lossPercent ?? '–' })}</p>
      <ul className="network-check__paths">
        {NETWORK_PATHS.map((path) => (
          <li key={path} data-testid={`network-path-${path}`} data-state={result.paths[path]}>
            {t(`networkCheck.path_${path}`)}: {t(`networkCheck.state_${result.paths[path]}`)}
          </li>
        ))}
      </ul>
      {result.advice.length > 0 ? (
        <div data-testid="network-advice">
          <p>{t('networkCheck.advice')}</p>
          <ul>
            {result.advice.map((a) => (
              <li key={`${a.path}:${a.protocol}:${a.host}:${a.ports}`}>{t('networkCheck.adviceItem', { protocol: a.protocol.toUpperCase(), host: a.host, ports: a.ports })}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
