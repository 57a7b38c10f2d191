import { IntlMessageFormat } from 'intl-messageformat';
import type { ComponentChildren } from 'preact';
import { fallbackLanguage, isLanguage, type Language, preferredLanguage } from './languages';
import type { Catalogue, MessageKey } from './messages/en';

export { type Language, languageNames, languages } from './languages';
export type { MessageKey } from './messages/en';

/**
 * Catalogues load per language, each its own chunk: the first load carries the formatter and
 * this file, never the sentences of languages the member does not read.
 */
const loaders: Record<Language, () => Promise<{ default: Catalogue }>> = {
  en: () => import('./messages/en'),
  fr: () => import('./messages/fr'),
  nl: () => import('./messages/nl'),
  de: () => import('./messages/de'),
  es: () => import('./messages/es'),
  it: () => import('./messages/it'),
};

/** Where the member's choice is kept between visits (per browser). */
export const languageStorageKey = 'portal.language';

let current: Language = fallbackLanguage;
let catalogue: Partial<Catalogue> = {};
let fallback: Partial<Catalogue> = {};
let formats = new Map<string, IntlMessageFormat>();
const listeners = new Set<(language: Language) => void>();

function stored(): string | null {
  try {
    return localStorage.getItem(languageStorageKey);
  } catch {
    return null;
  }
}

/** The member's language: stored choice, else the browser's, else English. */
export const initialLanguage = (): Language => preferredLanguage(stored(), navigator.languages ?? []);

export const language = (): Language => current;

/**
 * Loads the language's catalogue (and English, the fallback), makes it current, sets
 * `<html lang>` and tells the shell to render again. `remember` stores the member's choice.
 */
export async function switchLanguage(next: Language, remember = false): Promise<void> {
  const [chosen, english] = await Promise.all([
    loaders[next](),
    next === fallbackLanguage ? null : loaders[fallbackLanguage](),
  ]);
  current = next;
  catalogue = chosen.default;
  fallback = english?.default ?? chosen.default;
  formats = new Map();
  // Guarded so unit tests (Node, no DOM) can load a catalogue too.
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  if (remember) {
    try {
      localStorage.setItem(languageStorageKey, next);
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
  }
  for (const listener of listeners) listener(next);
}

export function onLanguageChange(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export { isLanguage };

type Values = Record<string, string | number | Date | ((chunks: ComponentChildren[]) => ComponentChildren)>;

function formatter(key: MessageKey): IntlMessageFormat {
  let f = formats.get(key);
  if (!f) {
    const own = catalogue[key];
    const source = own ?? fallback[key] ?? key;
    f = new IntlMessageFormat(source, own === undefined ? fallbackLanguage : current);
    formats.set(key, f);
  }
  return f;
}

/** A sentence in the member's language: `t('feed.count', { count: 3 })` (ICU MessageFormat). */
export function t(key: MessageKey, values?: Record<string, string | number | Date>): string {
  return String(formatter(key).format(values));
}

/**
 * A sentence with markup: tags in the message (`<link>the directory</link>`) become the
 * elements that `values` gives for them, so translators can move the link within the sentence.
 */
export function tx(key: MessageKey, values: Values): ComponentChildren {
  const out = formatter(key).format<ComponentChildren>(values as never);
  return Array.isArray(out) ? out.map((part, i) => withKey(part, i)) : out;
}

const withKey = (part: unknown, i: number) =>
  part && typeof part === 'object' && 'type' in part && !(part as { key?: unknown }).key
    ? { ...(part as object), key: i }
    : part;

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.DisplayNames>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.DisplayNames>(
  name: string,
  make: () => T,
): T {
  const key = `${current}:${name}`;
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

/** "2 Dec 2026" in the member's locale; "—" for nothing. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return cached('date', () => new Intl.DateTimeFormat(current, { dateStyle: 'medium' })).format(
    new Date(iso),
  );
}

/** "2 Dec 2026, 14:05" in the member's locale (in `timeZone` if given, e.g. UTC); "—" for nothing. */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return cached(
    `dateTime:${timeZone ?? ''}`,
    () =>
      new Intl.DateTimeFormat(current, {
        dateStyle: 'medium',
        timeStyle: 'short',
        ...(timeZone ? { timeZone } : {}),
      }),
  ).format(new Date(iso));
}

/** A number with the locale's grouping and decimal mark. */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return cached(
    `number:${JSON.stringify(options ?? {})}`,
    () => new Intl.NumberFormat(current, options),
  ).format(n);
}

/** "BE" → "Belgium" / "Belgique" / "België"…; unknown codes stay as they are. */
export function countryName(code: string): string {
  try {
    return cached('region', () => new Intl.DisplayNames([current], { type: 'region' })).of(code) ?? code;
  } catch {
    return code;
  }
}
