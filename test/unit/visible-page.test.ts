import { describe, expect, it } from 'vitest';
import { filteredStretch, maxStretch, visiblePage } from '../../functions/api/visible-page';
import type { Stretch } from '../../functions/ports';

/** A stored list of positions '099' … '000' (newest first); odd ones are hidden from the viewer. */
function storedList(count: number) {
  const positions = Array.from({ length: count }, (_, i) => String(count - 1 - i).padStart(3, '0'));
  const reads: number[] = [];
  const read = async (after: string | undefined, limit: number): Promise<Stretch<string>> => {
    reads.push(limit);
    const from = after === undefined ? 0 : positions.indexOf(after) + 1;
    const entries = positions.slice(from, from + limit).map((p) => ({ position: p, item: p }));
    const last = entries.at(-1);
    return { entries, ...(from + limit < positions.length && last ? { next: last.position } : {}) };
  };
  return { read, reads };
}
const even = (p: string) => Number(p) % 2 === 0;

describe('a page of what the viewer may see', () => {
  it('holds the first visible items and a cursor at the last of them when more follow', async () => {
    const { read } = storedList(10);
    expect(await visiblePage(read, even, 2, undefined)).toEqual({ items: ['008', '006'], next: '006' });
    expect(await visiblePage(read, even, 2, '006')).toEqual({ items: ['004', '002'], next: '002' });
    // Only hidden items follow '002' but for '000': the last page ends without a cursor.
    expect(await visiblePage(read, even, 2, '002')).toEqual({ items: ['000'], next: undefined });
  });

  it('gives no cursor when only hidden items follow the page', async () => {
    const { read } = storedList(4);
    // 002 and 000 are visible, 003 and 001 hidden; a page of 2 covers every visible item.
    expect(await visiblePage(read, even, 2, undefined)).toEqual({ items: ['002', '000'], next: undefined });
  });

  it('reads on through hidden items with growing stretches, up to the largest', async () => {
    const { read, reads } = storedList(1000);
    const none = () => false;
    expect(await visiblePage(read, none, 5, undefined)).toEqual({ items: [], next: undefined });
    expect(reads.slice(0, 4)).toEqual([6, 12, 24, 48]);
    expect(Math.max(...reads)).toBe(maxStretch);
  });

  it('examines a larger first stretch for a filtered list', async () => {
    const { read, reads } = storedList(300);
    await visiblePage(read, even, 3, undefined, { filtered: true });
    expect(reads).toEqual([filteredStretch]);
  });
});
