/**
 * Checklist scoreboard benchmark (docs/data-model.md): the Commission's scoreboard of a version with 10
 * assessments and of one with 5,000, and the overview before and after, against DynamoDB Local. Budget: the same
 * DynamoDB round trips in both, latency ratio ≤ 1.5; plus the round trips of a submission and of
 * the to-do.
 *
 * The directory holds 5,000 extra port authorities in both runs, so only the number of
 * assessments changes between them. Assessments are written straight through the store's
 * `submit` (the same transaction as the API's), many at once.
 *
 * Run: `npm run bench -- checklists` (test/bench/run.ts). Figures, not assertions.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
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
  type ChecklistVersion,
  type ItemStatus,
  keys,
  type Organisation,
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

    const submitAll = async (checklistId: string, orgs: Organisation[]) => {
      const version = versions.get(checklistId)!;
      await pool(orgs, 16, async (org) => {
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
        await store.submit({
          version,
          previous: null,
          next,
          audit: {
            at: new Date().toISOString(),
            requestId: `bench-${checklistId}-${org.id}`,
            actor: { memberId: `bench-${org.id}`, organisationId: org.id, role: 'contributor' },
            action: 'assessment.submitted',
            object: { type: 'assessment', id: `${checklistId}/1/${org.id}` },
            organisationId: org.id,
          },
        });
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
    await submitAll('bench-large', organisations.slice(0, large));
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
    return { rows, summary, writeSeconds, assessmentsWritten: large };
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
      budgets: result.summary.flatMap((s) => [
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
      ]),
      notes: [
        'DynamoDB Local (in memory) with the demo alliance plus 5,000 port authorities in the directory in both cases, so only the number of assessments differs.',
        'The version scoreboard is sampled alternately on a version with 10 and one with 5,000 assessments (median of 31 each); the overview is sampled before and after the 5,000 are written (it covers every checklist).',
        `${result.assessmentsWritten} assessments written through the store's submit transaction, 16 at a time: ${result.writeSeconds.toFixed(1)} s.`,
      ],
    };
  },
};

export default checklistsBench;
