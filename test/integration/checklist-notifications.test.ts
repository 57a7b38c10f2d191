import { beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/notification';
import { inDays } from '../support/clock';
import { createNotifyingPortal, type NotifyingPortal } from '../support/notifications';

/**
 * Checklists in the notification centre: a version published to my organisation's kind tells
 * every member of the organisations of that kind (and nobody else), by mail too; then reminders
 * at T-7, T-1, the due day and weekly once overdue go to the organisations that have not
 * submitted, under a fake clock, never twice and never after submitting. Mail from the real
 * local SMTP mailbox.
 */

let portal: NotifyingPortal;
const carl = 'carl@commission.example';
const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';
const ruth = 'ruth@rotterdam.example';
const sam = 'sam@northsea-line.example';
const clara = 'clara@commission.example';
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  portal = await createNotifyingPortal({ seed: 'directory' });
});

const kindsOf = async (as: string, itemId: string) =>
  ((await portal.request('/api/v1/me/notifications?limit=100', { as })).json.items as Notification[])
    .filter((n) => n.itemId === itemId)
    .map((n) => n.kind);

async function publishChecklist(id: string, dueAt: string) {
  const draft = await portal.request('/api/v1/checklists', {
    as: carl,
    body: {
      id,
      title: 'Gate controls zqCHECKLISTqz',
      description: 'For the tests',
      appliesTo: ['port_authority'],
      dueAt,
      items: [
        { id: 'G1', text: 'Gate badge checks for every person', level: 'mandatory', area: 'access_control' },
      ],
    },
  });
  expect(draft.status).toBe(201);
  const version = await portal.request(`/api/v1/checklists/${id}/publish`, { as: carl, method: 'POST' });
  expect(version.status).toBe(201);
}

describe('a checklist version published to port authorities', () => {
  it('tells members of port authorities only, then reminds those who have not submitted', async () => {
    const dueAt = inDays(10, portal.time.start);
    const due = new Date(dueAt).getTime();
    const before = portal.mailbox.messages().length;
    await publishChecklist('gate-controls', dueAt);
    await portal.notifier.settled();

    const notice = (await portal.request('/api/v1/me/notifications', { as: ruth })).json;
    expect(notice.items).toEqual([
      {
        id: expect.any(String),
        kind: 'published',
        itemType: 'checklist',
        itemId: 'gate-controls',
        tlp: null,
        organisationId: 'commission',
        createdAt: expect.any(String),
        read: false,
      } satisfies Record<keyof Notification, unknown>,
    ]);
    expect(await kindsOf(ben, 'gate-controls')).toEqual(['published']);
    expect(await kindsOf(bo, 'gate-controls')).toEqual(['published']);
    // A shipping company is not addressed, nor the Commission that published it.
    expect(await kindsOf(sam, 'gate-controls')).toEqual([]);
    expect(await kindsOf(clara, 'gate-controls')).toEqual([]);
    expect(await kindsOf(carl, 'gate-controls')).toEqual([]);
    // Default preferences: the notice itself goes to the digest, not an immediate mail.
    expect(portal.mailbox.messages().length).toBe(before);

    const at = (ms: number) => portal.tickAt(new Date(ms));
    await at(due - 8 * day);
    expect(await kindsOf(ruth, 'gate-controls')).toEqual(['published']);
    await at(due - 7 * day);
    await at(due - 7 * day + 60_000); // the same step again sends nothing
    expect(await kindsOf(ruth, 'gate-controls')).toEqual(['due_in_7_days', 'published']);
    expect(await kindsOf(ben, 'gate-controls')).toEqual(['due_in_7_days', 'published']);
    expect(await kindsOf(sam, 'gate-controls')).toEqual([]);

    // Antwerp submits: it gets no more reminders; Rotterdam still does.
    const submitted = await portal.request(
      '/api/v1/checklists/gate-controls/versions/1/assessments/antwerp',
      {
        as: ben,
        method: 'PUT',
        body: { items: [{ itemId: 'G1', status: 'implemented' }] },
      },
    );
    expect(submitted.status).toBe(201);

    await at(due - day);
    const dueDay = new Date(dueAt);
    await at(Date.UTC(dueDay.getUTCFullYear(), dueDay.getUTCMonth(), dueDay.getUTCDate()));
    await at(due + day);
    await at(due + 3 * day); // within the first overdue week: nothing new
    expect(await kindsOf(ruth, 'gate-controls')).toEqual([
      'overdue',
      'due_today',
      'due_tomorrow',
      'due_in_7_days',
      'published',
    ]);
    expect(await kindsOf(ben, 'gate-controls')).toEqual(['due_in_7_days', 'published']);
    // The Commission hears who is late; the overdue reminder is mailed at once by default.
    expect(await kindsOf(clara, 'gate-controls')).toContain('overdue_summary');
    expect(portal.mailbox.messages().some((m) => m.to.includes(ruth))).toBe(true);
    expect(portal.mailbox.messages().some((m) => m.to.includes(ben) && /overdue/i.test(m.subject))).toBe(
      false,
    );

    await at(due + 8 * day);
    expect((await kindsOf(ruth, 'gate-controls')).filter((k) => k === 'overdue')).toHaveLength(2);
  });
});
