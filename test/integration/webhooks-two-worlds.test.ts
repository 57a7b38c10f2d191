import { randomBytes } from 'node:crypto';
import * as fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SmtpMailSender } from '../../functions/adapters/mail/smtp';
import { CursorSealer } from '../../functions/api/cursor';
import type { NotifyDeps } from '../../functions/jobs/notify';
import { httpWebhookSender } from '../../functions/jobs/webhook-sender';
import { type WebhookDeps, webhooksFromStream } from '../../functions/jobs/webhooks';
import { localMailFrom } from '../../functions/local/notifier';
import { canSee, type TlpLabel } from '../../shared';
import { createTestPortal, demoMember, type TestPortal } from '../support/portal';
import { deterministicRequestIds } from '../support/request-ids';
import { draftBulletin, publishBulletin } from '../support/shared-items';
import { streamReader } from '../support/stream-records';
import { addressedItem, viewerOf } from '../support/tlp-arbitraries';
import { startReceiver } from '../support/webhook-receiver';

/**
 * Webhooks never reveal what their organisation may not see, as a two-worlds property (the shape
 * of test/integration/notifications-two-worlds.test.ts): world A holds only bulletins a machine of
 * the organisation may see (as an API token would), world B the same with hidden events in between
 * — TLP:RED bulletins (they name members, never a machine), AMBER to other organisations, drafts,
 * acknowledgements the organisation did not ask for. The webhook job runs on each world's stream,
 * posting to each world's own real receiver. What the receiver got (bodies, event and delivery
 * headers, signature valid), the delivery log and the webhook list must be identical in both.
 * Identical by construction: the same clock, ids and request ids in both worlds.
 */

const admins: Record<string, string> = {
  antwerp: 'ana@antwerp.example',
  commission: 'clara@commission.example',
};
const itemArb = addressedItem({
  fate: fc.constantFrom('draft', 'published', 'published', 'withdrawn'),
  ack: fc.boolean(),
  acker: fc.option(fc.nat(), { nil: null }),
});
type ItemSpec = typeof itemArb extends fc.Arbitrary<infer T> ? T : never;

const cursorKey = randomBytes(32);
const start = Date.now();
const requestIds = deterministicRequestIds();

interface World {
  portal: TestPortal;
  receiver: Awaited<ReturnType<typeof startReceiver>>;
  hookId: string;
  drive(): Promise<void>;
  at(key: string, time: Date): void;
}

const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanup) await c();
  vi.restoreAllMocks();
});

async function world(organisationId: string, serial: number): Promise<World> {
  let clock = new Date(start);
  let itemKey = '';
  let call = 0;
  const portal = await createTestPortal({
    seed: 'directory',
    overrides: {
      now: () => clock,
      newId: () => `${itemKey}-0000-4000-8000-${String(call++).padStart(12, '0')}`,
      cursors: new CursorSealer(cursorKey),
    },
  });
  let secret = '';
  const receiver = await startReceiver({ secret: () => secret, now: () => clock });
  const reader = streamReader(portal);
  // The pause notice is never due here (nothing fails): mail goes nowhere.
  const sender = new SmtpMailSender({ host: '127.0.0.1', port: 9 }, localMailFrom);
  cleanup.push(
    () => receiver.stop(),
    () => reader.close(),
    () => sender.close(),
  );
  const deps: WebhookDeps = {
    webhooks: portal.deps.webhooks,
    bulletins: portal.deps.bulletins,
    sender: httpWebhookSender({ allowLoopbackHttp: true }, 5_000),
    notify: { ...portal.deps, mail: sender, now: () => clock } as unknown as NotifyDeps,
    now: () => clock,
  };
  const at = (key: string, time: Date) => {
    itemKey = key;
    call = 0;
    requestIds.name(key);
    clock = time;
  };
  at(`f${String(serial).padStart(7, '0')}`, new Date(start - 60_000));
  const created = await portal.request(`/api/v1/organisations/${organisationId}/webhooks`, {
    as: admins[organisationId],
    body: { url: receiver.url },
  });
  expect(created.status).toBe(201);
  secret = created.json.secret;
  const w: World = {
    portal,
    receiver,
    hookId: created.json.id,
    at,
    async drive() {
      const outcome = await webhooksFromStream(await reader.fresh(), deps);
      expect(outcome.failedSequenceNumber).toBeUndefined();
    },
  };
  await w.drive();
  return w;
}

const itemOf = (spec: ItemSpec) => {
  const author = demoMember(spec.author);
  return {
    tlp: spec.tlp as TlpLabel,
    status: spec.fate === 'draft' ? ('draft' as const) : ('published' as const),
    authorId: author.id,
    authorOrganisationId: author.organisationId,
    recipients: { organisations: spec.orgs, members: spec.members },
  };
};
/** What a machine of the organisation may see (shared/webhook.ts): a member named nowhere. */
const machine = (organisationId: string) => ({
  memberId: `webhook:${organisationId}`,
  email: '',
  organisationId,
  role: 'contributor' as const,
});

