/**
 * The waterbed read (docs/waterbed.md): `GET /api/v1/waterbed` with 10 ports × 4 quarters and
 * with 40 ports × 40 quarters of figures, against the real DynamoDB Local. Budget: ≤ 2 reads, no
 * Scan, and the large read within 1.5× the small one's median time.
 *
 * Part of `npm run bench` (default export, see test/bench/run.ts); standalone:
 * `npx tsx test/bench/waterbed.bench.ts` prints the rows and exits non-zero over budget.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClientOf } from '../../functions/adapters/dynamodb/client';
import { DynamoWaterbedStore } from '../../functions/adapters/dynamodb/waterbed-store';
import {
  type Figures,
  indicatorNames,
  quarterOf,
  quarterPlus,
  quartersBetween,
} from '../../shared/indicators';
import { keys } from '../../shared/table';
import { countRoundTrips } from '../support/round-trips';
import { type BenchSection, median } from './bench';
import { startBenchPortal } from './bench-portal';

interface Row {
  scenario: string;
  commands: string[];
  medianMs: number;
  bytes: number;
}

/** The same scenarios read in other ways, beside the budgeted rows (informational). */
interface Control {
  scenario: string;
  /** The store's read with nothing kept from before (an instance's first read): both Queries. */
  firstReadMs: number;
  /** One GetItem of one small item on the scenario's table: what DynamoDB Local costs per request there. */
  getItemMs: number;
}

const clara = 'clara@commission.example';
const tableName = 'bench-waterbed';

const figures = (seed: number): Figures =>
  Object.fromEntries(
    indicatorNames.map((n, i) => [
      n,
      { value: 100 + ((seed * 31 + i * 7) % 900), tlp: i % 3 ? 'TLP:GREEN' : 'TLP:AMBER' },
    ]),
  );

export async function benchWaterbed(
  samples = 25,
  warmUp = 30,
): Promise<{ rows: Row[]; controls: Control[] }> {
  // Each scenario on its own table of one DynamoDB Local, timed in turns after both are written
  // and warmed, so both meet the same machine and the same warm JITs (node's and Java's).
  const portal = await startBenchPortal(`${tableName}-small`, [`${tableName}-large`]);
  try {
    const small = { call: portal.call };
    const large = await portal.open(`${tableName}-large`);
    const last = quarterOf(new Date().toISOString());
    // The demo seed's ports (functions/local/seed-indicators.ts) hold eight quarters: ask for four.
    const demoPorts = await small.call(clara, '/api/v1/organisations?kind=port_authority&limit=100');
    const smallPorts = demoPorts.items.slice(0, 10).length;
    await writeFortyByForty(portal.dynamo.client, large.call, `${tableName}-large`, last);
    const largePorts = (await large.call(clara, '/api/v1/organisations?kind=port_authority&limit=100')).items
      .length;
    const db = documentClientOf(portal.dynamo.client);
    const scenarios = [
      {
        scenario: `${smallPorts} ports × 4 quarters`,
        call: small.call,
        path: `/api/v1/waterbed?indicator=cocaineSeizedKg&from=${quarterPlus(last, -3)}&to=${last}`,
        table: `${tableName}-small`,
        quarters: quartersBetween(quarterPlus(last, -3), last),
      },
      {
        scenario: `${largePorts} ports × 40 quarters`,
        call: large.call,
        path: `/api/v1/waterbed?indicator=cocaineSeizedKg&from=${quarterPlus(last, -39)}&to=${last}`,
        table: `${tableName}-large`,
        quarters: quartersBetween(quarterPlus(last, -39), last),
      },
    ];
    for (let i = 0; i < warmUp; i++) for (const s of scenarios) await s.call(clara, s.path);
    const counter = countRoundTrips(portal.dynamo.client);
    const measured = scenarios.map((s) => ({
      ...s,
      times: [] as number[],
      firstReads: [] as number[],
      getItems: [] as number[],
      commands: [] as string[],
      bytes: 0,
    }));
    const timed = async (times: number[], work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    };
    for (let i = 0; i < samples; i++) {
      for (const s of measured) {
        const started = performance.now();
        const run = await counter.during(() => s.call(clara, s.path));
        s.times.push(performance.now() - started);
        s.commands = run.commands;
        s.bytes = JSON.stringify(run.result).length;
        // A store of its own each time keeps nothing from before: the read an instance's first
        // request makes (docs/waterbed.md, "The read cache").
        const fresh = new DynamoWaterbedStore(db, s.table);
        await timed(s.firstReads, () =>
          fresh.readWaterbed({ indicator: 'cocaineSeizedKg', quarters: s.quarters }),
        );
        await timed(s.getItems, () =>
          db.send(new GetCommand({ TableName: s.table, Key: keys.waterbedVersion('cocaineSeizedKg') })),
        );
      }
    }
    const ms = (times: number[]) => Math.round(median(times) * 10) / 10;
    return {
      rows: measured.map((s) => ({
        scenario: s.scenario,
        commands: s.commands,
        medianMs: ms(s.times),
        bytes: s.bytes,
      })),
      controls: measured.map((s) => ({
        scenario: s.scenario,
        firstReadMs: ms(s.firstReads),
        getItemMs: ms(s.getItems),
      })),
    };
  } finally {
    await portal.stop();
  }
}

