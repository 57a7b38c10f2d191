/**
 * The local API under load (docs/benchmarks.md): latency of the bulletin feed and of an acknowledgement at
 * 1, 10 and 50 concurrent clients, against the real `npm start` server (DynamoDB Local, s3rver)
 * in its own process, driven from this one over loopback. Every loop is bounded in requests and
 * time. The figures describe this machine (2 shared cores; Java and Node on the same cores), not
 * Lambda: they show how latency grows with concurrency, and catch a regression by comparison.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoBulletinStore } from '../../functions/adapters/dynamodb/bulletin-store';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { seedDemoBulletins } from '../../functions/local/seed-bulletins';
import { oneMemberEach } from '../support/one-member-each';
import { startPortalProcess } from '../support/portal-process';
import { type BenchSection, median } from './bench';

const concurrencies = [1, 10, 50];
const requestsPerLevel = 400;
const maxSecondsPerLevel = 30;

const readers = oneMemberEach.map((m) => m.email);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Runs `request` `total` times from `clients` concurrent loops; latencies in ms. */
async function drive(
  clients: number,
  total: number,
  request: (i: number) => Promise<{ ok: boolean; arrayBuffer(): Promise<unknown> }>,
) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const deadline = Date.now() + maxSecondsPerLevel * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total && Date.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        const res = await request(i);
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (!res.ok) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    count: sorted.length,
    failures,
    p50: median(sorted),
    p99: percentile(sorted, 99),
    perSecond: sorted.length / seconds,
  };
}

/** The organisations of the readers above, in the same order: the inboxes the feed merges. */
const readerOrganisations = oneMemberEach.map((m) => m.organisationId);

const floorClients = 10;

/**
 * The floor a feed page cannot beat: the store's two Queries (community feed and the reader
 * organisation's inbox, `limit + 1` each, merged) straight against a DynamoDB Local holding the
 * same demo bulletins, in this process, with no HTTP, token, audit or JSON around them.
 */
async function feedQueryFloor(dataPath: string) {
  // On disk, as `npm start` keeps its DynamoDB Local (in memory it serves faster).
  const dynamo = await startDynamoDbLocal({ dataPath });
  try {
    const tableName = 'bench-floor';
    await ensureTable(dynamo.client, tableName);
    const db = createDocumentClient({
      endpoint: dynamo.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await seedDemoBulletins(db, tableName);
    const store = new DynamoBulletinStore(db, tableName);
    const pageOf = async (i: number) => {
      await store.feed(readerOrganisations[i % readerOrganisations.length]!, {}, { limit: 26 });
      return { ok: true, arrayBuffer: async () => null };
    };
    await drive(floorClients, requestsPerLevel, pageOf); // warm up both processes as the portal was by the rows above
    return await drive(floorClients, requestsPerLevel, pageOf);
  } finally {
    await dynamo.stop();
  }
}

const section: BenchSection = {
  title: 'Local API under load',
  async run({ scratch }) {
    // The API needs no frontend; an empty page keeps the start-up check satisfied.
    const webDist = join(scratch, 'web');
    mkdirSync(webDist, { recursive: true });
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>bench</title>');
    const portal = await startPortalProcess({ dataDir: join(scratch, 'data'), env: { WEB_DIST: webDist } });
    try {
      const post = (path: string, token: string | null, body: unknown) =>
        fetch(`${portal.url}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
      const signIn = async (email: string) =>
        ((await (await post('/local/sign-in', null, { email })).json()) as { token: string }).token;
      const tokens = await Promise.all(readers.map(signIn));
      const ben = tokens[0]!;

      // One AMBER bulletin to every reader's organisation but Ben's own, requiring acknowledgement.
      const recipients = readerOrganisations.slice(1);
      const draft = await post('/api/v1/bulletins', ben, {
        title: 'Load benchmark: reefer evaporator concealment',
        summary: 'A bulletin that every recipient acknowledges during the load benchmark.',
        body: 'Nothing to see: this bulletin exists for the benchmark.',
        severity: 'medium',
        tlp: 'TLP:AMBER',
        categories: ['reefer-machinery'],
        ports: ['BEANR'],
        originCountries: ['EC'],
        recipients: { organisations: recipients, members: [] },
        requiresAcknowledgement: true,
        acknowledgeBy: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      });
      if (draft.status !== 201) throw new Error(`draft: ${draft.status} ${await draft.text()}`);
      const { id } = (await draft.json()) as { id: string };
      const published = await post(`/api/v1/bulletins/${id}/publish`, ben, {});
      if (!published.ok) throw new Error(`publish: ${published.status} ${await published.text()}`);

      const rows: (string | number)[][] = [];
      for (const clients of concurrencies) {
        const feed = await drive(clients, requestsPerLevel, (i) =>
          fetch(`${portal.url}/api/v1/bulletins?limit=25`, {
            headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
          }),
        );
        // Recipients (every reader but Ben) acknowledge again and again: repeats are harmless writes.
        const ack = await drive(clients, requestsPerLevel, (i) =>
          post(`/api/v1/bulletins/${id}/acknowledgements`, tokens[1 + (i % (tokens.length - 1))]!, {
            kind: 'acknowledge',
          }),
        );
        for (const [what, r] of [
          ['feed page', feed],
          ['acknowledge', ack],
        ] as const) {
          rows.push([
            what,
            clients,
            r.count,
            r.failures,
            r.p50.toFixed(1),
            r.p99.toFixed(1),
            r.perSecond.toFixed(0),
          ]);
        }
      }
      await portal.stop();
      const floor = await feedQueryFloor(join(scratch, 'floor'));
      rows.push([
        'feed Queries alone (floor)',
        floorClients,
        floor.count,
        floor.failures,
        floor.p50.toFixed(1),
        floor.p99.toFixed(1),
        floor.perSecond.toFixed(0),
      ]);
      const feedAtFloorClients = Number(
        rows.find((r) => r[0] === 'feed page' && r[1] === floorClients)?.[6] ?? 0,
      );
      const share = feedAtFloorClients / floor.perSecond;
      return {
        columns: ['endpoint', 'clients', 'requests', 'non-2xx', 'p50 ms', 'p99 ms', 'requests/s'],
        rows,
        budgets: [
          {
            what: `feed page throughput at ${floorClients} clients, as a share of its two Queries alone`,
            limit: '≥ 0.8 (issue 10)',
            measured: share.toFixed(2),
            met: share >= 0.8,
          },
        ],
        notes: [
          `${requestsPerLevel} requests per endpoint and level (at most ${maxSecondsPerLevel} s), over HTTP on loopback to the real local server (its own process, DynamoDB Local on disk as npm start uses it).`,
          'The feed page is 25 bulletins merged from the community feed and the member organisation’s inbox; an acknowledgement is one read plus one TransactWriteItems.',
          `The floor is the bulletin store's two feed Queries (limit 26, as a page of 25 asks) called in this process against a fresh DynamoDB Local on disk holding the same demo bulletins, with the portal stopped: what DynamoDB Local serves without HTTP, token, member check, audit or JSON.`,
        ],
      };
    } finally {
      await portal.stop();
    }
  },
};

export default section;
