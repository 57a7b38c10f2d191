import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, expectProblem, type TestPortal } from '../support/portal';
import { publishBulletin } from '../support/shared-items';

/** Issue 11: the feed narrowed to what the member has not read, or to what their organisation owes. */

const ben = 'ben@antwerp.example';
const ruth = 'ruth@rotterdam.example';

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal({ seed: 'directory' });
});

const ids = async (query: string) => {
  const res = await portal.request(`/api/v1/bulletins?${query}`, { as: ruth });
  expect(res.status, res.text).toBe(200);
  return res.json.items.map((i: { id: string }) => i.id);
};

describe('feed filters', () => {
  it('keep only unread bulletins, or only those the organisation must acknowledge, page after page', async () => {
    const dueIn = new Date(portal.deps.now().getTime() + 7 * 24 * 60 * 60 * 1000).toISOString();
    const asked = await publishBulletin(portal, ben, { requiresAcknowledgement: true, acknowledgeBy: dueIn });
    const read = await publishBulletin(portal, ben);
    const plain = await publishBulletin(portal, ben);
    expect(
      (
        await portal.request(`/api/v1/bulletins/${read.id}/acknowledgements`, {
          as: ruth,
          body: { kind: 'read' },
        })
      ).status,
    ).toBe(200);

    expect(await ids('')).toEqual([plain.id, read.id, asked.id]);
    expect(await ids('unread=true')).toEqual([plain.id, asked.id]);
    expect(await ids('needsAcknowledgement=true')).toEqual([asked.id]);
    // One a page: the cursor of a filtered page leads to the next match only.
    const first = await portal.request('/api/v1/bulletins?unread=true&limit=1', { as: ruth });
    expect(first.json.items.map((i: { id: string }) => i.id)).toEqual([plain.id]);
    const second = await portal.request(
      `/api/v1/bulletins?unread=true&limit=1&cursor=${encodeURIComponent(first.json.nextCursor)}`,
      { as: ruth },
    );
    expect(second.json.items.map((i: { id: string }) => i.id)).toEqual([asked.id]);
    expect(second.json.nextCursor).toBeNull();

    // Acknowledged: no longer owed (and read, since acknowledging reads it).
    expect(
      (await portal.request(`/api/v1/bulletins/${asked.id}/acknowledgements`, { as: ruth, body: {} })).status,
    ).toBe(200);
    expect(await ids('needsAcknowledgement=true')).toEqual([]);
    expect(await ids('unread=true')).toEqual([plain.id]);
  });

  it('refuses any other value with a 400 naming the filter', async () => {
    expectProblem(await portal.request('/api/v1/bulletins?unread=yes', { as: ruth }), 400);
  });
});
