import { refusalOf } from '../../shared/text';

/**
 * An Atom 1.0 writer that cannot emit invalid XML, whatever is stored: every piece of text goes
 * through `xmlText`, which escapes markup and replaces each code point outside XML 1.0's `Char`
 * production (controls, unpaired surrogates, U+FFFE/U+FFFF), and each one the text schemas refuse
 * (shared/text.ts: C1 controls, bidirectional overrides, noncharacters), with U+FFFD. The schemas
 * refuse these on the way in; this covers what was stored before they did.
 */

/** The feed's `updated` when it has no entry: a fixed instant, so the empty feed never changes. */
export const emptyFeedUpdated = '1970-01-01T00:00:00.000Z';

const replacement = '\uFFFD';

const escapes: Record<number, string> = {
  38: '&amp;',
  60: '&lt;',
  62: '&gt;',
  34: '&quot;',
  39: '&apos;',
};

/** Text safe inside an XML element or a quoted attribute. One pass; unchanged text is not copied. */
export function xmlText(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const cu = text.charCodeAt(i);
    let put: string;
    let width = 1;
    if (cu < 0x7f) {
      if (cu >= 0x20) {
        if (cu !== 0x26 && cu !== 0x3c && cu !== 0x3e && cu !== 0x22 && cu !== 0x27) continue;
        put = escapes[cu]!;
      } else if (cu === 0x09 || cu === 0x0a || cu === 0x0d) continue;
      else put = replacement;
    } else {
      let cp = cu;
      // A high surrogate followed by a low one is one character; either alone is refused below.
      if (cu >= 0xd800 && cu <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          cp = (cu - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
          width = 2;
        }
      }
      if (!refusalOf(cp, 'multi')) {
        i += width - 1;
        continue;
      }
      put = replacement;
    }
    out += text.slice(from, i) + put;
    i += width - 1;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

export interface AtomEntry {
  id: string;
  title: string;
  link: string;
  published: string;
  updated: string;
  author: string;
  categories: readonly string[];
  summary: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  selfLink: string;
  entries: readonly AtomEntry[];
}

/** The newest of the entries' `updated`, or `emptyFeedUpdated` without entries. */
export function feedUpdated(entries: readonly Pick<AtomEntry, 'updated'>[]): string {
  let newest = emptyFeedUpdated;
  for (const { updated } of entries) {
    if (Date.parse(updated) > Date.parse(newest)) newest = updated;
  }
  return newest;
}

export function atomXml(feed: AtomFeed): string {
  const t = xmlText;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${t(feed.title)}</title>`,
    `  <id>${t(feed.id)}</id>`,
    `  <link rel="self" href="${t(feed.selfLink)}"/>`,
    `  <updated>${t(feedUpdated(feed.entries))}</updated>`,
    ...feed.entries.map((e) =>
      [
        '  <entry>',
        `    <id>${t(e.id)}</id>`,
        `    <title>${t(e.title)}</title>`,
        `    <link href="${t(e.link)}"/>`,
        `    <published>${t(e.published)}</published>`,
        `    <updated>${t(e.updated)}</updated>`,
        `    <author><name>${t(e.author)}</name></author>`,
        ...e.categories.map((cat) => `    <category term="${t(cat)}"/>`),
        `    <summary>${t(e.summary)}</summary>`,
        '  </entry>',
      ].join('\n'),
    ),
    '</feed>',
  ].join('\n');
}
