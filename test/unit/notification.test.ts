import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TlpLabel, tlpLabels } from '../../shared';
import {
  type Addressee,
  accessReviewReminderDue,
  audienceOf,
  defaultPreferences,
  deliveryOf,
  digestDue,
  digestMailOf,
  eventOfAudit,
  type MailedItem,
  mailLanguages,
  mailOf,
  malwareNoticeOf,
  NotificationKind,
  NotifiedItemType,
  notificationId,
  Preferences,
  reminderDue,
} from '../../shared/notification';

/** Organisation notices (members, infected files, access reviews) carry no label: tested on their own below. */
const organisationNotices: NotificationKind[] = [
  'member_invited',
  'member_suspended',
  'malware_found',
  'access_review_due',
  'access_review_overdue',
  'webhook_paused',
];
const itemKind = fc.constantFrom(...NotificationKind.options.filter((k) => !organisationNotices.includes(k)));

const restricted: TlpLabel[] = ['TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'];

/** Words no template contains, so that finding one in a message means it came from the item. */
const secret = fc
  .string({ minLength: 4, maxLength: 40 })
  .map((s) => `zq${s.replace(/[^A-Za-z0-9]/g, 'x')}qz`);

const mailedItem = fc.record({
  itemType: fc.constantFrom(...NotifiedItemType.options.filter((t) => t !== 'member')),
  tlp: fc.constantFrom(...tlpLabels),
  title: secret,
  summary: secret,
  publisher: fc.constantFrom('Port of Antwerp-Bruges', 'Port of Rotterdam'),
  link: fc.constant('https://portal.example/bulletins/1'),
});

