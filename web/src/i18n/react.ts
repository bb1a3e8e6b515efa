// The translations for React views (useTranslation): apart from i18n/index.ts so that code
// without views (the projector's session, its error messages) runs without React.
import { initReactI18next } from 'react-i18next';
import { i18next } from './index.ts';

initReactI18next.init(i18next);
