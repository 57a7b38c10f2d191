import { describe, expect, it } from 'vitest';
import { mergeByPosition, type PositionedStream } from '../../functions/adapters/dynamodb/merge';

const stream = (positions: string[], lastPosition?: string): PositionedStream<string> => ({
  entries: positions.map((position) => ({ position, item: position })),
  lastPosition,
});
const first = (items: string[]) => items[0]!;
/** The merged items alone; each entry's position is checked once below. */
const itemsOf = <R>(page: { entries: { position: string; item: R }[]; next: string | undefined }) => ({
  items: page.entries.map((e) => e.item),
  next: page.next,
});

describe('merging newest-first lists (bulletin feed, document library)', () => {
  it('interleaves two finished lists newest first and joins items at one position', () => {
    const page = mergeByPosition([stream(['5', '3', '1']), stream(['4', '3', '2'])], 10, (items) =>
      items.join('+'),
    );
    expect(itemsOf(page)).toEqual({ items: ['5', '4', '3+3', '2', '1'], next: undefined });
  });

  it('ends a page at the limit and continues below the last position it covered', () => {
    const page = mergeByPosition([stream(['9', '7', '5']), stream(['8', '6'])], 3, first);
    expect(itemsOf(page)).toEqual({ items: ['9', '8', '7'], next: '7' });
  });

  it('never passes an unfinished list’s stop point: an older item could still come from it', () => {
    // The second list stopped at 6; the first list's 4 and 2 wait for the next page.
    const page = mergeByPosition([stream(['8', '4', '2']), stream(['7', '6'], '6')], 10, first);
    expect(itemsOf(page)).toEqual({ items: ['8', '7', '6'], next: '6' });
  });

  it('counts left-out positions as covered, so a page of hidden items still moves on', () => {
    const page = mergeByPosition([stream(['3', '2', '1'])], 2, (items) =>
      items[0] === '3' ? null : items[0]!,
    );
    expect(itemsOf(page)).toEqual({ items: ['2', '1'], next: undefined });
    const limited = mergeByPosition([stream(['4', '3', '2', '1'])], 1, (items) =>
      items[0] === '4' ? null : items[0]!,
    );
    expect(itemsOf(limited)).toEqual({ items: ['3'], next: '3' });
  });

  it('gives each merged entry its position, for the cursor of a page that ends there', () => {
    const page = mergeByPosition([stream(['5', '3']), stream(['4', '3'])], 10, (items) => items.join('+'));
    expect(page.entries).toEqual([
      { position: '5', item: '5' },
      { position: '4', item: '4' },
      { position: '3', item: '3+3' },
    ]);
  });
});
