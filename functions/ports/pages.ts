/** A stored position in a list; sealed into an opaque cursor before it reaches a client. */
export type StoreKey = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  next?: StoreKey;
}

export interface PageRequest {
  limit: number;
  after?: StoreKey;
}

/**
 * A stretch of a list read in position order, for lists whose pages are cut to what one viewer
 * may see (functions/api/visible-page.ts): each entry with its position, and where reading stopped
 * when the list goes on.
 */
export interface Stretch<T> {
  entries: { position: string; item: T }[];
  next?: string;
}

/** Where to read a stretch from: strictly after `after`, at most `limit` stored entries. */
export interface StretchRequest {
  limit: number;
  after?: string;
}
