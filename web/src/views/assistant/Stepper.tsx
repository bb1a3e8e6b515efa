import type { MAX_PUPILS } from '@classroom/shared';
import { useTranslation } from 'react-i18next';

// The server's limit, kept in step by the type (a runtime import would pull zod into the page).
const MAX: typeof MAX_PUPILS = 500;

/** A number with big − and + buttons: counting hands up one by one on a phone, thumbs only. */
export function Stepper({ label, value, onChange, testId }: { label: string; value: number; onChange: (value: number) => void; testId: string }) {
  const { t } = useTranslation();
  const set = (next: number) => onChange(Math.min(MAX, Math.max(0, Number.isFinite(next) ? Math.trunc(next) : 0)));
  return (
    <div className="stepper">
      <span className="stepper__label">{label}</span>
      <button type="button" className="stepper__button" data-testid={`${testId}-minus`} aria-label={t('quiz.less', { label })} disabled={value <= 0} onClick={() => set(value - 1)}>−</button>
      <input
        className="stepper__input"
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX}
        aria-label={label}
        data-testid={testId}
        value={value}
        onFocus={(e) => e.target.select()}
        onChange={(e) => set(Number(e.target.value))}
      />
      <button type="button" className="stepper__button" data-testid={`${testId}-plus`} aria-label={t('quiz.more', { label })} disabled={value >= MAX} onClick={() => set(value + 1)}>+</button>
    </div>
  );
}
