import { randomBytes } from 'node:crypto';
import * as fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LocalIdentityDirectory } from '../../functions/adapters/identity/local';
import { SmtpMailSender } from '../../functions/adapters/mail/smtp';
import { CursorSealer } from '../../functions/api/cursor';
import { UnsubscribeTokens } from '../../functions/api/unsubscribe-token';
import { type NotifyDeps, notifyFromStream } from '../../functions/jobs/notify';
import { demoAlliance } from '../../functions/local/demo-alliance';
import { type Mailbox, startMailbox } from '../../functions/local/mailbox';
import { localMailFrom } from '../../functions/local/notifier';
import { canSee, type TlpLabel } from '../../shared';
import { canAcknowledge } from '../../shared/permissions';
import { createTestPortal, demoMember, type TestPortal } from '../support/portal';
import { deterministicRequestIds } from '../support/request-ids';
import {
  draftBulletin,
  draftDocument,
  publishBulletin,
  publishDocument,
  walkList,
} from '../support/shared-items';
import { streamReader } from '../support/stream-records';
import { addressedItem, viewerOf } from '../support/tlp-arbitraries';

/**
 * Issue 12's promise that a member is told only of what they may see, as a two-worlds property
 * (the shape of test/integration/two-worlds.test.ts): world A holds only what the viewer may see,
 * world B the same with hidden events in between — RED items naming others, items to other
 * organisations, drafts, acknowledgements the viewer did not ask for, and members invited into
 * organisations the viewer is not an org admin of. The notify job runs on
 * each world's own stream, driven here record batch by record batch (no poller, no waiting), and
 * mails into each world's own real SMTP mailbox. The viewer's notification centre (every page, the
 * unread count, the cursors) and the mails they received must be identical in both.
 *
 * Identical by construction: the same clock, ids, request ids (they name the audit event a
 * notification's id is derived from), cursor key and unsubscribe key in both worlds.
 */

const viewers = [
  'ben@antwerp.example',
  'ana@antwerp.example',
  'bo@antwerp.example',
  'ruth@rotterdam.example',
  'hans@hamburg.example',
  'sam@northsea-line.example',
];

const itemArb = addressedItem({
  kind: fc.constantFrom('bulletin', 'document'),
  fate: fc.constantFrom('draft', 'published', 'published', 'withdrawn'),
  ack: fc.boolean(),
  // Who acknowledges (a pick among the recipients who may), if anyone.
  acker: fc.option(fc.nat(), { nil: null }),
});
type ItemSpec = typeof itemArb extends fc.Arbitrary<infer T> ? T : never;

/** A member invited by the Commission into one organisation: its org admins are told (issue 12). */
const inviteArb = fc.record({
  org: fc.constantFrom('antwerp', 'rotterdam', 'hamburg', 'northsea-line'),
  role: fc.constantFrom('reader', 'contributor'),
});
type InviteSpec = typeof inviteArb extends fc.Arbitrary<infer T> ? T : never;

/** Whether the viewer is told of an invitation: an active org admin of that organisation. */
const toldOfInvite = (viewer: string, spec: InviteSpec) => {
  const member = demoMember(viewer);
  return member.role === 'org_admin' && member.organisationId === spec.org;
};

const cursorKey = randomBytes(32);
const unsubscribeKey = randomBytes(32);
const start = Date.now();

// The API names each request (and so each audit event) with crypto.randomUUID; both worlds get the
// same names for the same step of the same item.
const requestIds = deterministicRequestIds();

interface World {
  portal: TestPortal;
  mailbox: Mailbox;
  notifyDeps: NotifyDeps;
  /** The world's stream: each read returns the records not yet handed to the notify job. */
  stream: ReturnType<typeof streamReader>;
  at(key: string, time: Date): void;
}

const opened: { mailbox: Mailbox; sender: SmtpMailSender; stream: ReturnType<typeof streamReader> }[] = [];
afterAll(async () => {
  for (const o of opened) {
    o.sender.close();
    o.stream.close();
    await o.mailbox.stop();
  }
  vi.restoreAllMocks();
});

