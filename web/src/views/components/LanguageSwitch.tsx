import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../../i18n/index.ts';

/** Two languages: the button names the other one, in that language. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const next = currentLanguage() === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button
      type="button"
      className="lang-switch"
      data-testid="lang-switch"
      aria-label={t('common.switchLanguageLabel')}
      lang={next}
      onClick={() => void setLanguage(next)}
    >
      {t('common.switchLanguage')}
    </button>
  );
}
