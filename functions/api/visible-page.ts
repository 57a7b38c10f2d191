import type { Stretch } from '../ports';

/** The largest stretch read in one round trip once the first one turned out to hold hidden items. */
export const maxStretch = 200;

/**
 * The first stretch of a list read with a filter expression (category, title words, area…):
 * DynamoDB counts the entries it examines, not the ones the filter keeps, so a stretch of
 * `limit + 1` would rarely fill a page. Examining more in the first read saves round trips.
 */
export const filteredStretch = 100;

export interface VisiblePage<T> {
  items: T[];
  /** The position of the page's last item when the viewer has more to see; undefined at the end. */
  next: string | undefined;
}

/**
 * One page of what the viewer may see, and nothing that depends on what they may not (issue 9,
 * leak 1). Lists are stored for a whole audience (a port, an organisation's inbox, a tag), so the
 * stored stretch holds items this viewer may not see. Reading goes on until `limit + 1` visible
 * items are found or the list ends: the page is the first `limit` of them, and the cursor is the
 * position of its last item, present only when a visible item follows. Items, page size, cursor
 * and its presence are therefore a function of the visible items alone. The number of reads is
 * not (more hidden items, more reads); each further read is larger to keep that number small.
 */
export async function visiblePage<T>(
  read: (after: string | undefined, limit: number) => Promise<Stretch<T>>,
  visible: (item: T) => boolean,
  limit: number,
  after: string | undefined,
  options: { filtered?: boolean } = {},
): Promise<VisiblePage<T>> {
  const found: { position: string; item: T }[] = [];
  let from = after;
  let size = options.filtered ? Math.max(limit + 1, filteredStretch) : limit + 1;
  while (found.length <= limit) {
    const stretch = await read(from, size);
    for (const entry of stretch.entries) {
      if (visible(entry.item)) found.push(entry);
      if (found.length > limit) break;
    }
    if (stretch.next === undefined) break;
    from = stretch.next;
    size = Math.min(maxStretch, size * 2);
  }
  const items = found.slice(0, limit);
  return {
    items: items.map((e) => e.item),
    next: found.length > limit ? items[items.length - 1]!.position : undefined,
  };
}