/** Up to 40 port authorities on the table, each with 40 quarters of all nine figures. */
async function writeFortyByForty(
  client: Parameters<typeof documentClientOf>[0],
  call: (as: string, path: string, method?: string, body?: unknown) => Promise<any>,
  table: string,
  last: string,
) {
  const store = new DynamoWaterbedStore(documentClientOf(client), table);
  const directory = await call(clara, '/api/v1/organisations?kind=port_authority&limit=100');
  const extra = 40 - directory.items.length;
  for (let p = 0; p < extra; p++) {
    const suffix = `${String.fromCharCode(65 + Math.floor(p / 26))}${String.fromCharCode(65 + (p % 26))}`;
    await call(clara, '/api/v1/organisations', 'POST', {
      id: `bench-port-${p}`,
      name: `Bench port ${p}`,
      kind: 'port_authority',
      country: 'NL',
      unlocode: `NLZ${suffix}`,
    });
  }
  const ports = await call(clara, '/api/v1/organisations?kind=port_authority&limit=100');
  for (const [p, org] of ports.items.entries()) {
    for (let q = 0; q < 40; q++) {
      const quarter = quarterPlus(last, q - 39);
      const current = await store.getReport(org.id, quarter);
      await store.saveReport(
        {
          organisationId: org.id,
          locode: org.unlocode,
          quarter,
          figures: figures(p * 40 + q),
          note: 'Bench',
          sharedWith: [],
          revision: (current?.revision ?? 0) + 1,
          reportedAt: new Date().toISOString(),
          reportedBy: { memberId: 'bench', email: 'bench@example.org' },
        },
        current?.revision ?? 0,
        {
          at: new Date(Date.now() + p * 40 + q).toISOString(),
          requestId: `bench-${p}-${q}`,
          actor: { memberId: 'bench', organisationId: org.id, role: 'contributor' },
          action: 'indicators.reported',
          object: { type: 'indicators', id: `${org.id}/${quarter}` },
          organisationId: org.id,
        },
      );
    }
  }
}

const withinBudget = (rows: Row[]) => {
  const [small, large] = rows;
  return (
    rows.every((r) => r.commands.length <= 2 && !r.commands.includes('Scan')) &&
    !!small &&
    !!large &&
    large.medianMs <= 1.5 * small.medianMs
  );
};

const section: BenchSection = {
  title: 'Waterbed: one read whatever the number of ports and quarters',
  async run() {
    const { rows, controls } = await benchWaterbed();
    const [small, large] = rows;
    const [smallControl, largeControl] = controls;
    return {
      columns: ['scenario', 'DynamoDB requests', 'median ms', 'response bytes'],
      rows: rows.map((r) => [r.scenario, r.commands.join(' + '), r.medianMs, r.bytes]),
      budgets: [
        {
          what: 'GET /waterbed, large vs small',
          limit: '≤ 2 reads, no Scan; large within 1.5× of small (issue 14)',
          measured: `${rows.map((r) => r.commands.join(' + ')).join(' / ')}; ${large?.medianMs} ms vs ${small?.medianMs} ms (${large && small ? (large.medianMs / small.medianMs).toFixed(2) : '?'}×)`,
          met: withinBudget(rows),
        },
      ],
      notes: [
        `The same scenarios read otherwise (not budgeted): an instance's first read, with nothing kept from before (Query + Query), ${smallControl?.firstReadMs} ms vs ${largeControl?.firstReadMs} ms; one GetItem of one small item on each table, what DynamoDB Local costs per request there, ${smallControl?.getItemMs} ms vs ${largeControl?.getItemMs} ms.`,
        'Two tables on one DynamoDB Local: the demo alliance (11 port authorities with eight demo quarters) asked for four quarters, and 40 port authorities with 40 quarters of all nine figures each (a third of them TLP:AMBER) asked for all 40, as the Commission. API in-process; both warmed, then timed in turns.',
      ],
    };
  },
};
export default section;

if (import.meta.url === `file://${process.argv[1]}`) {
  benchWaterbed()
    .then(({ rows, controls }) => {
      for (const r of rows)
        console.log(`${r.scenario}: ${r.commands.join(' + ')} (${r.medianMs} ms, ${r.bytes} bytes)`);
      for (const c of controls)
        console.log(`${c.scenario}: first read ${c.firstReadMs} ms, one GetItem ${c.getItemMs} ms`);
      if (!withinBudget(rows)) process.exitCode = 1;
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
