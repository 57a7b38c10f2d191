import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atomXml, emptyFeedUpdated, feedUpdated, xmlText } from '../../functions/api/atom';
import { publicBaseUrl } from '../../functions/api/public-site';
import { NewBulletin } from '../../shared/bulletin';
import { MultiLineText, refusedCharacter, SingleLineText } from '../../shared/text';
import { childrenNamed, parseXml, textOf } from '../support/xml';

/** Full Unicode, with unpaired surrogates and the characters the issue names mixed in often. */
const anyUnit = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((cu) => String.fromCharCode(cu)),
  fc.constantFrom('\u0000', '\u0001', '\u000B', '\u202E', '\u2066', '\uFFFE', '\uFFFF', '\u0085', '\t', '\n'),
  fc.constantFrom('&', '<', '>', '"', "'", ']]>', '&amp;', '<![CDATA[', '-->'),
);
const anyText = fc.string({ unit: anyUnit, maxLength: 40 });

/** XML 1.0's Char production, spelled from the spec, independent of the code under test. */
const xmlChars = (s: string) =>
  [...s].every((ch) => {
    const cp = ch.codePointAt(0)!;
    return (
      cp === 0x9 ||
      cp === 0xa ||
      cp === 0xd ||
      (cp >= 0x20 && cp <= 0xd7ff) ||
      (cp >= 0xe000 && cp <= 0xfffd) ||
      cp >= 0x10000
    );
  });

