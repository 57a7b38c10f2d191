/**
 * Checklist scoreboard benchmark (docs/data-model.md): the Commission's scoreboard of a version with 10
 * assessments and of one with 5,000, and the overview before and after, against DynamoDB Local. Budget: the same
 * DynamoDB round trips in both, latency ratio ≤ 1.5; plus the round trips of a submission and of
 * the to-do.
 *
 * The directory holds 5,000 extra port authorities in both runs, so only the number of
 * assessments changes between them. The 10 are written through the store's `submit` (the same
 * transaction as the API's); the 5,000 are fixture data, written in bulk as the items `submit`
 * would leave (BatchWriteItem, then one counter update per counter item), which the section
 * checks against `submit` itself before it returns.
 *
 * Run: `npm run bench -- checklists` (test/bench/run.ts). Figures, not assertions.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { auditItem } from '../../functions/adapters/dynamodb/audit-item';
import { DynamoChecklistStore } from '../../functions/adapters/dynamodb/checklist-store';
import { rebuildDirectorySummary } from '../../functions/adapters/dynamodb/directory-summary';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { createApp } from '../../functions/api/app';
import { demoAlliance, demoMemberId } from '../../functions/local/demo-alliance';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { LocalIssuer } from '../../functions/local/issuer';
import { seedDemoAlliance } from '../../functions/local/seed';
import { localDeps } from '../../functions/local/wiring';
import {
  type Assessment,
  type AuditEvent,
  type ChecklistVersion,
  type Counters,
  dayDelta,
  type ItemKey,
  type ItemStatus,
  keys,
  type Organisation,
  progressDelta,
} from '../../shared';
import { countRoundTrips } from '../support/round-trips';
import { type BenchSection, median, milliseconds } from './bench';

export interface ScoreboardRow {
  assessments: number;
  endpoint: string;
  commands: string[];
  medianMs: number;
}

const countries = [
  'PT',
  'IE',
  'LT',
  'LV',
  'EE',
  'FI',
  'SE',
  'DK',
  'HR',
  'RO',
  'BG',
  'MT',
  'CY',
  'IT',
  'FR',
  'ES',
];
const statuses: ItemStatus[] = ['implemented', 'in_progress', 'not_implemented', 'not_applicable'];

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Puts `items` in BatchWriteItem requests of 25, `concurrency` at a time, until none is left unprocessed. */
async function batchPut(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
  concurrency = 8,
) {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await pool(batches, concurrency, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 10) throw new Error('DynamoDB Local kept items of a batch unprocessed');
      const { UnprocessedItems } = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
}

