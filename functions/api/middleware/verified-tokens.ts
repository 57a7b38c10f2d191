/**
 * Tokens whose signature was verified, so that a member's next requests with the same token skip
 * the RS256 verification (the costliest step of a feed page's own CPU, docs/benchmarks.md). What
 * a cached token may do is decided anew on every request all the same: its claims are checked
 * again by the auth middleware, and the member's status comes from the member status cache. A
 * cached token is used only while it has not expired and for at most `ttlMs` after it was
 * verified, so a key the issuer withdraws stops counting within that time.
 */
export class VerifiedTokens {
  private readonly verified = new Map<string, { claims: Record<string, unknown>; until: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 1_000,
  ) {}

  /** The claims of `token` if it was verified and may still be used at `now`. */
  get(token: string, now: Date): Record<string, unknown> | undefined {
    const entry = this.verified.get(token);
    if (!entry) return undefined;
    if (now.getTime() >= entry.until) {
      this.verified.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  /** `claims` were just verified at `now`; `exp` (seconds) bounds how long they may be used. */
  remember(token: string, claims: Record<string, unknown>, now: Date): void {
    const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : now.getTime();
    const until = Math.min(exp, now.getTime() + this.ttlMs);
    if (until <= now.getTime()) return;
    // Oldest first out: a Map iterates in insertion order.
    if (this.verified.size >= this.maxEntries) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, until });
  }
}