describe('accepted text (shared/text.ts)', () => {
  const refused: [string, string, string][] = [
    ['U+0001', 'ab\u0001c', 'contains a control character (U+0001) at position 3'],
    ['U+000B', '\u000Babc', 'contains a control character (U+000B) at position 1'],
    ['NUL', 'abc\u0000', 'contains a control character (U+0000) at position 4'],
    ['DEL', 'a\u007F', 'contains a control character (U+007F) at position 2'],
    ['C1 NEL', 'a\u0085', 'contains a control character (U+0085) at position 2'],
    ['lone high surrogate', 'ab\uD800', 'contains an unpaired surrogate (U+D800) at position 3'],
    ['lone low surrogate', '\uDC00ab', 'contains an unpaired surrogate (U+DC00) at position 1'],
    ['U+202E', 'invoice\u202Efdp.exe', 'contains a bidirectional override (U+202E) at position 8'],
    ['U+2066', 'a\u2066b', 'contains a bidirectional override (U+2066) at position 2'],
    ['U+FFFF', 'a\uFFFF', 'contains a noncharacter (U+FFFF) at position 2'],
    ['U+1FFFE', 'a\u{1FFFE}', 'contains a noncharacter (U+1FFFE) at position 2'],
  ];
  it.each(refused)('refuses %s in every field, naming the position', (_, text, message) => {
    expect(refusedCharacter(text, 'single')?.message).toBe(message);
    expect(refusedCharacter(text, 'multi')?.message).toBe(message);
    expect(MultiLineText.safeParse(text).error?.issues[0]?.message).toBe(message);
  });

  it('counts positions in characters, so an emoji before the fault counts once', () => {
    expect(refusedCharacter('😀\u0001', 'single')?.position).toBe(2);
  });

  it('takes line breaks and tabs in multi-line fields only', () => {
    expect(MultiLineText.safeParse('one\r\ntwo\tthree').success).toBe(true);
    expect(SingleLineText.safeParse('one\ntwo').error?.issues[0]?.message).toBe(
      'contains a line break (U+000A) at position 4',
    );
    expect(SingleLineText.safeParse('a\tb').error?.issues[0]?.message).toBe(
      'contains a tab (U+0009) at position 2',
    );
  });

  it('takes every script, emoji, and the directional marks that right-to-left text needs', () => {
    for (const text of [
      'Łódź – Gdańsk',
      'Πειραιάς',
      'ميناء \u200Fجدة',
      'נמל חיפה',
      '港口 😀👍🏽',
      'e\u0301',
    ]) {
      expect(refusedCharacter(text, 'single'), text).toBeNull();
    }
  });

  it('names the field in a schema: the title of a bulletin', () => {
    const parsed = NewBulletin.safeParse({
      title: 'Seal \u202Eanomaly',
      summary: 'ok',
      severity: 'low',
      tlp: 'TLP:CLEAR',
      categories: ['document-fraud'],
    });
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['title', 'contains a bidirectional override (U+202E) at position 6'],
    ]);
  });

  it('accepts only text whose every character XML 1.0 allows', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        if (refusedCharacter(text, 'multi') === null) expect(xmlChars(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the Atom writer (functions/api/atom.ts)', () => {
  const entry = (over: Partial<Parameters<typeof atomXml>[0]['entries'][number]> = {}) => ({
    id: 'urn:uuid:1',
    title: 'TLP:CLEAR A title',
    link: 'https://portal.example/bulletins/1',
    published: '2026-03-01T10:00:00.000Z',
    updated: '2026-03-01T10:00:00.000Z',
    author: 'antwerp',
    categories: ['document-fraud'],
    summary: 'A summary',
    ...over,
  });
  const feed = (entries: ReturnType<typeof entry>[]) => ({
    id: 'https://portal.example/api/v1/public/bulletins.atom',
    title: 'Feed',
    selfLink: 'https://portal.example/api/v1/public/bulletins.atom',
    entries,
  });

  it('the checker refuses what the old writer let through, so it can fail', () => {
    for (const bad of [
      '<a>\u0001</a>',
      '<a>\uD800</a>',
      '<a>&nbsp;</a>',
      '<a><b></a>',
      '<a>\uFFFF</a>',
      '<a b="<"/>',
    ]) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(textOf(parseXml('<a>x &amp; &#x1F600; y</a>'))).toBe('x & 😀 y');
  });

  it('always writes well-formed XML, whatever is stored, and keeps every acceptable character', () => {
    fc.assert(
      fc.property(
        fc.record({
          title: anyText,
          summary: anyText,
          author: anyText,
          id: anyText,
          link: anyText,
          updated: anyText,
          categories: fc.array(anyText, { maxLength: 3 }),
        }),
        (stored) => {
          const xml = atomXml(feed([entry(stored)]));
          const root = parseXml(xml);
          const [e] = childrenNamed(root, 'entry');
          const shown = (s: string) =>
            [...s].map((ch) => (refusedCharacter(ch, 'multi') ? '\uFFFD' : ch)).join('');
          expect(textOf(childrenNamed(e!, 'title')[0]!)).toBe(shown(stored.title));
          expect(textOf(childrenNamed(e!, 'summary')[0]!)).toBe(shown(stored.summary));
          expect(childrenNamed(e!, 'category').map((c) => c.attributes.term)).toEqual(
            stored.categories.map(shown),
          );
          expect(childrenNamed(e!, 'link')[0]!.attributes.href).toBe(shown(stored.link));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('replaces the characters of the issue in a stored summary', () => {
    const xml = atomXml(feed([entry({ summary: 'a\u0001b\u000Bc\u0000d\uD800e\u202Ef' })]));
    expect(xml).toContain('<summary>a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf</summary>');
  });

  it('escapes markup', () => {
    expect(xmlText(`<b>&"'`)).toBe('&lt;b&gt;&amp;&quot;&apos;');
  });

  it("dates the feed by its newest entry's update, and an empty feed by a fixed instant", () => {
    expect(
      feedUpdated([
        { updated: '2026-03-01T10:00:00.000Z' },
        { updated: '2026-03-04T08:00:00.000Z' },
        { updated: '2026-03-02T10:00:00.000Z' },
      ]),
    ).toBe('2026-03-04T08:00:00.000Z');
    expect(feedUpdated([])).toBe(emptyFeedUpdated);
    const root = parseXml(atomXml(feed([])));
    expect(textOf(childrenNamed(root, 'updated')[0]!)).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('the public base URL setting', () => {
  it('is a plain http(s) address without a trailing slash', () => {
    expect(publicBaseUrl('https://portal.example/')).toBe('https://portal.example');
    expect(publicBaseUrl('https://portal.example/alliance/')).toBe('https://portal.example/alliance');
    for (const bad of [
      undefined,
      '',
      'portal.example',
      'ftp://portal.example',
      'https://portal.example/?x=1',
    ]) {
      expect(() => publicBaseUrl(bad), String(bad)).toThrow(/PUBLIC_BASE_URL/);
    }
  });
});
