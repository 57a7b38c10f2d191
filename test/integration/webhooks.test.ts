import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryWebhooks } from '../../functions/jobs/webhooks';
import type { Notification } from '../../shared/notification';
import { createNotifyingPortal, type NotifyingPortal } from '../support/notifications';
import { publishBulletin } from '../support/shared-items';
import { startReceiver } from '../support/webhook-receiver';

/**
 * Webhooks (issue 15) end to end: the real API on DynamoDB Local, the webhook job on the table's
 * stream and the scheduled retry pass as `npm start` runs them, a real HTTP receiver on 127.0.0.1
 * that checks signatures from README.md's description alone, and the real local mailbox. Time is
 * the scheduler's fake clock: a day of retries passes in a few ticks.
 */

const ana = 'ana@antwerp.example'; // org admin of Antwerp
const ben = 'ben@antwerp.example'; // contributor of Antwerp
const ruth = 'ruth@rotterdam.example';
const hooksPath = (org: string) => `/api/v1/organisations/${org}/webhooks`;
const minute = 60_000;

let portal: NotifyingPortal;
let secret = '';
const clock = () => portal.notifier.notifyDeps.now();
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  portal = await createNotifyingPortal({ seed: 'directory' });
  receiver = await startReceiver({ secret: () => secret, now: clock });
});
afterAll(() => receiver.stop());

async function register(url: string, extra: Record<string, unknown> = {}) {
  const res = await portal.request(hooksPath('antwerp'), { as: ana, body: { url, ...extra } });
  expect(res.status).toBe(201);
  return res.json as { id: string; secret: string };
}
const remove = async (id: string) =>
  expect((await portal.request(`${hooksPath('antwerp')}/${id}`, { as: ana, method: 'DELETE' })).status).toBe(
    204,
  );
const deliveriesOf = async (id: string) => {
  const res = await portal.request(`${hooksPath('antwerp')}/${id}/deliveries`, { as: ana });
  expect(res.status).toBe(200);
  return res.json.items as Record<string, any>[];
};