async function world(): Promise<World> {
  let clock = new Date(start);
  let itemKey = '';
  let call = 0;
  const newId = () => `${itemKey}-0000-4000-8000-${String(call++).padStart(12, '0')}`;
  const portal = await createTestPortal({
    seed: 'directory',
    overrides: {
      now: () => clock,
      newId,
      // A new member's id (the notice's item) comes from the identity directory: the same in both worlds.
      identity: Object.assign(new LocalIdentityDirectory(), {
        createUser: async () => ({ memberId: newId() }),
      }),
      cursors: new CursorSealer(cursorKey),
      unsubscribe: new UnsubscribeTokens(unsubscribeKey),
    },
  });
  const mailbox = await startMailbox({ now: () => clock });
  const sender = new SmtpMailSender({ host: mailbox.host, port: mailbox.port }, localMailFrom);
  const stream = streamReader(portal);
  opened.push({ mailbox, sender, stream });
  const notifyDeps: NotifyDeps = {
    directory: portal.deps.directory,
    bulletins: portal.deps.bulletins,
    documents: portal.deps.documents,
    checklists: portal.deps.checklists,
    notifications: portal.deps.notifications as NotifyDeps['notifications'],
    mail: sender,
    unsubscribe: portal.deps.unsubscribe,
    publicBaseUrl: portal.deps.publicBaseUrl,
    now: () => clock,
  };
  const w: World = {
    portal,
    mailbox,
    notifyDeps,
    stream,
    at(key, time) {
      itemKey = key;
      call = 0;
      requestIds.name(key);
      clock = time;
    },
  };
  // Every member signs in once before anything happens, so that no sign-in falls between the
  // steps of an item in one world and not the other.
  for (const org of demoAlliance)
    for (const m of org.members) await portal.request('/api/v1/me/notifications', { as: m.email });
  return w;
}

/** Hands the notify job the world's stream records it has not had yet, as the poller would. */
async function drive(w: World) {
  const fresh = await w.stream.fresh();
  const outcome = await notifyFromStream(fresh, w.notifyDeps);
  expect(outcome.failedSequenceNumber).toBeUndefined();
}

const membersOf = (orgs: readonly string[]) =>
  demoAlliance.filter((o) => orgs.includes(o.id)).flatMap((o) => o.members.map((m) => m.email));

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

/** The member who acknowledges the item, if the spec asks for one and anyone may. */
function ackerOf(spec: ItemSpec) {
  if (spec.kind !== 'bulletin' || spec.fate !== 'published' || !spec.ack || spec.acker === null) return null;
  const item = itemOf(spec);
  const may = membersOf(spec.orgs).filter(
    (email) =>
      demoMember(email).id !== item.authorId &&
      demoMember(email).organisationId !== item.authorOrganisationId &&
      canSee(viewerOf(email), item) &&
      // A reader may read but not acknowledge (shared/permissions.ts).
      canAcknowledge(viewerOf(email), item),
  );
  return may.length ? may[spec.acker % may.length]! : null;
}

