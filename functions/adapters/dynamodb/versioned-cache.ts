/**
 * What an instance keeps of a large aggregate between requests, each entry under the version it
 * was read at (docs/waterbed.md, "The read cache"). An entry answers only when the version the
 * request has just read is the same, so the cache saves the bytes of a read, never the check: a
 * write changes the version in its own transaction and the next request reads afresh.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: string | null; value: T }>();

  /** `capacity` entries at most, the least recently used leaving first. */
  constructor(private readonly capacity: number) {}

  /** The value kept under `key` if it was read at `version`. */
  get(key: string, version: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version === null || entry.version !== version) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Whether anything is kept under `key`, at any version. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Keeps `value` under `key` as read at `version`; `null` for a value whose version is not known
   * (read beside the version, not after it), which marks the key as asked for but never answers.
   */
  set(key: string, version: string | null, value: T): void {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }
}