/** Adds `deltas` (and a string set) to the counter item at `key`, as the store's submit does. */
function addCounters(
  tableName: string,
  key: ItemKey,
  type: string,
  deltas: Counters,
  set?: { name: string; values: Set<string> },
) {
  const names: Record<string, string> = { '#type': 'type' };
  const values: Record<string, unknown> = { ':type': type };
  const parts = Object.entries(deltas).map(([name, delta], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = delta;
    return `#c${i} :c${i}`;
  });
  if (set) {
    names['#set'] = set.name;
    values[':set'] = set.values;
    parts.push('#set :set');
  }
  return new UpdateCommand({
    TableName: tableName,
    Key: key,
    UpdateExpression: `ADD ${parts.join(', ')} SET #type = :type`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

/** For comparing stored items: a Set as its sorted members. */
const setsAsLists = (_: string, value: unknown) => (value instanceof Set ? [...value].sort() : value);

const sum = (into: Counters, deltas: Counters) => {
  for (const [name, n] of Object.entries(deltas)) into[name] = (into[name] ?? 0) + n;
};

export async function benchChecklists(options: { small?: number; large?: number; samples?: number } = {}) {
  const small = options.small ?? 10;
  const large = options.large ?? 5000;
  const samples = options.samples ?? 31;
  const dynamo = await startDynamoDbLocal();
  try {
    const tableName = 'bench-checklists';
    await ensureTable(dynamo.client, tableName);
    const db = DynamoDBDocumentClient.from(dynamo.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    await seedDemoAlliance(db, tableName);

    // The directory: `large` more port authorities, then the summary the scoreboard reads.
    const createdAt = new Date().toISOString();
    const organisations: Organisation[] = Array.from({ length: large }, (_, i) => {
      const country = countries[i % countries.length]!;
      return {
        id: `bench-port-${String(i).padStart(5, '0')}`,
        name: `Bench Port ${i}`,
        kind: 'port_authority',
        country,
        createdAt,
      };
    });
    const batches: Organisation[][] = [];
    for (let i = 0; i < organisations.length; i += 25) batches.push(organisations.slice(i, i + 25));
    await pool(batches, 8, async (batch) => {
      await db.send(
        new BatchWriteCommand({
          RequestItems: {
            [tableName]: batch.map((org) => ({
              PutRequest: {
                Item: {
                  ...keys.organisation(org.id),
                  ...keys.organisationByKind(org.kind, org.country, org.name),
                  ...keys.organisationByCountry(org.country, org.kind, org.name),
                  type: 'ORGANISATION',
                  ...org,
                },
              },
            })),
          },
        }),
      );
    });
    await rebuildDirectorySummary(db, tableName);

    const issuer = await LocalIssuer.create('http://localhost/bench');
    // No file is touched here: the files bucket is wired but never called.
    const deps = localDeps({
      dynamo: dynamo.client,
      tableName,
      issuer,
      files: { endpoint: 'http://127.0.0.1:9', bucket: 'unused' },
      logLevel: (process.env.BENCH_LOG as 'ERROR' | undefined) ?? 'SILENT',
    });
    const app = createApp(deps);
    const store = new DynamoChecklistStore(db, tableName);
    const tokenOf = (email: string) => {
      const org = demoAlliance.find((o) => o.members.some((m) => m.email === email))!;
      const m = org.members.find((x) => x.email === email)!;
      return issuer.sign({ ...m, id: demoMemberId(email, org.id), organisationId: org.id });
    };
    const clara = await tokenOf('clara@commission.example');
    const call = async (token: string, path: string, method = 'GET', body?: unknown) => {
      const res = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    };

    const items = Array.from({ length: 20 }, (_, i) => ({
      id: `B${i + 1}`,
      text: `Benchmark control ${i + 1}`,
      level: i % 4 === 3 ? 'recommended' : 'mandatory',
      area: 'access_control',
    }));
    // Two versions side by side: one gets `small` assessments, the other `large`, so their
    // scoreboards can be sampled alternately and machine noise hits both alike.
    const versions = new Map<string, ChecklistVersion>();
    for (const id of ['bench-small', 'bench-large']) {
      await call(clara, '/api/v1/checklists', 'POST', {
        id,
        title: `Benchmark checklist (${id})`,
        appliesTo: ['port_authority'],
        dueAt: new Date(Date.now() - 86_400_000).toISOString(),
        items,
      });
      versions.set(id, (await call(clara, `/api/v1/checklists/${id}/publish`, 'POST')) as ChecklistVersion);
    }

    const firstSubmission = (checklistId: string, org: Organisation) => {
      const n = Number(org.id.slice(-5));
      const next: Assessment = {
        checklistId,
        version: 1,
        organisationId: org.id,
        organisationKind: 'port_authority',
        country: org.country,
        items: items.map((item, i) => ({ itemId: item.id, status: statuses[(n + i) % 4]! })),
        revision: 1,
        submittedAt: new Date(Date.now() - (n % 30) * 86_400_000).toISOString(),
        submittedBy: `bench-${org.id}`,
      };
      const audit: AuditEvent = {
        at: createdAt,
        requestId: `bench-${checklistId}-${org.id}`,
        actor: { memberId: `bench-${org.id}`, organisationId: org.id, role: 'contributor' },
        action: 'assessment.submitted',
        object: { type: 'assessment', id: `${checklistId}/1/${org.id}` },
        organisationId: org.id,
      };
      return { next, audit };
    };
    /** Through the store's submit transaction, as the API writes them. */
    const submitAll = async (checklistId: string, orgs: Organisation[]) => {
      const version = versions.get(checklistId)!;
      await pool(orgs, 16, async (org) => {
        await store.submit({ version, previous: null, ...firstSubmission(checklistId, org) });
      });
    };
    /**
     * Fixture data: the items `submitAll` leaves for first submissions, in bulk. Assessments and
     * audit events in BatchWriteItem requests; the counters `submit` adds one by one, summed and
     * added once per counter item.
     */
    const seedAll = async (checklistId: string, orgs: Organisation[]) => {
      const version = versions.get(checklistId)!;
      const submissions = orgs.map((org) => firstSubmission(checklistId, org));
      await batchPut(db, tableName, [
        ...submissions.map(({ next }) => ({
          ...keys.assessment(checklistId, 1, next.organisationId),
          ...keys.assessmentByOrganisation(next.organisationId, checklistId, 1),
          type: 'ASSESSMENT',
          ...next,
        })),
        ...submissions.map(({ audit }) => auditItem(audit)),
      ]);
      const total: Counters = {};
      const days = new Map<string, Counters>();
      for (const { next } of submissions) {
        sum(total, progressDelta(version, null, next));
        const date = next.submittedAt.slice(0, 10);
        if (!days.has(date)) days.set(date, {});
        sum(days.get(date)!, dayDelta(version, null, next));
      }
      await db.send(
        addCounters(tableName, keys.progressTotal(checklistId, 1), 'PROGRESS_TOTAL', total, {
          name: 'acknowledgedBy',
          values: new Set(orgs.map((org) => org.id)),
        }),
      );
      await pool([...days], 8, async ([date, deltas]) => {
        await db.send(addCounters(tableName, keys.progressDay(checklistId, 1, date), 'PROGRESS_DAY', deltas));
      });
    };

    const counter = countRoundTrips(dynamo.client);
    const rows: ScoreboardRow[] = [];
    const timed = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      const run = await counter.during(work);
      return { ms: performance.now() - started, commands: run.commands };
    };
    /** Median of `samples` runs after a warm-up; the commands of the last run. */
    const measure = async (assessments: number, endpoint: string, work: () => Promise<unknown>) => {
      for (let i = 0; i < 3; i++) await work();
      const runs = [];
      for (let i = 0; i < samples; i++) runs.push(await timed(work));
      rows.push({
        assessments,
        endpoint,
        commands: runs.at(-1)!.commands,
        medianMs: Math.round(median(runs.map((r) => r.ms)) * 10) / 10,
      });
    };

    await submitAll('bench-small', organisations.slice(0, small));
    await measure(small, 'GET /progress (overview, all checklists)', () => call(clara, '/api/v1/progress'));
    const started = performance.now();
    await seedAll('bench-large', organisations.slice(0, large));
    const writeSeconds = (performance.now() - started) / 1000;

    // The same endpoint on both versions, alternately.
    const board = (id: string) => () => call(clara, `/api/v1/progress/checklists/${id}/versions/1`);
    const direct = (id: string) => () => store.versionProgress({ checklistId: id, version: 1 }, 'commission');
    for (const [label, of] of [
      ['GET /progress/checklists/{id}/versions/1', board],
      ['store.versionProgress (DynamoDB only)', direct],
    ] as const) {
      for (let i = 0; i < 3; i++) await Promise.all([of('bench-small')(), of('bench-large')()]);
      const runs = {
        small: [] as { ms: number; commands: string[] }[],
        large: [] as { ms: number; commands: string[] }[],
      };
      for (let i = 0; i < samples; i++) {
        runs.small.push(await timed(of('bench-small')));
        runs.large.push(await timed(of('bench-large')));
      }
      for (const [n, list] of [
        [small, runs.small],
        [large, runs.large],
      ] as const) {
        rows.push({
          assessments: n,
          endpoint: label,
          commands: list.at(-1)!.commands,
          medianMs: Math.round(median(list.map((r) => r.ms)) * 10) / 10,
        });
      }
    }
    await measure(small + large, 'GET /progress (overview, all checklists)', () =>
      call(clara, '/api/v1/progress'),
    );

    // A submission through the API, and a member's to-do, with the large version in place.
    // The API takes members from the directory, so the bench member is stored first.
    const benchMember = {
      id: `m-${organisations[0]!.id}`,
      email: `m@${organisations[0]!.id}.example`,
      name: 'Bench member',
      organisationId: organisations[0]!.id,
      role: 'contributor' as const,
      createdAt,
    };
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.member(benchMember.organisationId, benchMember.id), type: 'MEMBER', ...benchMember },
      }),
    );
    const member = await issuer.sign(benchMember);
    let round = 0;
    await measure(large, 'PUT …/assessments/{orgId} (re-submission)', () =>
      call(member, `/api/v1/checklists/bench-large/versions/1/assessments/${organisations[0]!.id}`, 'PUT', {
        items: items.map((item, i) => ({ itemId: item.id, status: statuses[(round++ + i) % 4] })),
      }),
    );
    await measure(large, 'GET /me/todo', () => call(member, '/api/v1/me/todo'));

    // Issue 13 (docs/review.md): the Commission's drill-down and review, with 5,000 assessments.
    const reviewed = organisations[1]!.id;
    const drill = '/api/v1/progress/checklists/bench-large/versions/1/organisations';
    await measure(large, 'GET …/organisations?country=PT (drill-down page)', () =>
      call(clara, `${drill}?country=PT&limit=25`),
    );
    await measure(large, 'GET …/organisations?itemId=B1&status=implemented', () =>
      call(clara, `${drill}?itemId=B1&status=implemented&limit=25`),
    );
    await measure(large, 'GET …/assessments/{orgId} (Commission)', () =>
      call(clara, `/api/v1/checklists/bench-large/versions/1/assessments/${reviewed}`),
    );
    const decisions = ['accepted', 'needs_evidence', 'not_accepted'] as const;
    let reviews = 0;
    await measure(large, 'PUT …/items/{itemId}/review', async () => {
      const res = await app.request(
        `/api/v1/checklists/bench-large/versions/1/assessments/${reviewed}/items/B${(reviews % 20) + 1}/review`,
        {
          method: 'PUT',
          headers: {
            authorization: `Bearer ${clara}`,
            'content-type': 'application/json',
            'if-match': '"1"',
          },
          body: JSON.stringify({ decision: decisions[reviews++ % 3], comment: 'Benchmark review' }),
        },
      );
      if (res.status !== 200) throw new Error(`review: ${res.status} ${await res.text()}`);
    });

    const pick = (n: number, endpoint: string) =>
      rows.find((r) => r.assessments === n && r.endpoint === endpoint)!;
    const compare = (endpoint: string, a: ScoreboardRow, b: ScoreboardRow) => {
      const ratio = Math.round((b.medianMs / a.medianMs) * 100) / 100;
      const sameRoundTrips = a.commands.join() === b.commands.join();
      return {
        endpoint,
        sameRoundTrips,
        ratio,
        withinBudget: sameRoundTrips && ratio <= 1.5 && !b.commands.includes('Scan'),
      };
    };
    const drillDownRows = rows.filter((r) =>
      /organisations|assessments\/\{orgId\} \(|review/.test(r.endpoint),
    );
    const summary = [
      compare(
        'GET /progress/checklists/{id}/versions/1',
        pick(small, 'GET /progress/checklists/{id}/versions/1'),
        pick(large, 'GET /progress/checklists/{id}/versions/1'),
      ),
      compare(
        'GET /progress (overview)',
        pick(small, 'GET /progress (overview, all checklists)'),
        pick(small + large, 'GET /progress (overview, all checklists)'),
      ),
    ];
    // The bulk fixture leaves what the store's transactions leave: the same organisations'
    // first submissions, once each way, give the same counter items (after all measurements, so
    // these two versions touch none of them).
    const check = organisations.slice(0, 40);
    for (const id of ['bench-check-submitted', 'bench-check-seeded']) {
      await call(clara, '/api/v1/checklists', 'POST', {
        id,
        title: `Benchmark check (${id})`,
        appliesTo: ['port_authority'],
        dueAt: new Date(Date.now() - 86_400_000).toISOString(),
        items,
      });
      versions.set(id, (await call(clara, `/api/v1/checklists/${id}/publish`, 'POST')) as ChecklistVersion);
    }
    await submitAll('bench-check-submitted', check);
    await seedAll('bench-check-seeded', check);
    const counterItems = async (checklistId: string) => {
      const dates = [
        ...new Set(check.map((org) => firstSubmission(checklistId, org).next.submittedAt.slice(0, 10))),
      ];
      const keysToRead = [
        keys.progressTotal(checklistId, 1),
        ...dates.sort().map((d) => keys.progressDay(checklistId, 1, d)),
      ];
      const read = await Promise.all(
        keysToRead.map((Key) => db.send(new GetCommand({ TableName: tableName, Key }))),
      );
      return read.map(({ Item }) => {
        const { pk, sk, ...rest } = Item ?? {};
        return rest;
      });
    };
    const [submitted, seeded] = await Promise.all([
      counterItems('bench-check-submitted'),
      counterItems('bench-check-seeded'),
    ]);
    if (
      submitted[0]?.ack !== check.length ||
      JSON.stringify(submitted, setsAsLists) !== JSON.stringify(seeded, setsAsLists)
    ) {
      throw new Error('the bulk fixture writes other counters than the store’s submit');
    }
    return { rows, summary, drillDownRows, writeSeconds, assessmentsWritten: large };
  } finally {
    await dynamo.stop();
  }
}

