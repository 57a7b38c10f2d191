/**
 * What the member's desk counted (unread bulletins, checklists to answer), for the navigation to
 * show next to "Bulletins" and "Checklists". The desk on the home page is the only writer: the
 * counts come from the same lists it shows, so they never say more than the member may see.
 */
export type DeskCounts = Partial<Record<string, string>>;

let counts: DeskCounts = {};
const listeners = new Set<(counts: DeskCounts) => void>();

/** A count as the navigation says it: "3", or "25+" when the list has more pages. */
export const countWord = (n: number, more: boolean) => (more ? `${n}+` : String(n));

export function publishCount(path: string, count: string | undefined) {
  counts = { ...counts, [path]: count };
  for (const listener of listeners) listener(counts);
}

export const deskCounts = () => counts;

export function onDeskCounts(listener: (counts: DeskCounts) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