function ackerOf(spec: ItemSpec) {
  if (spec.fate !== 'published' || !spec.ack || spec.acker === null) return null;
  const item = itemOf(spec);
  const may = [
    'ben@antwerp.example',
    'ruth@rotterdam.example',
    'hans@hamburg.example',
    'chris@customs-be.example',
  ]
    .filter((e) => demoMember(e).organisationId !== item.authorOrganisationId)
    .filter((e) => spec.orgs.includes(demoMember(e).organisationId) && canSee(viewerOf(e), item));
  return may.length ? may[spec.acker % may.length]! : null;
}

async function make(portal: TestPortal, spec: ItemSpec) {
  const overrides = {
    tlp: spec.tlp,
    recipients: { organisations: spec.orgs, members: spec.members },
    requiresAcknowledgement: spec.ack,
  };
  if (spec.fate === 'draft') return draftBulletin(portal, spec.author, overrides);
  const published = await publishBulletin(portal, spec.author, overrides);
  if (spec.fate === 'withdrawn') {
    const res = await portal.request(`/api/v1/bulletins/${published.id}/withdraw`, {
      as: spec.author,
      body: { reason: 'Duplicate of an earlier bulletin' },
    });
    expect(res.status).toBe(200);
  }
  return published;
}

async function answers(w: World, organisationId: string, time: Date) {
  w.at('e0000000', time);
  const as = admins[organisationId];
  const base = `/api/v1/organisations/${organisationId}/webhooks`;
  return {
    received: w.receiver.received.map((r) => ({
      body: r.body,
      rejected: r.rejected,
      event: r.headers['x-alliance-event'],
      delivery: r.headers['x-alliance-delivery'],
    })),
    log: (await w.portal.request(`${base}/${w.hookId}/deliveries`, { as })).json,
    // Each world posts to its own receiver: the port in the URL is the one thing that differs by design.
    hooks: (await w.portal.request(base, { as })).json.items.map((h: { url: string }) => ({
      ...h,
      url: h.url.replace(/:\d+\//, ':<port>/'),
    })),
  };
}

const pairs = new Map<string, { a: World; b: World; made: number; serial: number }>();
let serials = 0;
let hidden = 0;
let delivered = 0;

describe('two worlds that differ only in what the organisation may not see', () => {
  it('send its webhooks identical payloads and show identical delivery logs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('antwerp', 'commission'),
        fc.array(itemArb, { minLength: 1, maxLength: 4 }),
        async (organisationId, specs) => {
          let pair = pairs.get(organisationId);
          if (!pair) {
            const serial = serials++;
            pair = {
              a: await world(organisationId, serial),
              b: await world(organisationId, serial),
              made: 0,
              serial,
            };
            pairs.set(organisationId, pair);
          }
          for (const spec of specs) {
            const n = pair.made++;
            const key = `${String(pair.serial).padStart(2, '0')}${String(n).padStart(6, '0')}`;
            const time = new Date(start + n * 2000);
            const item = itemOf(spec);
            const visible = canSee(machine(organisationId), item);
            const worlds = visible ? [pair.a, pair.b] : [pair.b];
            if (!visible) hidden += 1;
            const made = new Map<World, string>();
            for (const w of worlds) {
              w.at(key, time);
              made.set(w, (await make(w.portal, spec)).id);
              await w.drive();
            }
            const acker = ackerOf(spec);
            if (acker) {
              // An acknowledgement tells only the author's organisation.
              const ackWorlds =
                visible && item.authorOrganisationId === organisationId ? [pair.a, pair.b] : [pair.b];
              if (ackWorlds.length === 1) hidden += 1;
              for (const w of ackWorlds) {
                w.at(`a${key.slice(1)}`, new Date(time.getTime() + 1000));
                const res = await w.portal.request(`/api/v1/bulletins/${made.get(w)!}/acknowledgements`, {
                  as: acker,
                  body: { kind: 'acknowledge' },
                });
                expect(res.status).toBe(200);
                await w.drive();
              }
            }
          }
          const now = new Date(start + pair.made * 2000);
          const inA = await answers(pair.a, organisationId, now);
          const inB = await answers(pair.b, organisationId, now);
          delivered = Math.max(delivered, inA.received.length);
          expect(inA.received.every((r) => r.rejected === null)).toBe(true);
          expect(inB.received).toEqual(inA.received);
          expect(inB.log).toEqual(inA.log);
          expect(inB.hooks).toEqual(inA.hooks);
        },
      ),
      { numRuns: 12 },
    );
    // Not vacuous: world B held hidden events, and deliveries were made.
    expect(hidden).toBeGreaterThan(0);
    expect(delivered).toBeGreaterThan(0);
  }, 600_000);
});
