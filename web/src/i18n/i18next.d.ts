import 'i18next';
import type { DistrictMessages } from './district/en.ts';
import type { Messages } from './en.ts';

// Typed keys: `t('teacher.goLive')` is checked, and a misspelt key is a compile error. (The
// district page's words are added when its chunk loads: i18n/district/index.ts.)
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages & { district: DistrictMessages } };
  }
}
