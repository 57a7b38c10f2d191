/**
 * Bulletin round trips (docs/data-model.md): how many DynamoDB requests each bulletin endpoint makes, with a
 * feed of a few hundred bulletins, against the real DynamoDB Local and s3rver. Budget: every read
 * ≤ 2, every write one transaction (plus the read it needs first), never a Scan.
 *
 * Part of `npm run bench` (default export, see test/bench/run.ts); standalone:
 * `npx tsx test/bench/bulletins.bench.ts` prints the table and exits non-zero over budget.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { countRoundTrips } from '../support/round-trips';
import type { BenchSection } from './bench';
import { startBenchPortal } from './bench-portal';

export interface RoundTripRow {
  endpoint: string;
  commands: string[];
  reads: number;
  transactions: number;
  withinBudget: boolean;
  medianMs: number;
}

const readCommands = new Set(['GetItem', 'BatchGetItem', 'Query']);

export async function benchBulletins(options: { bulletins?: number; samples?: number } = {}) {
  const total = options.bulletins ?? 300;
  const samples = options.samples ?? 15;
  const portal = await startBenchPortal('bench-bulletins');
  const { dynamo, app, call } = portal;
  try {
    const authors = ['ben@antwerp.example', 'ruth@rotterdam.example', 'hans@hamburg.example'];
    const labels = ['TLP:GREEN', 'TLP:AMBER', 'TLP:CLEAR', 'TLP:AMBER+STRICT'];
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const draftOf = (i: number) => ({
      title: `Bench bulletin ${i}`,
      summary: 'Generated for the round-trip benchmark.',
      severity: 'medium',
      tlp: labels[i % labels.length],
      categories: ['deep-concealment'],
      ports: ['BEANR', 'NLRTM'],
      recipients: { organisations: ['rotterdam', 'antwerp', 'hamburg'], members: [] },
      requiresAcknowledgement: true,
      acknowledgeBy: due,
    });
    for (let i = 0; i < total; i++) {
      const d = await call(authors[i % authors.length]!, '/api/v1/bulletins', 'POST', draftOf(i));
      await call(authors[i % authors.length]!, `/api/v1/bulletins/${d.id}/publish`, 'POST');
    }

    const counter = countRoundTrips(dynamo.client);
    const rows: RoundTripRow[] = [];
    const measure = async (endpoint: string, work: () => Promise<unknown>, kind: 'read' | 'write') => {
      const times: number[] = [];
      let commands: string[] = [];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        const run = await counter.during(work);
        times.push(performance.now() - started);
        commands = run.commands;
      }
      times.sort((a, b) => a - b);
      const reads = commands.filter((c) => readCommands.has(c)).length;
      const transactions = commands.filter((c) => c === 'TransactWriteItems').length;
      const others = commands.filter(
        (c) => !readCommands.has(c) && c !== 'TransactWriteItems' && c !== 'PutItem',
      );
      const withinBudget =
        !commands.includes('Scan') &&
        others.length === 0 &&
        (kind === 'read' ? reads <= 2 : transactions === 1 && reads <= 1);
      rows.push({
        endpoint,
        commands,
        reads,
        transactions,
        withinBudget,
        medianMs: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10,
      });
    };

    const ruth = 'ruth@rotterdam.example';
    const ben = 'ben@antwerp.example';
    const first = await call(ruth, '/api/v1/bulletins?limit=25');
    const second = first.nextCursor as string;
    const green = first.items.find((i: { tlp: string }) => i.tlp === 'TLP:GREEN').id;
    const amber = first.items.find(
      (i: { tlp: string; authorOrganisationId: string }) =>
        i.tlp === 'TLP:AMBER' && i.authorOrganisationId === 'antwerp',
    ).id;
    await measure(
      `GET /bulletins (feed page 1 of ${total})`,
      () => call(ruth, '/api/v1/bulletins?limit=25'),
      'read',
    );
    await measure(
      'GET /bulletins?cursor= (feed page 2)',
      () => call(ruth, `/api/v1/bulletins?limit=25&cursor=${second}`),
      'read',
    );
    await measure(
      'GET /bulletins?category=&severity= (filtered feed)',
      () => call(ruth, '/api/v1/bulletins?limit=25&category=deep-concealment&severity=medium'),
      'read',
    );
    await measure(
      'GET /bulletins?port=NLRTM (by port)',
      () => call(ruth, '/api/v1/bulletins?limit=25&port=NLRTM'),
      'read',
    );
    await measure(
      'GET /bulletins/{id} (GREEN detail)',
      () => call(ruth, `/api/v1/bulletins/${green}`),
      'read',
    );
    await measure(
      'GET /bulletins/{id} (AMBER detail + read audit Put)',
      () => call(ruth, `/api/v1/bulletins/${amber}`),
      'read',
    );
    await measure(
      'GET /bulletins/{id}/acknowledgements (receipts)',
      () => call(ben, `/api/v1/bulletins/${amber}/acknowledgements`),
      'read',
    );
    await measure(
      'GET /public/bulletins',
      async () => {
        const res = await app.request('/api/v1/public/bulletins?limit=25');
        return res.json();
      },
      'read',
    );
    // Writes: each sample on a fresh bulletin, so every sample does the full write.
    const freshDrafts: string[] = [];
    for (let i = 0; i < samples; i++)
      freshDrafts.push((await call(ben, '/api/v1/bulletins', 'POST', draftOf(1))).id);
    await measure(
      'POST /bulletins (draft)',
      () => call(ben, '/api/v1/bulletins', 'POST', draftOf(1)),
      'write',
    );
    let p = 0;
    await measure(
      'POST /bulletins/{id}/publish',
      () => call(ben, `/api/v1/bulletins/${freshDrafts[p++]}/publish`, 'POST'),
      'write',
    );
    let a = 0;
    await measure(
      'POST /bulletins/{id}/acknowledgements',
      () =>
        call(ruth, `/api/v1/bulletins/${freshDrafts[a++]}/acknowledgements`, 'POST', { kind: 'acknowledge' }),
      'write',
    );
    return rows;
  } finally {
    await portal.stop();
  }
}

export function formatRows(rows: RoundTripRow[]) {
  const lines = [
    '| endpoint | DynamoDB requests | reads | transactions | within budget | median ms |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.endpoint} | ${r.commands.join(' + ')} | ${r.reads} | ${r.transactions} | ${r.withinBudget ? 'yes' : 'NO'} | ${r.medianMs} |`,
    );
  }
  return lines.join('\n');
}

const section: BenchSection = {
  title: 'Bulletins: DynamoDB round trips per endpoint',
  async run() {
    const bulletins = 300;
    const rows = await benchBulletins({ bulletins });
    return {
      columns: ['endpoint', 'DynamoDB requests', 'reads', 'transactions', 'median ms'],
      rows: rows.map((r) => [r.endpoint, r.commands.join(' + '), r.reads, r.transactions, r.medianMs]),
      budgets: rows.map((r) => ({
        what: r.endpoint,
        limit: 'read ≤ 2 requests; write 1 transaction; no Scan (docs/decisions.md)',
        measured: r.commands.join(' + '),
        met: r.withinBudget,
      })),
      notes: [
        `${bulletins} published bulletins (GREEN, AMBER, CLEAR, AMBER+STRICT) in DynamoDB Local, API driven in-process; counts are per request, the same at any table size.`,
        'A restricted read (AMBER/RED detail, attachment link) adds one PutItem: its audit event (docs/audit-trail.md).',
        'With an Idempotency-Key, publish and acknowledge add Powertools’ own PutItem (and UpdateItem on success); a retry is a single PutItem.',
        'Writes read once first (the bulletin, or the directory for recipients) to check permissions and revision.',
      ],
    };
  },
};
export default section;

if (import.meta.url === `file://${process.argv[1]}`) {
  benchBulletins()
    .then((rows) => {
      console.log(formatRows(rows));
      if (rows.some((r) => !r.withinBudget)) process.exitCode = 1;
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
