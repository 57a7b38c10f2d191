/**
 * Notifications off the request path (docs/notifications.md): publishing a TLP:AMBER bulletin to
 * 30 organisations (2 members each, so 60 notifications and 60 immediate mails) costs the API the
 * same with the local stream poller and notifier running as with them stopped, and how long until
 * the last of the 60 mails is in the local SMTP mailbox. Real DynamoDB Local, s3rver, SMTP.
 *
 * Part of `npm run bench` (default export, see test/bench/run.ts).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { createApp } from '../../functions/api/app';
import { demoMemberId } from '../../functions/local/demo-alliance';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { LocalIssuer } from '../../functions/local/issuer';
import { startMailbox } from '../../functions/local/mailbox';
import { startLocalNotifications } from '../../functions/local/notifier';
import { startS3Local } from '../../functions/local/s3-local';
import { seedDemoAlliance } from '../../functions/local/seed';
import { localDeps } from '../../functions/local/wiring';
import { type BenchSection, median, milliseconds } from './bench';

const organisations = 30;
const membersEach = 2;
const samples = 7;
const tableName = 'bench-notify';

async function benchNotifications() {
  const s3Dir = mkdtempSync(join(tmpdir(), 'bench-s3-'));
  const [dynamo, s3] = await Promise.all([
    startDynamoDbLocal(),
    startS3Local({ directory: s3Dir, buckets: ['bench-files'] }),
  ]);
  const mailbox = await startMailbox();
  try {
    await ensureTable(dynamo.client, tableName);
    await seedDemoAlliance(DynamoDBDocumentClient.from(dynamo.client), tableName);
    const issuer = await LocalIssuer.create('http://localhost/bench');
    const deps = localDeps({
      dynamo: dynamo.client,
      tableName,
      issuer,
      files: { endpoint: s3.endpoint, bucket: 'bench-files' },
      logLevel: 'SILENT',
    });
    const app = createApp(deps);
    const at = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < organisations; i++) {
      const id = `bench-port-${String(i).padStart(2, '0')}`;
      ids.push(id);
      const audit = (action: string, object: { type: string; id: string }) => ({
        at,
        requestId: `bench-${id}-${action}-${object.id}`,
        actor: { memberId: 'bench', organisationId: 'commission', role: 'org_admin' as const },
        action,
        object,
        organisationId: id,
      });
      await deps.directory.createOrganisation(
        { id, name: `Bench port ${i}`, kind: 'port_authority', country: 'BE', createdAt: at },
        audit('organisation.created', { type: 'organisation', id }),
      );
      for (let m = 0; m < membersEach; m++) {
        const email = `m${m}@${id}.example`;
        const memberId = demoMemberId(email, id);
        await deps.directory.createMember(
          {
            id: memberId,
            organisationId: id,
            email,
            name: `Member ${m}`,
            role: 'contributor',
            createdAt: at,
          },
          audit('member.created', { type: 'member', id: memberId }),
        );
      }
    }
    const ben = 'ben@antwerp.example';
    const token = await issuer.sign({
      email: ben,
      name: 'Ben',
      role: 'contributor',
      id: demoMemberId(ben, 'antwerp'),
      organisationId: 'antwerp',
    } as never);
    const call = async (path: string, body?: unknown) => {
      const res = await app.request(path, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await res.json()) as { id: string };
      if (res.status >= 400) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    /** Drafts a bulletin (not timed), then times the publish request alone. */
    const publishOnce = async (n: number) => {
      const draft = await call('/api/v1/bulletins', {
        title: `Bench bulletin ${n}`,
        summary: 'Generated for the notifications benchmark.',
        severity: 'medium',
        tlp: 'TLP:AMBER',
        categories: ['deep-concealment'],
        ports: ['BEANR'],
        recipients: { organisations: ids, members: [] },
      });
      const started = performance.now();
      await call(`/api/v1/bulletins/${draft.id}/publish`);
      return { started, ms: performance.now() - started };
    };

    // Warm-up (JIT, connections), then notifications off: nothing reads the stream.
    await publishOnce(0);
    const off: number[] = [];
    for (let i = 0; i < samples; i++) off.push((await publishOnce(100 + i)).ms);

    // Notifications on: the poller first works through the backlog of the "off" publishes.
    const notifier = await startLocalNotifications({
      dynamo: dynamo.client,
      tableName,
      deps,
      mailbox,
      scheduleEveryMs: 60 * 60 * 1000,
      log: () => {},
    });
    const on: number[] = [];
    const lastMail: number[] = [];
    try {
      await notifier.settled();
      const perBulletin = organisations * membersEach;
      for (let i = 0; i < samples; i++) {
        // The mailbox keeps its newest 1000 only: count from empty each time.
        mailbox.clear();
        const before = 0;
        const { started, ms } = await publishOnce(200 + i);
        on.push(ms);
        await mailbox.waitFor(before + perBulletin, 60_000);
        lastMail.push(performance.now() - started);
        await notifier.settled();
      }
    } finally {
      await notifier.stop();
    }
    const offMedian = median(off);
    const onMedian = median(on);
    return {
      columns: ['measure', 'notifications off', 'notifications on'],
      rows: [
        ['publish request, median', milliseconds(offMedian), milliseconds(onMedian)],
        ['publish request, slowest', milliseconds(Math.max(...off)), milliseconds(Math.max(...on))],
        ['publish → last of 60 mails in the mailbox, median', '—', milliseconds(median(lastMail))],
        ['publish → last of 60 mails in the mailbox, slowest', '—', milliseconds(Math.max(...lastMail))],
      ],
      budgets: [
        {
          what: 'publish to 30 organisations, notifications on vs off (median)',
          limit: 'within 25% (the fan-out is off the request path)',
          measured: `${((onMedian / offMedian - 1) * 100).toFixed(0)}%`,
          met: onMedian <= offMedian * 1.25,
        },
        {
          what: 'last mail in the local mailbox after a publish (median)',
          limit: '≤ 10 s (issue 12)',
          measured: milliseconds(median(lastMail)),
          met: median(lastMail) <= 10_000,
        },
      ],
      notes: [
        `${samples} publishes each way after one warm-up; each bulletin TLP:AMBER to ${organisations} organisations of ${membersEach} members (default preferences: mailed at once).`,
        'On: the stream poller (200 ms between reads of an empty stream) and the notify job run in the same process as the API, as `npm start` runs them; they compete for the same CPU, so "on" is if anything pessimistic.',
      ],
    };
  } finally {
    await mailbox.stop();
    await Promise.allSettled([dynamo.stop(), s3.stop()]);
    rmSync(s3Dir, { recursive: true, force: true });
  }
}

export default {
  title: 'Notifications: publishing with the notifier on and off',
  run: benchNotifications,
} satisfies BenchSection;
