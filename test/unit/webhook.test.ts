import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { httpWebhookSender } from '../../functions/jobs/webhook-sender';
import { webhookSignature } from '../../functions/jobs/webhook-signature';
import {
  isPublicAddress,
  nextAttemptAfter,
  pauseDue,
  webhookEventsOf,
  webhookRules,
  webhookUrlIssue,
} from '../../shared/webhook';
import { verifyDelivery } from '../support/webhook-receiver';

const aws = { allowLoopbackHttp: false };
const home = { allowLoopbackHttp: true };

describe('where a webhook may point', () => {
  it('refuses loopback, private, link-local, CGNAT, test and multicast addresses, v4 and v6', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '192.0.2.1',
      '198.18.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fd12::1',
      'fe80::1',
      'ff02::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
      '2001:db8::1',
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2a00:1450:4001::1', '::ffff:8.8.8.8']) {
      expect(isPublicAddress(a), a).toBe(true);
    }
  });

  it('accepts https addresses of the public internet; loopback http only at home', () => {
    expect(webhookUrlIssue('https://hooks.example.org/alliance', aws)).toBeNull();
    expect(webhookUrlIssue('https://8.8.8.8/x', aws)).toBeNull();
    expect(webhookUrlIssue('http://127.0.0.1:8080/x', home)).toBeNull();
    expect(webhookUrlIssue('http://127.0.0.1:8080/x', aws)).toMatch(/https/);
    expect(webhookUrlIssue('https://127.0.0.1/x', aws)).toMatch(/public internet/);
    expect(webhookUrlIssue('http://10.0.0.1/x', home)).toMatch(/https/);
    expect(webhookUrlIssue('https://intranet/x', aws)).toMatch(/public internet/);
    expect(webhookUrlIssue('https://a.localhost/x', aws)).toMatch(/public internet/);
  });

  it('is checked again when the job connects: an IP literal of a private network is never posted to', async () => {
    const sender = httpWebhookSender(aws, 1000);
    expect(await sender.post('https://10.0.0.1/x', {}, '{}')).toEqual({
      status: null,
      error: expect.stringMatching(/^refused: .*public internet/),
    });
    expect((await sender.post('http://127.0.0.1:9/x', {}, '{}')).error).toMatch(/^refused/);
  });
});

describe('signatures', () => {
  it('verify with the README recipe, for any secret and body; a changed body, secret or age fails', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (secret, body, ms) => {
          const at = new Date(ms);
          const header = webhookSignature(secret, body, at);
          expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
          const now = Math.floor(ms / 1000);
          expect(verifyDelivery(secret, header, Buffer.from(body), now)).toBeNull();
          expect(verifyDelivery(secret, header, Buffer.from(body), now + 300)).toBeNull();
          expect(verifyDelivery(secret, header, Buffer.from(body), now + 301)).toBe(
            'timestamp outside 5 minutes',
          );
          expect(verifyDelivery(`${secret}x`, header, Buffer.from(body), now)).toBe('signature mismatch');
          expect(verifyDelivery(secret, header, Buffer.from(`${body} `), now)).toBe('signature mismatch');
        },
      ),
    );
  });
});

describe('retries and pauses', () => {
  it('wait 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h, then give up; pause after a day of failures', () => {
    const at = new Date('2026-12-03T10:00:00.000Z');
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => nextAttemptAfter(n, at)!.getTime() - at.getTime());
    expect(delays.map((d) => d / 60_000)).toEqual([1, 5, 30, 120, 360, 720, 1440]);
    expect(nextAttemptAfter(8, at)).toBeNull();
    expect(pauseDue(null, at)).toBe(false);
    expect(pauseDue(new Date(at.getTime() - webhookRules.pauseAfterMs + 1).toISOString(), at)).toBe(false);
    expect(pauseDue(new Date(at.getTime() - webhookRules.pauseAfterMs).toISOString(), at)).toBe(true);
  });
});

describe('who is told', () => {
  const item = (tlp: 'TLP:AMBER' | 'TLP:RED', status: 'published' | 'draft' = 'published') => ({
    id: 'b-1',
    tlp,
    status,
    authorId: 'ruth-rotterdam',
    authorOrganisationId: 'rotterdam',
    recipients: { organisations: ['antwerp', 'rotterdam'], members: ['ana-antwerp'] },
    requiresAcknowledgement: true,
  });
  const event = (action: string, material = true) => ({
    action,
    material,
    at: '2026-12-03T10:00:00.000Z',
    actorOrganisationId: 'antwerp',
  });

  it('tells recipient organisations other than the author’s, with ids and labels only', () => {
    expect(webhookEventsOf(event('bulletin.published'), item('TLP:AMBER'))).toEqual([
      {
        organisationId: 'antwerp',
        event: 'bulletin.published',
        payload: {
          event: 'bulletin.published',
          occurredAt: '2026-12-03T10:00:00.000Z',
          organisationId: 'antwerp',
          bulletin: { id: 'b-1', tlp: 'TLP:AMBER', authorOrganisationId: 'rotterdam' },
        },
      },
    ]);
    expect(webhookEventsOf(event('bulletin.revised', false), item('TLP:AMBER'))).toEqual([]);
    expect(webhookEventsOf(event('bulletin.published'), item('TLP:AMBER', 'draft'))).toEqual([]);
  });

  it('never tells of TLP:RED (it names members, never a machine)', () => {
    expect(webhookEventsOf(event('bulletin.published'), item('TLP:RED'))).toEqual([]);
    expect(webhookEventsOf(event('bulletin.acknowledged'), item('TLP:RED'))).toEqual([]);
  });

  it('tells the author’s organisation of an acknowledgement it asked for', () => {
    expect(webhookEventsOf(event('bulletin.acknowledged'), item('TLP:AMBER'))).toEqual([
      expect.objectContaining({
        organisationId: 'rotterdam',
        payload: expect.objectContaining({ acknowledgement: { organisationId: 'antwerp' } }),
      }),
    ]);
    const unasked = { ...item('TLP:AMBER'), requiresAcknowledgement: false };
    expect(webhookEventsOf(event('bulletin.acknowledged'), unasked)).toEqual([]);
  });
});
