/**
 * Merging newest-first lists that share one position space (`time#id`) into one page: the
 * bulletin feed (community feed + organisation inbox) and the document library (community
 * entries + organisation inbox) both read two lists in parallel and merge them here.
 */

export interface PositionedStream<T> {
  entries: { position: string; item: T }[];
  /** Where the stream stopped, when it has more; nothing older than this was read from it. */
  lastPosition: string | undefined;
}

/**
 * Merges the streams newest first. Only positions at or above every unfinished stream's stop
 * point are certain (an older item could still come from that stream), so the page ends there;
 * the next page starts below the last position it covered. `combine` turns the items found at
 * one position into a page item, or null to leave the position out (it still counts as covered).
 */
export function mergeByPosition<T, R>(
  streams: PositionedStream<T>[],
  limit: number,
  combine: (items: T[]) => R | null,
): { items: R[]; next: string | undefined } {
  const cut = streams
    .map((s) => s.lastPosition)
    .filter((p): p is string => p !== undefined)
    .reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
  const byPosition = new Map<string, T[]>();
  for (const stream of streams) {
    for (const { position, item } of stream.entries) {
      if (cut !== undefined && position < cut) continue;
      byPosition.set(position, [...(byPosition.get(position) ?? []), item]);
    }
  }
  const positions = [...byPosition.keys()].sort().reverse();
  const items: R[] = [];
  let lastCovered: string | undefined;
  for (const position of positions) {
    if (items.length === limit) break;
    lastCovered = position;
    const item = combine(byPosition.get(position)!);
    if (item !== null) items.push(item);
  }
  const truncated = lastCovered !== undefined && lastCovered !== positions[positions.length - 1];
  return { items, next: truncated ? lastCovered : cut };
}
