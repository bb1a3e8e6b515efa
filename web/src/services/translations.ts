import type { i18n } from 'i18next';

/**
 * The page's translations, for code outside the views (a failed action's message). Loaded on
 * demand: they come with the views, and a projector's session runs before those (issue 17).
 */
export async function translations(): Promise<i18n> {
  return (await import('../i18n/index.ts')).i18next;
}
