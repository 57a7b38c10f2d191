import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TlpLabel, tlpLabels } from '../../shared';
import {
  type Addressee,
  audienceOf,
  defaultPreferences,
  deliveryOf,
  type MailedItem,
  mailOf,
  NotificationKind,
  NotifiedItemType,
  reminderDue,
} from '../../shared/notification';

const restricted: TlpLabel[] = ['TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'];

/** Words no template contains, so that finding one in a message means it came from the item. */
const secret = fc
  .string({ minLength: 4, maxLength: 40 })
  .map((s) => `zq${s.replace(/[^A-Za-z0-9]/g, 'x')}qz`);

const mailedItem = fc.record({
  itemType: fc.constantFrom(...NotifiedItemType.options),
  tlp: fc.constantFrom(...tlpLabels),
  title: secret,
  summary: secret,
  publisher: fc.constantFrom('Port of Antwerp-Bruges', 'Port of Rotterdam'),
  link: fc.constant('https://portal.example/bulletins/1'),
});

describe('mail never carries restricted content', () => {
  it('leaves title and summary of AMBER, AMBER+STRICT and RED items out of subject, text and HTML, for every kind', () => {
    fc.assert(
      fc.property(mailedItem, fc.constantFrom(...NotificationKind.options), (item, kind) => {
        const mail = mailOf(kind, item, 'https://portal.example/preferences');
        const all = `${mail.subject}\n${mail.text}\n${mail.html}`;
        expect(all).toContain(item.tlp);
        expect(all).toContain(item.publisher);
        expect(all).toContain(item.link);
        const leaks = [item.title, item.summary].some((t) => all.includes(t));
        expect(leaks).toBe(!restricted.includes(item.tlp));
      }),
      { numRuns: 300 },
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
