import { describe, expect, it } from 'vitest';
import { MemberAccess, memberStatusTtlMs } from '../../functions/api/member-access';
import type { DirectoryStore } from '../../functions/ports';

/** Counts the directory reads the cache makes; answers each with a member, or fails when told to. */
function countingDirectory() {
  const reads: string[] = [];
  let failNext = false;
  const directory = {
    async getMemberWithOrganisation(organisationId: string, memberId: string) {
      reads.push(`${organisationId}/${memberId}`);
      if (failNext) {
        failNext = false;
        throw new Error('throttled');
      }
      return {
        member: {
          id: memberId,
          organisationId,
          email: `${memberId}@x.example`,
          name: memberId,
          role: 'reader' as const,
          createdAt: '2026-01-01T00:00:00.000Z',
        },
        organisation: null,
      };
    },
  } as unknown as DirectoryStore;
  return { directory, reads, failNextRead: () => (failNext = true) };
}

describe('MemberAccess', () => {
  it('reads a member once per TTL, and again once it has passed', async () => {
    let now = 1_000;
    const { directory, reads } = countingDirectory();
    const access = new MemberAccess(directory, () => now);
    await access.lookup('antwerp', 'bo');
    now += memberStatusTtlMs - 1;
    await access.lookup('antwerp', 'bo');
    expect(reads).toHaveLength(1);
    now += 1;
    await access.lookup('antwerp', 'bo');
    expect(reads).toHaveLength(2);
  });

  it('shares one read between concurrent requests, and forgets on demand', async () => {
    const { directory, reads } = countingDirectory();
    const access = new MemberAccess(directory, () => 0);
    await Promise.all([access.lookup('antwerp', 'bo'), access.lookup('antwerp', 'bo')]);
    expect(reads).toHaveLength(1);
    access.forget('antwerp', 'bo');
    await access.lookup('antwerp', 'bo');
    expect(reads).toHaveLength(2);
  });

  it('does not remember a failed read, nor trust an entry when the clock went backwards', async () => {
    let now = 10_000;
    const { directory, reads, failNextRead } = countingDirectory();
    const access = new MemberAccess(directory, () => now);
    failNextRead();
    await expect(access.lookup('antwerp', 'bo')).rejects.toThrow('throttled');
    await access.lookup('antwerp', 'bo');
    expect(reads).toHaveLength(2);
    now -= 60_000;
    await access.lookup('antwerp', 'bo');
    expect(reads).toHaveLength(3);
  });

  it('keeps members of different organisations apart', async () => {
    const { directory, reads } = countingDirectory();
    const access = new MemberAccess(directory, () => 0);
    const a = await access.lookup('antwerp', 'bo');
    const b = await access.lookup('rotterdam', 'bo');
    expect(reads).toEqual(['antwerp/bo', 'rotterdam/bo']);
    expect(a.member?.organisationId).toBe('antwerp');
    expect(b.member?.organisationId).toBe('rotterdam');
  });
});
