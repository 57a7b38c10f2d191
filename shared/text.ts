import * as z from 'zod';

/**
 * What human text the portal accepts. Text typed by one member is shown to others, rendered in
 * pages, CSV exports and the public Atom feed (XML), so characters that are invisible, reorder
 * what is shown, or make XML invalid are refused at the schema with the position named:
 * C0 controls (line breaks and tabs only in multi-line fields), DEL and C1 controls, unpaired
 * surrogates (broken UTF-16), bidirectional overrides and isolates, and noncharacters.
 * No zod needed to ask: `refusedCharacter` is plain, for the feed writer and the web pages.
 */

export type TextLines = 'single' | 'multi';

/** Why a code point is refused in a field, or null when it is accepted. */
export function refusalOf(cp: number, lines: TextLines): string | null {
  if (cp === 0x0a || cp === 0x0d) return lines === 'multi' ? null : 'a line break';
  if (cp === 0x09) return lines === 'multi' ? null : 'a tab';
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return 'a control character';
  if (cp >= 0xd800 && cp <= 0xdfff) return 'an unpaired surrogate';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'a bidirectional override';
  // U+FDD0–U+FDEF and the last two code points of every plane are noncharacters.
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return 'a noncharacter';
  return null;
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first refused character of `text`: its 1-based position in characters, and why. */
export function refusedCharacter(
  text: string,
  lines: TextLines,
): { position: number; codePoint: number; message: string } | null {
  let position = 0;
  // for…of walks code points; an unpaired surrogate comes out on its own.
  for (const ch of text) {
    position += 1;
    const cp = ch.codePointAt(0)!;
    const why = refusalOf(cp, lines);
    if (why)
      return { position, codePoint: cp, message: `contains ${why} (${hex(cp)}) at position ${position}` };
  }
  return null;
}

const safe = (lines: TextLines) =>
  z.string().superRefine((value, ctx) => {
    const refused = refusedCharacter(value, lines);
    if (refused) ctx.addIssue({ code: 'custom', message: refused.message, input: value });
  });

/** Titles, names, file names, search words: one line, no controls at all. */
export const SingleLineText = safe('single');

/** Summaries, bodies, notes, reasons, guidance: line breaks and tabs allowed, other controls not. */
export const MultiLineText = safe('multi');