describe('mail never carries restricted content', () => {
  it('leaves title and summary of AMBER, AMBER+STRICT and RED items out of subject, text and HTML, for every kind', () => {
    fc.assert(
      fc.property(mailedItem, itemKind, fc.constantFrom(...mailLanguages), (item, kind, language) => {
        const mail = mailOf(kind, item, 'https://portal.example/preferences', language);
        const all = `${mail.subject}\n${mail.text}\n${mail.html}`;
        expect(all).toContain(item.tlp);
        // The overdue summary goes to the publisher itself; it names who is late instead.
        if (kind !== 'overdue_summary') expect(all).toContain(item.publisher);
        expect(all).toContain(item.link);
        const leaks = [item.title, item.summary].some((t) => all.includes(t));
        expect(leaks).toBe(!restricted.includes(item.tlp));
      }),
      { numRuns: 300 },
    );
  });

  it('mails an infected-file notice without the item’s label, title or summary, whatever the item holds', () => {
    fc.assert(
      fc.property(mailedItem, fc.constantFrom(...mailLanguages), (item, language) => {
        // The notify job reads nothing of the item (functions/jobs/notify.ts): no label.
        const mail = mailOf(
          'malware_found',
          { ...item, tlp: null },
          'https://portal.example/preferences',
          language,
        );
        const all = `${mail.subject}\n${mail.text}\n${mail.html}`;
        expect(all).toContain(item.publisher);
        expect(all).toContain(item.link);
        expect([item.title, item.summary].some((t) => all.includes(t))).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('escapes GREEN content in the HTML part', () => {
    const item: MailedItem = {
      itemType: 'bulletin',
      tlp: 'TLP:GREEN',
      title: '<script>alert(1)</script>',
      summary: 'Seals & pins',
      publisher: 'Port of Antwerp-Bruges',
      link: 'https://portal.example/bulletins/1',
    };
    const mail = mailOf('published', item, 'https://portal.example/preferences');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('<script>alert(1)</script>');
    expect(mail.subject).toBe('Port of Antwerp-Bruges posted a TLP:GREEN bulletin for you');
  });
});

describe('who is told', () => {
  const member = (memberId: string, organisationId: string, active = true): Addressee => ({
    memberId,
    email: `${memberId}@x.example`,
    organisationId,
    role: 'reader',
    active,
  });
  const members = [
    member('ben', 'antwerp'),
    member('ruth', 'rotterdam'),
    member('rob', 'rotterdam'),
    member('rita', 'rotterdam', false),
    member('hans', 'hamburg'),
  ];
  const item = (tlp: TlpLabel, named: string[] = []) => ({
    tlp,
    status: 'published' as const,
    authorId: 'ben',
    authorOrganisationId: 'antwerp',
    recipients: { organisations: ['rotterdam'], members: named },
  });

  it('tells the active members of recipient organisations, not the author', () => {
    expect(audienceOf(item('TLP:AMBER'), members).map((m) => m.memberId)).toEqual(['ruth', 'rob']);
  });

  it('tells only the named members of a TLP:RED item', () => {
    expect(audienceOf(item('TLP:RED', ['ruth']), members).map((m) => m.memberId)).toEqual(['ruth']);
  });
});

describe('an infected-file notice', () => {
  const admin = {
    memberId: 'ana',
    organisationId: 'antwerp',
    email: 'ana@x.example',
    role: 'org_admin' as const,
  };
  const item = (tlp: TlpLabel, status: 'draft' | 'published' = 'published', named: string[] = []) => ({
    tlp,
    status,
    authorId: 'ben',
    authorOrganisationId: 'antwerp',
    recipients: { organisations: ['rotterdam'], members: named },
  });
  const bulletin = { type: 'bulletin', id: 'b-1' };

  it('names the item to an org admin who may see it', () => {
    for (const tlp of ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT'] as const)
      expect(malwareNoticeOf(bulletin, 'antwerp', admin, item(tlp))).toEqual({
        itemType: 'bulletin',
        itemId: 'b-1',
      });
    expect(malwareNoticeOf({ type: 'document', id: 'd-1' }, 'antwerp', admin, item('TLP:AMBER'))).toEqual({
      itemType: 'document',
      itemId: 'd-1',
    });
    expect(malwareNoticeOf(bulletin, 'antwerp', admin, item('TLP:RED', 'published', ['ana']))).toEqual({
      itemType: 'bulletin',
      itemId: 'b-1',
    });
  });

  it('names only the organisation when the admin may not see the item', () => {
    const organisation = { itemType: 'member', itemId: 'antwerp' };
    expect(malwareNoticeOf(bulletin, 'antwerp', admin, item('TLP:RED', 'published', ['ruth']))).toEqual(
      organisation,
    );
    expect(malwareNoticeOf(bulletin, 'antwerp', admin, item('TLP:RED', 'draft'))).toEqual(organisation);
    expect(malwareNoticeOf(bulletin, 'antwerp', admin, null)).toEqual(organisation);
    // Checklist evidence has no page of its own.
    expect(malwareNoticeOf({ type: 'evidence', id: 'e-1' }, 'antwerp', admin, null)).toEqual(organisation);
  });
});

describe('reminders', () => {
  const due = new Date('2026-05-20T15:00:00.000Z');
  const at = (iso: string) => new Date(iso);
  const none = new Set<string>();

  it('comes 7 days before, the day before, on the day, then weekly when overdue', () => {
    expect(reminderDue(due, at('2026-05-13T14:59:59.000Z'), none, false)).toBeNull();
    expect(reminderDue(due, at('2026-05-13T15:00:00.000Z'), none, false)?.key).toBe('due_in_7_days');
    expect(reminderDue(due, at('2026-05-19T15:00:00.000Z'), none, false)?.key).toBe('due_tomorrow');
    expect(reminderDue(due, at('2026-05-20T00:00:00.000Z'), none, false)?.key).toBe('due_today');
    expect(reminderDue(due, at('2026-05-20T15:00:00.000Z'), none, false)?.key).toBe('overdue#1');
    expect(reminderDue(due, at('2026-05-27T14:59:59.000Z'), none, false)?.key).toBe('overdue#1');
    expect(reminderDue(due, at('2026-05-27T15:00:00.000Z'), none, false)?.key).toBe('overdue#2');
  });

  it('never sends a step twice, and nothing once done', () => {
    expect(reminderDue(due, at('2026-05-19T16:00:00.000Z'), new Set(['due_tomorrow']), false)).toBeNull();
    expect(reminderDue(due, at('2026-06-01T00:00:00.000Z'), none, true)).toBeNull();
  });

  it('gives at most one reminder per step over any run of checks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 * 24 * 60 }), { maxLength: 60 }), (minutes) => {
        const sent = new Set<string>();
        const start = due.getTime() - 10 * 24 * 60 * 60_000;
        const steps: string[] = [];
        for (const m of [...minutes].sort((a, b) => a - b)) {
          const step = reminderDue(due, new Date(start + m * 60_000), sent, false);
          if (step) {
            steps.push(step.key);
            sent.add(step.key);
          }
        }
        expect(new Set(steps).size).toBe(steps.length);
      }),
    );
  });
});

describe('preferences', () => {
  it('mails restricted items and overdue ones at once, the rest in the digest, by default', () => {
    expect(deliveryOf(defaultPreferences, 'published', 'bulletin', 'TLP:AMBER')).toBe('immediate');
    expect(deliveryOf(defaultPreferences, 'published', 'bulletin', 'TLP:GREEN')).toBe('digest');
    expect(deliveryOf(defaultPreferences, 'overdue', 'checklist', 'TLP:GREEN')).toBe('immediate');
    expect(deliveryOf(defaultPreferences, 'acknowledged', 'bulletin', 'TLP:RED')).toBe('digest');
    expect(deliveryOf(defaultPreferences, 'due_tomorrow', 'document', 'TLP:AMBER')).toBe('digest');
  });

  it('follows the member’s choice per topic', () => {
    const quiet = {
      ...defaultPreferences,
      topics: { ...defaultPreferences.topics, restricted_items: 'off' as const },
    };
    expect(deliveryOf(quiet, 'revised', 'document', 'TLP:RED')).toBe('off');
  });
});

describe('digest mail', () => {
  it('lists headlines and links only, never content, whatever the label', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(mailedItem, itemKind), { minLength: 1, maxLength: 5 }), (entries) => {
        const mail = digestMailOf(
          entries.map(([item, kind]) => ({ item, kind })),
          { preferences: 'https://portal.example/preferences' },
        );
        const all = `${mail.subject}\n${mail.text}\n${mail.html}`;
        for (const [item] of entries) {
          expect(all).toContain(item.link);
          expect(all.includes(item.title) || all.includes(item.summary)).toBe(false);
        }
      }),
    );
  });
});

