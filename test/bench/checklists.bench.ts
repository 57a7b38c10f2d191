/**
 * Checklist scoreboard benchmark (DESIGN §8): the Commission's scoreboard read with 10 and then
 * 5,000 assessments of one checklist version, against the real DynamoDB Local. Budget: the same
 * DynamoDB round trips in both, latency ratio ≤ 1.5; plus the round trips of a submission and of
 * the to-do.
 *
 * The directory holds 5,000 extra port authorities in both runs, so only the number of
 * assessments changes between them. Assessments are written straight through the store's
 * `submit` (the same transaction as the API's), many at once.
 *
 * Standalone: `npx tsx test/bench/checklists.ts` prints the tables and exits non-zero over budget.
 * A runner imports `benchChecklists()`.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
  const samples = options.samples ?? 21;
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
    await call(clara, '/api/v1/checklists', 'POST', {
      id: 'bench',
      title: 'Benchmark checklist',
      appliesTo: ['port_authority'],
      dueAt: new Date(Date.now() - 86_400_000).toISOString(),
      items,
    });
    const version = (await call(clara, '/api/v1/checklists/bench/publish', 'POST')) as ChecklistVersion;

    let submitted = 0;
    const submitUpTo = async (count: number) => {
      const todo = organisations.slice(submitted, count);
      await pool(todo, 16, async (org) => {
        const n = Number(org.id.slice(-5));
        const next: Assessment = {
          checklistId: 'bench',
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
            requestId: `bench-${org.id}`,
            actor: { memberId: `bench-${org.id}`, organisationId: org.id, role: 'contributor' },
            action: 'assessment.submitted',
            object: { type: 'assessment', id: `bench/1/${org.id}` },
            organisationId: org.id,
          },
        });
      });
      submitted = count;
    };

    const counter = countRoundTrips(dynamo.client);
    const rows: ScoreboardRow[] = [];
    const measure = async (assessments: number, endpoint: string, work: () => Promise<unknown>) => {
      for (let i = 0; i < 3; i++) await work(); // warm-up
      const times: number[] = [];
      let commands: string[] = [];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        const run = await counter.during(work);
        times.push(performance.now() - started);
        commands = run.commands;
      }
      times.sort((a, b) => a - b);
      rows.push({
        assessments,
        endpoint,
        commands,
        medianMs: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10,
      });
    };
    const scoreboards = async (n: number) => {
      await measure(n, 'GET /progress/checklists/bench/versions/1', () =>
        call(clara, '/api/v1/progress/checklists/bench/versions/1'),
      );
      await measure(n, 'GET /progress (overview)', () => call(clara, '/api/v1/progress'));
      // The DynamoDB part alone, to tell reading from computing.
      await measure(n, 'store.versionProgress (DynamoDB only)', () =>
        store.versionProgress({ checklistId: 'bench', version: 1 }, 'commission'),
      );
      await measure(n, 'store.progressOf (DynamoDB only)', async () => {
        const page = await store.list({ limit: 90 });
        const refs = page.items.flatMap((r) =>
          r.current ? [{ checklistId: r.id, version: r.current.version }] : [],
        );
        return store.progressOf(refs, 'commission');
      });
    };

    await submitUpTo(small);
    await scoreboards(small);
    const started = performance.now();
    await submitUpTo(large);
    const writeSeconds = (performance.now() - started) / 1000;
    await scoreboards(large);

    // A submission through the API, and a member's to-do, with the large version in place.
    const benchMember = (org: Organisation) =>
      issuer.sign({
        id: `m-${org.id}`,
        email: `m@${org.id}.example`,
        name: 'Bench member',
        organisationId: org.id,
        role: 'contributor',
      });
    const resubmitter = await benchMember(organisations[0]!);
    let round = 0;
    await measure(large, 'PUT …/assessments/{orgId} (re-submission)', () =>
      call(resubmitter, `/api/v1/checklists/bench/versions/1/assessments/${organisations[0]!.id}`, 'PUT', {
        items: items.map((item, i) => ({ itemId: item.id, status: statuses[(round++ + i) % 4] })),
      }),
    );
    const ben = await tokenOf('ben@antwerp.example');
    await measure(large, 'GET /me/todo', () => call(ben, '/api/v1/me/todo'));

    const pick = (n: number, endpoint: string) =>
      rows.find((r) => r.assessments === n && r.endpoint === endpoint)!;
    const summary = ['GET /progress/checklists/bench/versions/1', 'GET /progress (overview)'].map(
      (endpoint) => {
        const a = pick(small, endpoint);
        const b = pick(large, endpoint);
        const ratio = Math.round((b.medianMs / a.medianMs) * 100) / 100;
        const sameRoundTrips = a.commands.join() === b.commands.join();
        return { endpoint, sameRoundTrips, ratio, withinBudget: sameRoundTrips && ratio <= 1.5 };
      },
    );
    return { rows, summary, writeSeconds, assessmentsWritten: large };
  } finally {
    await dynamo.stop();
  }
}

export function formatChecklistBench(result: Awaited<ReturnType<typeof benchChecklists>>) {
  const lines = [
    '| assessments | endpoint | DynamoDB requests | median ms |',
    '| --- | --- | --- | --- |',
    ...result.rows.map(
      (r) => `| ${r.assessments} | ${r.endpoint} | ${r.commands.join(' + ')} | ${r.medianMs} |`,
    ),
    '',
    '| scoreboard | same round trips | latency ratio (5,000 / 10) | within budget |',
    '| --- | --- | --- | --- |',
    ...result.summary.map(
      (s) =>
        `| ${s.endpoint} | ${s.sameRoundTrips ? 'yes' : 'NO'} | ${s.ratio} | ${s.withinBudget ? 'yes' : 'NO'} |`,
    ),
    '',
    `Writing ${result.assessmentsWritten} assessments through the store (16 at a time): ${result.writeSeconds.toFixed(1)} s.`,
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchChecklists(process.env.BENCH_LARGE ? { large: Number(process.env.BENCH_LARGE), samples: 5 } : {})
    .then((result) => {
      console.log(formatChecklistBench(result));
      if (result.summary.some((s) => !s.withinBudget)) process.exitCode = 1;
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
