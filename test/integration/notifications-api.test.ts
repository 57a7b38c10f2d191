import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPreferences, type Notification } from '../../shared/notification';
import {
  createTestPortal,
  demoMember,
  expectProblem,
  problemFields,
  type TestPortal,
} from '../support/portal';

/** The Contract of issue 12: the notification centre and the e-mail choices, over the real store. */

let portal: TestPortal;
const ruth = 'ruth@rotterdam.example';
const ben = 'ben@antwerp.example';
const ruthId = () => demoMember(ruth).id;

const notification = (n: number, overrides: Partial<Notification> = {}): Notification => ({
  id: `2026050${n}120000000-${'a'.repeat(23)}${n}`,
  kind: 'published',
  itemType: 'bulletin',
  itemId: `b${n}`,
  tlp: 'TLP:AMBER',
  organisationId: 'antwerp',
  createdAt: `2026-05-0${n}T12:00:00.000Z`,
  read: false,
  ...overrides,
});

beforeAll(async () => {
  portal = await createTestPortal({ seed: 'directory' });
});

describe('GET /api/v1/me/notifications', () => {
  it('is empty for a member never told anything', async () => {
    const res = await portal.request('/api/v1/me/notifications', { as: ben });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ items: [], unread: 0, nextCursor: null });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('lists newest first with the unread count, pages with a sealed cursor, and stores each once', async () => {
    for (const n of [1, 3, 2])
      expect(await portal.deps.notifications.add(ruthId(), notification(n))).toBe(true);
    // The same event for the same member again (a replayed batch): nothing new, the count unchanged.
    expect(await portal.deps.notifications.add(ruthId(), notification(2))).toBe(false);
    const first = await portal.request('/api/v1/me/notifications?limit=2', { as: ruth });
    expect(first.status).toBe(200);
    expect(first.json.unread).toBe(3);
    expect(first.json.items.map((i: Notification) => i.itemId)).toEqual(['b3', 'b2']);
    expect(first.json.items[0]).toEqual(notification(3));
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await portal.request(`/api/v1/me/notifications?limit=2&cursor=${first.json.nextCursor}`, {
      as: ruth,
    });
    expect(second.json.items.map((i: Notification) => i.itemId)).toEqual(['b1']);
    expect(second.json.nextCursor).toBeNull();
    // The cursor is bound to its list: not another member's, not the unread list.
    expectProblem(
      await portal.request(`/api/v1/me/notifications?cursor=${first.json.nextCursor}`, { as: ben }),
      400,
    );
    expectProblem(
      await portal.request(`/api/v1/me/notifications?unread=true&cursor=${first.json.nextCursor}`, {
        as: ruth,
      }),
      400,
    );
    // Another member sees none of them.
    expect((await portal.request('/api/v1/me/notifications', { as: ben })).json.items).toEqual([]);
  });

  it('refuses bad queries, naming the field', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['unread=yes', 'unread'],
      ['colour=red', 'colour'],
    ]) {
      const res = await portal.request(`/api/v1/me/notifications?${query}`, { as: ruth });
      expectProblem(res, 400);
      expect(problemFields(res)).toContain(field);
    }
    expectProblem(await portal.request('/api/v1/me/notifications'), 401);
  });
});