describe('deliveries', () => {
  it('posts a signed payload of ids and labels that the receiver verifies, and refuses a replay', async () => {
    const hook = await register(receiver.url);
    secret = hook.secret;
    const before = receiver.received.length;
    const bulletin = await publishBulletin(portal, ruth, {
      recipients: { organisations: ['antwerp'], members: [] },
    });
    await portal.notifier.settled();
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    const [delivery] = got;
    expect(delivery!.rejected).toBeNull();
    const payload = JSON.parse(delivery!.body);
    expect(payload).toEqual({
      id: delivery!.headers['x-alliance-delivery'],
      event: 'bulletin.published',
      occurredAt: expect.any(String),
      organisationId: 'antwerp',
      bulletin: { id: bulletin.id, tlp: 'TLP:AMBER', authorOrganisationId: 'rotterdam' },
    });
    expect(delivery!.headers['x-alliance-event']).toBe('bulletin.published');
    expect(delivery!.body).not.toContain('Rip-on');
    expect(delivery!.body).not.toContain('evaporator');

    const log = await deliveriesOf(hook.id);
    expect(log).toEqual([
      expect.objectContaining({
        id: payload.id,
        event: 'bulletin.published',
        itemId: bulletin.id,
        status: 'delivered',
        attempts: 1,
        lastResponseCode: 204,
        nextAttemptAt: null,
      }),
    ]);

    // The same request again, as an eavesdropper would replay it, 6 minutes later: refused.
    const replay = async (body: string) => {
      const headers = { ...delivery!.headers } as Record<string, string>;
      delete headers['content-length'];
      return (await fetch(receiver.url, { method: 'POST', headers, body })).status;
    };
    expect(await replay(delivery!.body)).toBe(204); // within the 5 minutes the same request passes
    expect(await replay(delivery!.body.replace('TLP:AMBER', 'TLP:CLEAR'))).toBe(401);
    await portal.tickAt(new Date(clock().getTime() + 6 * minute));
    expect(await replay(delivery!.body)).toBe(401);
    expect(receiver.received.at(-1)!.rejected).toBe('timestamp outside 5 minutes');
    await portal.tickAt(new Date(clock().getTime() - 6 * minute));
    await remove(hook.id);
  });

  it('tells the author’s organisation of an acknowledgement it asked for; never of TLP:RED', async () => {
    const hook = await register(receiver.url);
    secret = hook.secret;
    const before = receiver.received.length;
    const asked = await publishBulletin(portal, ben, {
      requiresAcknowledgement: true,
      acknowledgeBy: new Date(clock().getTime() + 7 * 24 * 60 * minute).toISOString(),
    });
    const red = await publishBulletin(portal, ruth, {
      tlp: 'TLP:RED',
      recipients: { organisations: ['antwerp'], members: ['ana-antwerp'] },
    });
    const ack = await portal.request(`/api/v1/bulletins/${asked.id}/acknowledgements`, {
      as: ruth,
      body: { kind: 'acknowledge' },
    });
    expect(ack.status).toBe(200);
    await portal.notifier.settled();
    const bodies = receiver.received.slice(before).map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => [b.event, b.bulletin.id])).toEqual([['bulletin.acknowledged', asked.id]]);
    expect(bodies[0].acknowledgement).toEqual({ organisationId: 'rotterdam' });
    expect(JSON.stringify(await deliveriesOf(hook.id))).not.toContain(red.id);
    await remove(hook.id);
  });

  it('posts a due retry once when two passes run at the same time', async () => {
    const twice = await startReceiver({ secret: () => hook.secret, now: clock });
    twice.answerWith(503);
    const hook = await register(twice.url);
    await publishBulletin(portal, ruth, { recipients: { organisations: ['antwerp'], members: [] } });
    await portal.notifier.settled();
    const [entry] = await deliveriesOf(hook.id);
    const at = new Date(entry!.nextAttemptAt);
    const deps = portal.notifier.webhookDeps;
    await Promise.all([retryWebhooks(deps, at), retryWebhooks(deps, at), retryWebhooks(deps, at)]);
    expect(twice.received).toHaveLength(2);
    expect((await deliveriesOf(hook.id))[0]).toMatchObject({ attempts: 2, lastResponseCode: 503 });
    await twice.stop();
    await remove(hook.id);
  });

  it('retries a failing endpoint with backoff, pauses it after a day and tells its org admins', async () => {
    const failing = await startReceiver({ secret: () => hook.secret, now: clock });
    failing.answerWith(500);
    const hook = await register(failing.url);
    await publishBulletin(portal, ruth, { recipients: { organisations: ['antwerp'], members: [] } });
    await portal.notifier.settled();
    let [entry] = await deliveriesOf(hook.id);
    expect(entry).toMatchObject({ status: 'pending', attempts: 1, lastResponseCode: 500 });
    const first = Date.parse(entry!.lastAttemptAt);
    expect(Date.parse(entry!.nextAttemptAt) - first).toBe(minute);

    await portal.tickAt(new Date(first + 30_000)); // not yet
    expect((await deliveriesOf(hook.id))[0]!.attempts).toBe(1);
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      [entry] = await deliveriesOf(hook.id);
      await portal.tickAt(new Date(entry!.nextAttemptAt));
      const [after] = await deliveriesOf(hook.id);
      expect(after!.attempts).toBe(entry!.attempts + 1);
      gaps.push(Date.parse(after!.nextAttemptAt) - Date.parse(after!.lastAttemptAt));
    }
    expect(gaps.map((g) => g / minute)).toEqual([5, 30, 120, 360, 720, 1440]);
    expect(failing.received.every((r) => r.rejected === null && r.status === 500)).toBe(true);
    expect(failing.received).toHaveLength(7);
    const listed = (await portal.request(hooksPath('antwerp'), { as: ana })).json.items[0];
    expect(listed).toMatchObject({ status: 'active', failingSince: new Date(first).toISOString() });

    // A day after the first failure: paused, org admins told in the centre and by mail.
    await portal.tickAt(new Date(first + 24 * 60 * minute));
    const paused = (await portal.request(hooksPath('antwerp'), { as: ana })).json.items[0];
    expect(paused).toMatchObject({ id: hook.id, status: 'paused' });
    const notices = async (as: string) =>
      (
        (await portal.request('/api/v1/me/notifications?limit=100', { as })).json.items as Notification[]
      ).filter((n) => n.kind === 'webhook_paused');
    expect(await notices(ana)).toEqual([
      expect.objectContaining({ itemId: hook.id, organisationId: 'antwerp' }),
    ]);
    expect(await notices(ben)).toEqual([]);
    await portal.tickAt(new Date(first + 25 * 60 * minute)); // told once
    expect(await notices(ana)).toHaveLength(1);
    await portal.notifier.settled();
    const mails = portal.mailbox.messages().filter((m) => m.subject.includes('webhook'));
    expect(mails.map((m) => m.to)).toEqual([[ana]]);
    expect(mails[0]!.text).toContain(`${portal.deps.publicBaseUrl}/organisations/antwerp/webhooks`);

    // Paused: a new event is not sent, and the pending retry is abandoned.
    const sent = failing.received.length;
    await publishBulletin(portal, ruth, { recipients: { organisations: ['antwerp'], members: [] } });
    await portal.notifier.settled();
    await portal.tickAt(new Date(first + 50 * 60 * minute));
    expect(failing.received).toHaveLength(sent);
    expect((await deliveriesOf(hook.id)).map((d) => d.status)).toEqual(['abandoned']);
    await failing.stop();
    await remove(hook.id);
  });
});
