import { i18next } from '../index.ts';
import { districtEn } from './en.ts';
import { districtZhCN } from './zh-CN.ts';

// Added to the app's resources when the district page's chunk runs, before its first render.
i18next.addResourceBundle('en', 'translation', { district: districtEn }, true, false);
i18next.addResourceBundle('zh-CN', 'translation', { district: districtZhCN }, true, false);
