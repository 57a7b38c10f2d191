import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, switchLanguage, t } from '../../web/src/i18n';
import { type Language, languages, preferredLanguage } from '../../web/src/i18n/languages';
import en from '../../web/src/i18n/messages/en';

const root = join(import.meta.dirname, '..', '..');
const catalogues = Object.fromEntries(
  await Promise.all(
    languages.map(async (l) => [l, (await import(`../../web/src/i18n/messages/${l}.ts`)).default]),
  ),
) as Record<Language, Record<string, string>>;

/** The arguments and tags a message uses ({name}, {count, plural…}, <link>): a translation keeps them. */
function placeholders(message: string, locale: string): string[] {
  const found = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const el of elements as { type: number; value?: string; options?: object; children?: unknown[] }[]) {
      if (el.type !== 0 && el.type !== 7 && el.value) found.add(`${el.type}:${el.value}`);
      if (el.children) walk(el.children);
      for (const option of Object.values(el.options ?? {}) as { value: unknown[] }[]) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...found].sort();
}

describe('message catalogues', () => {
  it.each(languages)('%s has every English key and no other', (l) => {
    const missing = Object.keys(en).filter((k) => typeof catalogues[l][k] !== 'string' || !catalogues[l][k]);
    const extra = Object.keys(catalogues[l]).filter((k) => !(k in en));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(languages)('every %s message is valid ICU with the same arguments and tags as English', (l) => {
    const wrong = Object.entries(catalogues[l]).filter(
      ([k, v]) => placeholders(v, l).join() !== placeholders(en[k as keyof typeof en], 'en').join(),
    );
    expect(wrong.map(([k]) => k)).toEqual([]);
  });

  it('words plurals by the language’s rules', async () => {
    await switchLanguage('fr');
    expect(t('loadMore.all', { what: 'members', count: 1 })).toBe('Le seul élément est affiché.');
    expect(t('loadMore.all', { what: 'members', count: 3 })).toBe('Les 3 membres sont affichés.');
    await switchLanguage('en');
    expect(t('loadMore.all', { what: 'organisations', count: 1 })).toBe('The only organisation is shown.');
    expect(t('loadMore.all', { what: 'organisations', count: 16 })).toBe('All 16 organisations shown.');
  });

  it('writes dates and numbers in the member’s locale', async () => {
    await switchLanguage('de');
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatDate('2026-12-02T10:00:00Z')).toBe('02.12.2026');
    await switchLanguage('en');
    expect(formatNumber(1234.5)).toBe('1,234.5');
  });
});

describe('the member’s language', () => {
  it('is their stored choice, else the browser’s first language we have, else English', () => {
    expect(preferredLanguage('it', ['fr-FR'])).toBe('it');
    expect(preferredLanguage(null, ['pt-PT', 'nl-BE', 'fr'])).toBe('nl');
    expect(preferredLanguage('xx', ['pt'])).toBe('en');
    expect(preferredLanguage(null, [])).toBe('en');
  });
});

/**
 * Files whose strings are not in the catalogues yet (docs/languages.md). The check below fails
 * for any other file with English left in its markup, and for a listed file that no longer has
 * any, so this list only shrinks.
 */
const notYetTranslated = new Set<string>([]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sources(path);
    return path.endsWith('.tsx') ? [relative(root, path)] : [];
  });
}

/** Words in JSX text or in a label/hint/placeholder/title/aria-label attribute written as a literal. */
function untranslated(raw: string): string[] {
  // Comments are for developers; `{/* … */}` and `// …` are dropped before looking.
  const source = raw.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const m of source.matchAll(/(?<!=)>([^<>{}]*[A-Za-z]{2,}[^<>{}]*)<(?!\{)/g)) {
    const text = m[1]!.trim();
    // `a > b` comparisons and generic parameters are code, not text.
    if (text && !/[=;()]|&&|\|\|/.test(text)) found.push(text);
  }
  for (const m of source.matchAll(
    /\b(label|hint|placeholder|title|aria-label|what)="([^"]*[A-Za-z]{2,}[^"]*)"/g,
  )) {
    found.push(`${m[1]}="${m[2]}"`);
  }
  return found;
}

/** Page code (pages, components, the shell) whose string literals a member may see. */
function pageCode(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pageCode(path);
    return /\.tsx?$/.test(path) ? [relative(root, path)] : [];
  });
}

/**
 * Words that are not sentences for people: a key name, the HTTP authorization scheme and product
 * names shown as they are spelled everywhere.
 */
const notWords = new Set(['Escape', 'Bearer ', 'Word', 'Excel', 'PowerPoint']);

/**
 * English in a string literal: `'Overdue'`, `` `Version ${n} is published.` ``, `'too few answers'`
 * (a capitalised word, or two or more lowercase words). Class names, paths and keys are neither.
 */
function englishLiterals(raw: string): string[] {
  const source = raw
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/ \/\/ .*$/gm, '');
  const found: string[] = [];
  for (const m of source.matchAll(/'([^'\n]*)'|`([^`\n]*)`/g)) {
    const text = (m[1] ?? m[2])!.replace(/\$\{[^}]*\}/g, '');
    if (notWords.has(text)) continue;
    if (/^[A-Z][a-z]+/.test(text) || /^[a-z]+( [a-z’,]+)+[.…]?$/.test(text)) found.push(text);
  }
  return found;
}

describe('every page speaks the member’s language', () => {
  const code = ['pages', 'components']
    .flatMap((d) => pageCode(join(root, 'web', 'src', d)))
    .concat(['web/src/app.tsx', 'web/src/routes.tsx', 'web/src/words.ts']);
  it.each(code)('%s has no English in its string literals', (file) => {
    expect(englishLiterals(readFileSync(join(root, file), 'utf8'))).toEqual([]);
  });

  const files = sources(join(root, 'web', 'src'));
  it.each(files)('%s has no English left in its markup', (file) => {
    const left = untranslated(readFileSync(join(root, file), 'utf8'));
    if (notYetTranslated.has(file))
      expect(left.length, `${file} is translated: take it off the list`).toBeGreaterThan(0);
    else expect(left).toEqual([]);
  });
});
