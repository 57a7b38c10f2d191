/**
 * Merging newest-first lists that share one position space (`time#id`) into one stretch: the
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
 * point are certain (an older item could still come from that stream), so the stretch ends there;
 * reading goes on below the last position it covered (`next`). `combine` turns the items found at
 * one position into an entry, or null to leave the position out (it still counts as covered).
 */
export function mergeByPosition<T, R>(
  streams: PositionedStream<T>[],
  limit: number,
  combine: (items: T[]) => R | null,
): { entries: { position: string; item: R }[]; next: string | undefined } {
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
  const entries: { position: string; item: R }[] = [];
  let lastCovered: string | undefined;
  for (const position of positions) {
    if (entries.length === limit) break;
    lastCovered = position;
    const item = combine(byPosition.get(position)!);
    if (item !== null) entries.push({ position, item });
  }
  const truncated = lastCovered !== undefined && lastCovered !== positions[positions.length - 1];
  return { entries, next: truncated ? lastCovered : cut };
}
