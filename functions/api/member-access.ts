import type { Member } from '../../shared/member';
import type { Organisation } from '../../shared/organisation';
import type { DirectoryStore } from '../ports';

/**
 * How long a member's status, role and organisation are trusted in memory before the directory is
 * read again. A suspension or role change made on another instance takes effect within this time
 * (the API contract promises at most 5 s); on the instance that made it, at once.
 */
export const memberStatusTtlMs = 3_000;

/** Enough for every member of the alliance many times over; the oldest entry goes first. */
const maxEntries = 10_000;

export interface MemberRecord {
  member: Member | null;
  organisation: Organisation | null;
}

/**
 * The directory's view of a signed-in member, cached per instance for `memberStatusTtlMs`: one
 * BatchGetItem (member and organisation) per member per TTL, not per request. Concurrent misses
 * share one read. `clock` is injected so tests move time instead of sleeping.
 */
export class MemberAccess {
  private readonly entries = new Map<string, { at: number; record: Promise<MemberRecord> }>();

  constructor(
    private readonly directory: DirectoryStore,
    private readonly clock: () => number,
    readonly ttlMs = memberStatusTtlMs,
  ) {}

  lookup(organisationId: string, memberId: string): Promise<MemberRecord> {
    const key = `${organisationId}/${memberId}`;
    const now = this.clock();
    const hit = this.entries.get(key);
    // A clock that went backwards does not make an entry live longer.
    if (hit && now >= hit.at && now - hit.at < this.ttlMs) return hit.record;
    const record = this.directory.getMemberWithOrganisation(organisationId, memberId);
    this.entries.delete(key);
    this.entries.set(key, { at: now, record });
    // A failed read is not remembered: the next request tries again.
    record.catch(() => {
      if (this.entries.get(key)?.record === record) this.entries.delete(key);
    });
    if (this.entries.size > maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return record;
  }

  /** After a change made here: the next request of that member reads the directory again. */
  forget(organisationId: string, memberId: string): void {
    this.entries.delete(`${organisationId}/${memberId}`);
  }
}

const perDeps = new WeakMap<object, MemberAccess>();

/**
 * The one cache of an app's dependencies, shared by the auth middleware and the member routes
 * (which forget an entry the moment they change it). Its clock is `deps.cacheClock`, else `now`.
 */
export function memberAccessOf(deps: {
  directory: DirectoryStore;
  now: () => Date;
  cacheClock?: () => number;
}): MemberAccess {
  let access = perDeps.get(deps);
  if (!access) {
    access = new MemberAccess(deps.directory, deps.cacheClock ?? (() => deps.now().getTime()));
    perDeps.set(deps, access);
  }
  return access;
}
