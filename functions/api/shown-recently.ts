/**
 * Which restricted titles a member was shown in a list, recently: a member who reloads a feed or
 * library page sees the same AMBER titles again and again, and each page would otherwise write the
 * same audit events again (one TransactWriteItems a page, the most expensive part of a list read).
 * The trail keeps who was shown which item; a repeat within `listAuditWindowMs` on the same
 * instance adds nothing to it and is not written. TLP:RED titles are recorded on every showing,
 * and single reads (an item's page, a download) always are (functions/api/addressing.ts).
 */
export const listAuditWindowMs = 5 * 60_000;
const maxEntries = 50_000;

export class ShownRecently {
  private readonly shown = new Map<string, number>();

  constructor(
    private readonly clock: () => number,
    readonly windowMs = listAuditWindowMs,
  ) {}

  private key = (memberId: string, action: string, itemId: string) => `${memberId}|${action}|${itemId}`;

  /** True when this member was shown this item by this action within the window. */
  has(memberId: string, action: string, itemId: string): boolean {
    const at = this.shown.get(this.key(memberId, action, itemId));
    const now = this.clock();
    // A clock that went backwards does not make an entry live longer.
    return at !== undefined && now >= at && now - at < this.windowMs;
  }

  /** After their events were written. */
  record(memberId: string, action: string, itemIds: readonly string[]): void {
    const now = this.clock();
    for (const itemId of itemIds) {
      const key = this.key(memberId, action, itemId);
      this.shown.delete(key);
      this.shown.set(key, now);
    }
    while (this.shown.size > maxEntries) {
      const oldest = this.shown.keys().next().value;
      if (oldest === undefined) break;
      this.shown.delete(oldest);
    }
  }
}

const perDeps = new WeakMap<object, ShownRecently>();

/** The one record of an app's dependencies; its clock is `deps.cacheClock`, else `now`. */
export function shownRecentlyOf(deps: { now: () => Date; cacheClock?: () => number }): ShownRecently {
  let shown = perDeps.get(deps);
  if (!shown) {
    shown = new ShownRecently(deps.cacheClock ?? (() => deps.now().getTime()));
    perDeps.set(deps, shown);
  }
  return shown;
}