describe('member notices', () => {
  it('name the organisation and nothing of the member', () => {
    const mail = mailOf(
      'member_invited',
      {
        itemType: 'member',
        tlp: null,
        title: 'Ann Example',
        summary: 'ann@x.example',
        publisher: 'Port of Rotterdam',
        link: 'https://portal.example/members',
      },
      'https://portal.example/preferences',
      'nl',
    );
    expect(mail.subject).toBe('Er is een nieuw lid uitgenodigd bij Port of Rotterdam');
    expect(`${mail.text}${mail.html}`).not.toContain('Ann Example');
    expect(`${mail.text}${mail.html}`).not.toContain('ann@x.example');
  });
});

describe('events', () => {
  const hash = (s: string) => createHash('sha256').update(s).digest('hex');
  it('gives the same id for the same event and member, another for another member', () => {
    const a = notificationId('AUDIT#x#2026-05/1', 'ruth', '2026-05-20T15:00:00.000Z', hash);
    expect(notificationId('AUDIT#x#2026-05/1', 'ruth', '2026-05-20T15:00:00.000Z', hash)).toBe(a);
    expect(notificationId('AUDIT#x#2026-05/1', 'rob', '2026-05-20T15:00:00.000Z', hash)).not.toBe(a);
    expect(a.startsWith('20260520150000000-')).toBe(true);
  });

  it('notifies of a material revision only', () => {
    expect(eventOfAudit('bulletin.revised', { material: true })?.kind).toBe('revised');
    expect(eventOfAudit('bulletin.revised', { material: false })).toBeNull();
    expect(eventOfAudit('bulletin.read', {})).toBeNull();
    expect(eventOfAudit('member.suspended', {})?.kind).toBe('member_suspended');
  });
});

describe('digest hour', () => {
  const prefs = { ...defaultPreferences, timeZone: 'Asia/Tokyo', digestHour: 9 };
  it('comes at the chosen hour in the member’s time zone, once a local day', () => {
    expect(digestDue(prefs, new Date('2026-05-20T23:59:00Z'), null)).toBeNull(); // 08:59 in Tokyo
    expect(digestDue(prefs, new Date('2026-05-21T00:00:00Z'), null)).toBe('2026-05-21');
    expect(digestDue(prefs, new Date('2026-05-21T05:00:00Z'), '2026-05-21')).toBeNull();
    expect(digestDue(prefs, new Date('2026-05-22T00:30:00Z'), '2026-05-21')).toBe('2026-05-22');
  });

  it('refuses an unknown time zone and an unknown topic', () => {
    expect(Preferences.safeParse({ ...defaultPreferences, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(
      Preferences.safeParse({ ...defaultPreferences, topics: { ...defaultPreferences.topics, spam: 'off' } })
        .success,
    ).toBe(false);
    expect(Preferences.safeParse(defaultPreferences).success).toBe(true);
  });
});

describe('accessReviewReminderDue', () => {
  const completed = '2031-06-01T09:00:00.000Z';
  const due = Date.parse('2031-08-30T09:00:00.000Z'); // 90 days on (shared/access-review.ts)
  const day = 24 * 60 * 60 * 1000;

  it('says nothing before T-7, then the steps of items, as access-review kinds', () => {
    expect(accessReviewReminderDue(completed, new Date(due - 8 * day))).toBeNull();
    expect(accessReviewReminderDue(completed, new Date(due - 7 * day))).toEqual({
      kind: 'access_review_due',
      key: `${completed}/due_in_7_days`,
      at: new Date(due - 7 * day),
    });
    expect(accessReviewReminderDue(completed, new Date(due + 8 * day))).toEqual({
      kind: 'access_review_overdue',
      key: `${completed}/overdue#2`,
      at: new Date(due + 7 * day),
    });
  });

  it('starts again with each new review: its keys name the review they follow', () => {
    const next = '2031-08-29T10:00:00.000Z';
    const step = accessReviewReminderDue(next, new Date(Date.parse(next) + 83 * day));
    expect(step?.kind).toBe('access_review_due');
    expect(step?.key.startsWith(next)).toBe(true);
  });
});
