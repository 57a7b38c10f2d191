import { beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/notification';
import { inDays } from '../support/clock';
import { createNotifyingPortal, type NotifyingPortal } from '../support/notifications';
import { publishBulletin } from '../support/shared-items';

/**
 * Reminders under a fake clock: T-7, T-1, the due day, then weekly once overdue; never twice for
 * a step, none once done or withdrawn; the author's organisation hears who is late. And the digest
 * at the member's hour in their time zone. Mail read from the real local SMTP mailbox.
 */

let portal: NotifyingPortal;
const ben = 'ben@antwerp.example';
const ruth = 'ruth@rotterdam.example';
const hans = 'hans@hamburg.example';
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  portal = await createNotifyingPortal({ seed: 'directory' });
});

const kindsOf = async (as: string, itemId: string) =>
  ((await portal.request('/api/v1/me/notifications?limit=100', { as })).json.items as Notification[])
    .filter((n) => n.itemId === itemId)
    .map((n) => n.kind);
const mailsTo = (email: string) => portal.mailbox.messages().filter((m) => m.to.includes(email));

describe('reminders of an acknowledgement owed', () => {
  it('come at T-7, T-1, the due day and weekly once overdue, once each, and stop when done', async () => {
    const dueAt = inDays(10, portal.time.start);
    const due = new Date(dueAt).getTime();
    const bulletin = await publishBulletin(portal, ben, {
      tlp: 'TLP:AMBER',
      recipients: { organisations: ['rotterdam', 'hamburg'], members: [] },
      requiresAcknowledgement: true,
      acknowledgeBy: dueAt,
    });
    await portal.notifier.settled();
    const at = (ms: number) => portal.tickAt(new Date(ms));

    await at(due - 8 * day);
    expect(await kindsOf(hans, bulletin.id)).toEqual(['published']);
    await at(due - 7 * day);
    await at(due - 7 * day + 60_000); // a second run of the same step sends nothing
    expect(await kindsOf(hans, bulletin.id)).toEqual(['due_in_7_days', 'published']);
    expect(await kindsOf(ruth, bulletin.id)).toEqual(['due_in_7_days', 'published']);

    // Ruth acknowledges: she gets no more reminders; Ben gets the receipt.
    const ack = await portal.request(`/api/v1/bulletins/${bulletin.id}/acknowledgements`, {
      as: ruth,
      body: { kind: 'acknowledge' },
    });
    expect(ack.status).toBe(200);
    await portal.notifier.settled();
    expect(await kindsOf(ben, bulletin.id)).toEqual(['acknowledged']);

    await at(due - day);
    const dueDay = new Date(dueAt);
    await at(Date.UTC(dueDay.getUTCFullYear(), dueDay.getUTCMonth(), dueDay.getUTCDate()));
    const hansMailsBefore = mailsTo(hans).length;
    await at(due);
    await at(due + day);
    expect(await kindsOf(hans, bulletin.id)).toEqual([
      'overdue',
      'due_today',
      'due_tomorrow',
      'due_in_7_days',
      'published',
    ]);
    expect(await kindsOf(ruth, bulletin.id)).toEqual(['due_in_7_days', 'published']);
    // Overdue is mailed at once by default, and the author's organisation hears who is late.
    const overdue = mailsTo(hans)
      .slice(0, mailsTo(hans).length - hansMailsBefore)
      .filter((m) => !m.subject.includes('daily summary'));
    expect(overdue.map((m) => m.subject)).toEqual([
      'A TLP:AMBER bulletin from Port of Antwerp-Bruges is overdue',
    ]);
    const summary = mailsTo(ben).find(
      (m) => m.subject === 'Recipients of your TLP:AMBER bulletin are overdue',
    );
    expect(summary?.text).toContain('Not acknowledged yet: Port of Hamburg');
    expect(summary?.text).not.toContain('Rotterdam');
    expect(await kindsOf('ana@antwerp.example', bulletin.id)).toEqual(['overdue_summary']);

    await at(due + 7 * day);
    await at(due + 7 * day + 1);
    expect((await kindsOf(hans, bulletin.id)).filter((k) => k === 'overdue')).toHaveLength(2);

    // Withdrawn: nothing more, ever.
    const withdrawn = await portal.request(`/api/v1/bulletins/${bulletin.id}/withdraw`, {
      as: ben,
      body: { reason: 'Superseded by a newer bulletin' },
    });
    expect(withdrawn.status).toBe(200);
    await portal.notifier.settled();
    await at(due + 14 * day);
    expect((await kindsOf(hans, bulletin.id)).filter((k) => k === 'overdue')).toHaveLength(2);
  });
});

describe('the daily digest', () => {
  it('collects digest-mode notifications and mails them once at the member’s hour in their time zone', async () => {
    const hansPrefs = (await portal.request('/api/v1/me/preferences', { as: hans })).json;
    const put = await portal.request('/api/v1/me/preferences', {
      as: hans,
      method: 'PUT',
      body: { ...hansPrefs, timeZone: 'Asia/Tokyo', digestHour: 9, language: 'fr' },
    });
    expect(put.status).toBe(200);
    // GREEN goes to the digest by default; its title may be mailed, but the digest lists headlines only.
    const green = await publishBulletin(portal, ben, {
      tlp: 'TLP:GREEN',
      recipients: { organisations: ['hamburg'], members: [] },
    });
    await portal.notifier.settled();
    const before = mailsTo(hans).length;
    const start = portal.time.start;
    const tokyoNine = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 40, 0, 0); // 09:00 in Tokyo
    await portal.tickAt(new Date(tokyoNine - 60_000));
    expect(mailsTo(hans).slice(0, mailsTo(hans).length - before).map((m) => [m.subject, m.text])).toEqual([]);
    await portal.tickAt(new Date(tokyoNine));
    await portal.tickAt(new Date(tokyoNine + 3_600_000));
    const digests = mailsTo(hans).slice(0, mailsTo(hans).length - before);
    expect(digests.map((m) => m.subject)).toEqual(['Votre résumé quotidien du portail de l’Alliance']);
    expect(digests[0]!.text).toContain(`/bulletins/${green.id}`);
    expect(digests[0]!.text).toContain('Port of Antwerp-Bruges a publié pour vous un bulletin TLP:GREEN');
    expect(digests[0]!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });
});
