import 'i18next';
import type { Messages } from './en.ts';

// Typed keys: `t('teacher.goLive')` is checked, and a misspelt key is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
