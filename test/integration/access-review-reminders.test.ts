import { beforeAll, describe, expect, it } from 'vitest';
import { accessReviewDueAt } from '../../shared/access-review';
import type { Notification } from '../../shared/notification';
import { createNotifyingPortal, type NotifyingPortal } from '../support/notifications';
import { demoMember } from '../support/portal';

/**
 * "My organisation's access review is due" (issue 12): the reminders job tells an organisation's
 * org admins 7 days before its next review, the day before, on the day and weekly once overdue,
 * each step once, under the scheduler's fake clock, with mail read from the real local mailbox.
 */

const ana = 'ana@antwerp.example';
const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';
const day = 24 * 60 * 60 * 1000;

let portal: NotifyingPortal;
beforeAll(async () => {
  portal = await createNotifyingPortal({ seed: 'directory' });
});

const reviewNotices = async (as: string) =>
  ((await portal.request('/api/v1/me/notifications?limit=100', { as })).json.items as Notification[]).filter(
    (n) => n.kind === 'access_review_due' || n.kind === 'access_review_overdue',
  );
const mailsTo = (email: string) => portal.mailbox.messages().filter((m) => m.to.includes(email));

describe('access-review reminders', () => {
  it('come to the org admins at T-7, T-1, the due day and weekly once overdue, each once', async () => {
    const done = await portal.request('/api/v1/organisations/antwerp/access-review', {
      as: ana,
      body: { decisions: [ana, ben, bo].map((e) => ({ memberId: demoMember(e).id, decision: 'keep' })) },
    });
    expect(done.status).toBe(201);
    await portal.notifier.settled();
    const due = Date.parse(accessReviewDueAt(done.json.lastCompletedAt)!);
    expect(new Date(due).toISOString()).toBe(done.json.dueAt);
    const at = (ms: number) => portal.tickAt(new Date(ms));

    await at(due - 8 * day);
    expect(await reviewNotices(ana)).toEqual([]);
    await at(due - 7 * day);
    await at(due - 7 * day + 60_000); // the same step again sends nothing
    const first = await reviewNotices(ana);
    expect(first).toEqual([
      {
        id: expect.any(String),
        kind: 'access_review_due',
        itemType: 'member',
        itemId: 'antwerp',
        tlp: null,
        organisationId: 'antwerp',
        createdAt: new Date(due - 7 * day).toISOString(),
        read: false,
      } satisfies Record<keyof Notification, unknown>,
    ]);
    // Only org admins: Ben (contributor) and Bo (reader) hear nothing of it.
    expect(await reviewNotices(ben)).toEqual([]);
    expect(await reviewNotices(bo)).toEqual([]);

    await at(due - day);
    // The due day starts at UTC midnight; a review completed at midnight has no "due today" step.
    const dueDate = new Date(due);
    const dueDay = Date.UTC(dueDate.getUTCFullYear(), dueDate.getUTCMonth(), dueDate.getUTCDate());
    if (dueDay < due) await at(dueDay);
    await at(due + 1_000);
    await at(due + 2 * day); // still the first overdue week
    await at(due + 7 * day);
    expect((await reviewNotices(ana)).map((n) => n.kind)).toEqual([
      'access_review_overdue',
      'access_review_overdue',
      ...(dueDay < due ? ['access_review_due'] : []),
      'access_review_due',
      'access_review_due',
    ]);

    await portal.notifier.settled();
    const mails = mailsTo(ana).filter((m) => m.subject.includes('access review'));
    // The defaults: reminders in a digest, overdue ones at once (shared/notification.ts).
    expect(mails.map((m) => m.subject)).toContain(
      'The access review of Port of Antwerp-Bruges is overdue: confirm that each member still needs access',
    );
    const overdueMail = mails.find((m) => m.subject.includes('overdue'))!;
    expect(overdueMail.text).toContain(`${portal.deps.publicBaseUrl}/organisations/antwerp/access-review`);
    expect(mailsTo(ben).filter((m) => m.subject.includes('access review'))).toEqual([]);
  });
});