const checklistsBench: BenchSection = {
  title: 'Checklist scoreboard: 10 vs 5,000 assessments',
  async run() {
    const result = await benchChecklists();
    return {
      columns: ['assessments', 'endpoint', 'DynamoDB requests', 'median'],
      rows: result.rows.map((r) => [
        r.assessments,
        r.endpoint,
        r.commands.join(' + '),
        milliseconds(r.medianMs),
      ]),
      budgets: result.summary
        .flatMap((s) => [
          {
            what: `${s.endpoint}: round trips with 10 and 5,000 assessments`,
            limit: 'the same, no Scan (docs/decisions.md)',
            measured: s.sameRoundTrips ? 'the same' : 'different',
            met: s.sameRoundTrips,
          },
          {
            what: `${s.endpoint}: latency 5,000 / 10`,
            limit: '≤ 1.5',
            measured: String(s.ratio),
            met: s.ratio <= 1.5,
          },
        ])
        .concat(
          result.drillDownRows.map((r) => {
            const write = r.endpoint.startsWith('PUT');
            const reads = r.commands.filter((c) => c !== 'TransactWriteItems').length;
            return {
              what: `${r.endpoint}: DynamoDB requests with 5,000 assessments`,
              limit: write ? '1 read + 1 transaction' : '≤ 2, no Scan',
              measured: r.commands.join(' + '),
              met: write
                ? reads === 1 && r.commands.length === 2
                : r.commands.length <= 2 && !r.commands.includes('Scan'),
            };
          }),
        ),
      notes: [
        'DynamoDB Local (in memory) with the demo alliance plus 5,000 port authorities in the directory in both cases, so only the number of assessments differs.',
        'The version scoreboard is sampled alternately on a version with 10 and one with 5,000 assessments (median of 31 each); the overview is sampled before and after the 5,000 are written (it covers every checklist).',
        `${result.assessmentsWritten} assessments written in bulk as fixture data (BatchWriteItem of 25, 8 at a time, then the summed counters), checked to leave the counters the store's submit transaction leaves: ${result.writeSeconds.toFixed(1)} s.`,
      ],
    };
  },
};

export default checklistsBench;
