import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { build } from 'esbuild';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SesMailSender } from '../../functions/adapters/mail/ses';
import { UnsubscribeTokens } from '../../functions/api/unsubscribe-token';
import { stoppedAddresses } from '../../functions/jobs/mail-events';
import { type NotifyDeps, notifyFromStream } from '../../functions/jobs/notify';
import type { NotificationStore, OutgoingMail, ReminderStore } from '../../functions/ports';
import { defaultPreferences, type Notification } from '../../shared/notification';
import { tlpLabels } from '../../shared/tlp-labels';

const restricted = new Set(['TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);

/** The SES v2 request the adapter sends, captured where the SDK would put it on the wire. */
describe('SES v2 sender', () => {
  it('sends SendEmail with the configuration set, the sender identity, both bodies and the RFC 8058 headers', async () => {
    const sent: unknown[] = [];
    const ses = { send: async (command: unknown) => void sent.push(command) };
    await new SesMailSender(ses as never, 'portal@alliance.example', 'alliance-mail').send({
      to: 'ruth@rotterdam.example',
      subject: 'Port of Antwerp-Bruges posted a TLP:RED bulletin for you',
      text: 'plain',
      html: '<p>html</p>',
      headers: {
        'List-Unsubscribe': '<https://portal.example/api/v1/unsubscribe/t>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(SendEmailCommand);
    expect((sent[0] as SendEmailCommand).input).toEqual({
      FromEmailAddress: 'portal@alliance.example',
      Destination: { ToAddresses: ['ruth@rotterdam.example'] },
      ConfigurationSetName: 'alliance-mail',
      Content: {
        Simple: {
          Subject: { Data: 'Port of Antwerp-Bruges posted a TLP:RED bulletin for you', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'plain', Charset: 'UTF-8' },
            Html: { Data: '<p>html</p>', Charset: 'UTF-8' },
          },
          Headers: [
            { Name: 'List-Unsubscribe', Value: '<https://portal.example/api/v1/unsubscribe/t>' },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
    });
  });
});

describe('SES bounce and complaint events', () => {
  it('stop permanent bounces and complaints, not transient bounces', () => {
    expect(
      stoppedAddresses({
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'a@x.example' }] },
      }),
    ).toEqual([{ email: 'a@x.example', reason: 'bounce' }]);
    expect(
      stoppedAddresses({
        eventType: 'Bounce',
        bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'a@x.example' }] },
      }),
    ).toEqual([]);
    expect(
      stoppedAddresses({
        notificationType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'b@x.example' }] },
      }),
    ).toEqual([{ email: 'b@x.example', reason: 'complaint' }]);
  });
});

/** Stores in memory: this property is about what the job puts in a message, not about storage. */
function memoryDeps(item: Record<string, unknown>, mails: OutgoingMail[]): NotifyDeps {
  const stored = new Set<string>();
  const claims = new Set<string>();
  const notifications = {
    add: async (m: string, n: Notification) =>
      !stored.has(`${m}/${n.id}`) && Boolean(stored.add(`${m}/${n.id}`)),
    getPreferences: async () => ({
      ...defaultPreferences,
      topics: { ...defaultPreferences.topics, other_items: 'immediate' as const },
    }),
    claimMail: async (m: string, k: string) => !claims.has(`${m}/${k}`) && Boolean(claims.add(`${m}/${k}`)),
    releaseMail: async () => {},
    isBouncing: async () => false,
    track: async () => {},
    untrack: async () => {},
  } as unknown as NotificationStore & ReminderStore;
  const member = (id: string, organisationId: string) => ({
    id,
    organisationId,
    email: `${id}@${organisationId}.example`,
    name: id,
    role: 'contributor' as const,
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  return {
    directory: {
      getOrganisation: async (id: string) => ({ id, name: `Port of ${id}` }) as never,
      listMembers: async (org: string) => ({ items: [member(`m-${org}`, org)] }),
      findMemberByEmail: async () => null,
      accessReviewTimes: async () => new Map(),
      listOrganisations: async () => ({ items: [] }),
    },
    bulletins: { get: async () => item as never },
    documents: { get: async () => item as never },
    checklists: { get: async () => null, allAssessments: async () => [] },
    notifications,
    mail: { send: async (m) => void mails.push(m) },
    unsubscribe: new UnsubscribeTokens(new Uint8Array(32).fill(7)),
    publicBaseUrl: 'https://portal.example',
    now: () => new Date('2026-05-01T00:00:00.000Z'),
  };
}

const secret = fc
  .string({ minLength: 3, maxLength: 30 })
  .map((s) => `zq${s.replace(/[^A-Za-z0-9]/g, 'x')}qz`);

describe('no restricted text reaches any outgoing message', () => {
  it('over random items, labels and kinds: subject, text, HTML and headers carry no title or summary above GREEN', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...tlpLabels),
        secret,
        secret,
        fc.constantFrom(
          'bulletin.published',
          'bulletin.revised',
          'document.published',
          'document.version_published',
        ),
        async (tlp, title, summary, action) => {
          const item = {
            id: 'i1',
            tlp,
            status: 'published',
            title,
            summary,
            body: title,
            authorId: 'm-antwerp',
            authorOrganisationId: 'antwerp',
            recipients: { organisations: ['rotterdam', 'hamburg'], members: ['m-rotterdam', 'm-hamburg'] },
            requiresAcknowledgement: false,
            acknowledgeBy: null,
          };
          const audit = {
            pk: 'AUDIT#antwerp#2026-05',
            sk: '2026-05-01T00:00:00.000Z#r1',
            type: 'AUDIT',
            at: '2026-05-01T00:00:00.000Z',
            requestId: 'r1',
            actor: { memberId: 'm-antwerp', organisationId: 'antwerp', role: 'contributor' },
            action,
            object: { type: action.split('.')[0], id: 'i1' },
            organisationId: 'antwerp',
            details: { material: true },
          };
          const record = {
            eventName: 'INSERT',
            dynamodb: { NewImage: marshall(audit), SequenceNumber: '1' },
          };
          const mails: OutgoingMail[] = [];
          const outcome = await notifyFromStream(
            [record as unknown as DynamoDBRecord],
            memoryDeps(item, mails),
          );
          expect(outcome.mailed).toBe(2);
          for (const mail of mails) {
            const all = `${mail.subject}\n${mail.text}\n${mail.html}\n${JSON.stringify(mail.headers)}`;
            expect(all).toContain(tlp);
            expect(all.includes(title) || all.includes(summary)).toBe(!restricted.has(tlp));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the notify, reminder and mail-event Lambdas', () => {
  it('bundle nothing of the local runtime: no mailbox, SMTP server, nodemailer or stream poller', async () => {
    const result = await build({
      entryPoints: [
        'functions/jobs/notify.handler.ts',
        'functions/jobs/reminders.handler.ts',
        'functions/jobs/mail-events.handler.ts',
      ],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      outdir: 'out',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('functions/jobs/notify.ts'))).toBe(true);
    const local = inputs.filter((i) =>
      /functions\/local\/|smtp-server|mailparser|nodemailer|dynamodb-streams/.test(i),
    );
    expect(local).toEqual([]);
  }, 60_000);
});
