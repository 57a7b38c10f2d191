/**
 * The portal's languages, in the order the picker shows them. English is the fallback: every
 * catalogue must have every English key (test/unit/i18n.test.ts), and a key still missing at run
 * time shows the English sentence.
 */
export const languages = ['en', 'fr', 'nl', 'de', 'es', 'it'] as const;
export type Language = (typeof languages)[number];
export const fallbackLanguage: Language = 'en';

/** Each language named in itself, so a member finds their own in the picker. */
export const languageNames: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  nl: 'Nederlands',
  de: 'Deutsch',
  es: 'Español',
  it: 'Italiano',
};

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (languages as readonly string[]).includes(value);

/**
 * The member's choice if they made one, else the first of the browser's languages we have
 * ("nl-BE" → nl), else English.
 */
export function preferredLanguage(stored: string | null, browser: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return fallbackLanguage;
}