describe('POST /api/v1/me/notifications/read', () => {
  it('marks some, ignores unknown and foreign ids, then all; the unread list and count follow', async () => {
    const member = demoMember('bo@antwerp.example');
    const bo = member.email;
    for (const n of [1, 2, 3]) await portal.deps.notifications.add(member.id, notification(n));
    await portal.deps.notifications.add(ruthId(), notification(4));
    const marked = await portal.request('/api/v1/me/notifications/read', {
      as: bo,
      body: { ids: [notification(1).id, notification(1).id, notification(4).id, 'no-such-id'] },
    });
    expect(marked.status).toBe(200);
    expect(marked.json).toEqual({ marked: 1, unread: 2 });
    const unread = await portal.request('/api/v1/me/notifications?unread=true', { as: bo });
    expect(unread.json.items.map((i: Notification) => i.itemId)).toEqual(['b3', 'b2']);
    const all = await portal.request('/api/v1/me/notifications', { as: bo });
    expect(all.json.items.map((i: Notification) => [i.itemId, i.read])).toEqual([
      ['b3', false],
      ['b2', false],
      ['b1', true],
    ]);
    // Ruth's notification 4 was not Bo's to mark.
    const ruths = await portal.request('/api/v1/me/notifications?unread=true', { as: ruth });
    expect(ruths.json.items.map((i: Notification) => i.itemId)).toContain('b4');
    expect(
      (await portal.request('/api/v1/me/notifications/read', { as: bo, body: { all: true } })).json,
    ).toEqual({
      marked: 2,
      unread: 0,
    });
    expect((await portal.request('/api/v1/me/notifications?unread=true', { as: bo })).json.items).toEqual([]);
  });

  it('refuses bodies that are neither ids nor all, and changes nothing', async () => {
    const before = (await portal.request('/api/v1/me/notifications', { as: ruth })).json;
    for (const body of [
      {},
      { ids: [] },
      { all: false },
      { ids: ['x'], all: true },
      { ids: 'x' },
      { ids: Array(101).fill('x') },
    ]) {
      expectProblem(await portal.request('/api/v1/me/notifications/read', { as: ruth, body }), 400);
    }
    expect((await portal.request('/api/v1/me/notifications', { as: ruth })).json).toEqual(before);
  });
});

describe('GET and PUT /api/v1/me/preferences', () => {
  it('gives the defaults, stores a choice, and refuses bad ones without changing anything', async () => {
    const hans = 'hans@hamburg.example';
    expect((await portal.request('/api/v1/me/preferences', { as: hans })).json).toEqual(defaultPreferences);
    const mine = {
      ...defaultPreferences,
      timeZone: 'Europe/Madrid',
      digestHour: 17,
      language: 'de',
      topics: { ...defaultPreferences.topics, other_items: 'off' },
    };
    const put = await portal.request('/api/v1/me/preferences', { as: hans, method: 'PUT', body: mine });
    expect(put.status).toBe(200);
    expect((await portal.request('/api/v1/me/preferences', { as: hans })).json).toEqual(mine);
    for (const [bad, field] of [
      [{ ...mine, timeZone: 'Europe/Atlantis' }, 'timeZone'],
      [{ ...mine, digestHour: 24 }, 'digestHour'],
      [{ ...mine, language: 'xx' }, 'language'],
      [{ ...mine, topics: { ...mine.topics, receipts: 'weekly' } }, 'topics.receipts'],
      [{ ...mine, topics: { ...mine.topics, spam: 'off' } }, 'topics'],
    ] as const) {
      const res = await portal.request('/api/v1/me/preferences', { as: hans, method: 'PUT', body: bad });
      expectProblem(res, 400);
      expect(problemFields(res).some((f) => f.startsWith(field))).toBe(true);
    }
    expect((await portal.request('/api/v1/me/preferences', { as: hans })).json).toEqual(mine);
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  it('turns one kind off for the member the signed link names, without sign-in', async () => {
    const member = demoMember('ana@antwerp.example');
    const token = portal.deps.unsubscribe.sign(member.id, 'restricted_items');
    const page = await portal.request(`/api/v1/unsubscribe/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<form method="post">');
    // Looking at the page changed nothing (mail gateways follow links).
    expect(
      (await portal.request('/api/v1/me/preferences', { as: member.email })).json.topics.restricted_items,
    ).toBe('immediate');
    expectProblem(await portal.request(`/api/v1/unsubscribe/${token}`, { method: 'POST', rawBody: '' }), 400);
    const forged = `${token.split('.')[0]}.${'A'.repeat(22)}`;
    expectProblem(
      await portal.request(`/api/v1/unsubscribe/${forged}`, {
        method: 'POST',
        rawBody: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      404,
    );
    const res = await portal.request(`/api/v1/unsubscribe/${token}`, {
      method: 'POST',
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ topic: 'restricted_items', delivery: 'off' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const after = (await portal.request('/api/v1/me/preferences', { as: member.email })).json;
    expect(after.topics).toEqual({ ...defaultPreferences.topics, restricted_items: 'off' });
  });
});