async function make(portal: TestPortal, spec: ItemSpec) {
  const addressed = { tlp: spec.tlp, recipients: { organisations: spec.orgs, members: spec.members } };
  if (spec.kind === 'bulletin') {
    const overrides = { ...addressed, requiresAcknowledgement: spec.ack };
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
  return spec.fate === 'draft'
    ? draftDocument(portal, spec.author, addressed)
    : publishDocument(portal, spec.author, addressed);
}

async function acknowledge(portal: TestPortal, bulletinId: string, as: string) {
  const res = await portal.request(`/api/v1/bulletins/${bulletinId}/acknowledgements`, {
    as,
    body: { kind: 'acknowledge' },
  });
  expect(res.status).toBe(200);
}

/**
 * The mails a member received, but for what the SMTP client makes up per message (its id, date
 * and MIME boundary); the parsed text and html are compared whole.
 */
const mailsTo = (mailbox: Mailbox, email: string) =>
  mailbox
    .messages()
    .filter((m) => m.to.includes(email))
    .map(({ headers, ...rest }) => {
      const { 'message-id': _id, date: _date, 'content-type': _boundary, ...kept } = headers;
      return { ...rest, headers: kept };
    });

async function answers(w: World, viewer: string, limit: number) {
  return {
    all: await walkList(w.portal, viewer, '/api/v1/me/notifications', limit),
    unread: await walkList(w.portal, viewer, '/api/v1/me/notifications?unread=true', limit),
    mails: mailsTo(w.mailbox, viewer),
  };
}

const pairs = new Map<string, { a: World; b: World; made: number; serial: number }>();
let serials = 0;
let hiddenEvents = 0;
let toldSomething = 0;

describe('two worlds that differ only in what the viewer may not see', () => {
  it('give the viewer identical notifications, unread counts, cursors and mails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...viewers),
        fc.array(itemArb, { minLength: 1, maxLength: 5 }),
        fc.array(inviteArb, { maxLength: 2 }),
        fc.integer({ min: 1, max: 4 }),
        async (viewer, specs, invites, limit) => {
          let pair = pairs.get(viewer);
          if (!pair) {
            pair = { a: await world(), b: await world(), made: 0, serial: serials++ };
            pairs.set(viewer, pair);
          }
          for (const spec of specs) {
            const n = pair.made++;
            const key = `${String(pair.serial).padStart(2, '0')}${String(n).padStart(6, '0')}`;
            const time = new Date(start + n * 2000);
            const visible = canSee(viewerOf(viewer), itemOf(spec));
            const worlds = visible ? [pair.a, pair.b] : [pair.b];
            if (!visible) hiddenEvents += 1;
            const made = new Map<World, string>();
            for (const w of worlds) {
              w.at(key, time);
              made.set(w, (await make(w.portal, spec)).id);
              await drive(w);
            }
            // Another organisation's acknowledgement tells only the author: hidden unless the
            // viewer wrote the item.
            const acker = ackerOf(spec);
            if (acker) {
              const ackWorlds = visible && viewer === spec.author ? [pair.a, pair.b] : [pair.b];
              if (ackWorlds.length === 1) hiddenEvents += 1;
              for (const w of ackWorlds) {
                w.at(`a${key.slice(1)}`, new Date(time.getTime() + 1000));
                await acknowledge(w.portal, made.get(w)!, acker);
                await drive(w);
              }
            }
          }
          // Invitations into other organisations are hidden from the viewer: world B only.
          for (const spec of invites) {
            const n = pair.made++;
            const key = `${String(pair.serial).padStart(2, '0')}${String(n).padStart(6, '0')}`;
            const told = toldOfInvite(viewer, spec);
            if (!told) hiddenEvents += 1;
            for (const w of told ? [pair.a, pair.b] : [pair.b]) {
              w.at(key, new Date(start + n * 2000));
              const res = await w.portal.request(`/api/v1/organisations/${spec.org}/members`, {
                as: 'clara@commission.example',
                body: {
                  email: `invited-${key}@${spec.org}.example`,
                  name: `Invited ${key}`,
                  role: spec.role,
                },
              });
              expect(res.status).toBe(201);
              await drive(w);
            }
          }
          const inA = await answers(pair.a, viewer, limit);
          const inB = await answers(pair.b, viewer, limit);
          if (inA.all[0] && (inA.all[0].body as { items: unknown[] }).items.length > 0) toldSomething += 1;
          expect(inB.all).toEqual(inA.all);
          expect(inB.unread).toEqual(inA.unread);
          expect(inB.mails).toEqual(inA.mails);
        },
      ),
      { numRuns: 16 },
    );
    // Not vacuous: world B held hidden events, and viewers were told of things.
    expect(hiddenEvents).toBeGreaterThan(0);
    expect(toldSomething).toBeGreaterThan(0);
  }, 600_000);
});
