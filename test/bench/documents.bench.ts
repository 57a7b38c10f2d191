/**
 * Document round trips (docs/data-model.md): how many DynamoDB requests each document endpoint makes, with a
 * library of a few hundred documents, against the real DynamoDB Local and s3rver. Budget: every
 * read ≤ 2, every write one transaction, never a Scan.
 *
 * Part of `npm run bench` (default export, see test/bench/run.ts); standalone:
 * `npx tsx test/bench/documents.bench.ts` prints the table and exits non-zero over budget.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { countRoundTrips } from '../support/round-trips';
import { type BenchSection, median } from './bench';
import { startBenchPortal } from './bench-portal';

interface Row {
  endpoint: string;
  commands: string[];
  reads: number;
  transactions: number;
  withinBudget: boolean;
  medianMs: number;
}

const readCommands = new Set(['GetItem', 'BatchGetItem', 'Query']);

export async function benchDocuments(options: { documents?: number; samples?: number } = {}): Promise<Row[]> {
  const total = options.documents ?? 200;
  const samples = options.samples ?? 15;
  const portal = await startBenchPortal('bench-documents');
  const { dynamo, call } = portal;
  try {
    const content = Buffer.from('%PDF-1.4\n% benchmark document\n%%EOF\n');
    const upload = async (target: { url: string; fields: Record<string, string> }) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(target.fields)) form.append(k, v);
      form.append('file', new Blob([content], { type: 'application/pdf' }), 'bench.pdf');
      const res = await fetch(target.url, { method: 'POST', body: form });
      if (res.status >= 300) throw new Error(`upload: ${res.status}`);
    };
    const authors = ['ben@antwerp.example', 'ruth@rotterdam.example', 'hans@hamburg.example'];
    const labels = ['TLP:GREEN', 'TLP:AMBER', 'TLP:CLEAR', 'TLP:AMBER+STRICT'];
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const documentOf = (i: number) => ({
      title: `Bench best practice ${i}`,
      summary: 'Generated for the round-trip benchmark.',
      tags: [`bench-${i % 5}`, 'bench'],
      areas: [i % 2 ? 'container_scanning' : 'cargo_release'],
      tlp: labels[i % labels.length],
      recipients: { organisations: ['rotterdam', 'antwerp', 'hamburg'], members: [] },
      requiresAcknowledgement: true,
      acknowledgeBy: due,
      file: { fileName: 'bench.pdf', contentType: 'application/pdf', size: content.length },
    });
    const create = async (as: string, i: number) => {
      const created = await call(as, '/api/v1/documents', 'POST', documentOf(i));
      await upload(created.upload);
      return created.document.id as string;
    };
    for (let i = 0; i < total; i++) {
      const as = authors[i % authors.length]!;
      const id = await create(as, i);
      await call(as, `/api/v1/documents/${id}/versions/1/complete`, 'POST');
    }

    const counter = countRoundTrips(dynamo.client);
    const rows: Row[] = [];
    const measure = async (endpoint: string, work: () => Promise<unknown>, kind: 'read' | 'write') => {
      const times: number[] = [];
      let commands: string[] = [];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        const run = await counter.during(work);
        times.push(performance.now() - started);
        commands = run.commands;
      }
      const reads = commands.filter((c) => readCommands.has(c)).length;
      const transactions = commands.filter((c) => c === 'TransactWriteItems').length;
      // A restricted read's audit event is its one PutItem (docs/audit-trail.md).
      const others = commands.filter(
        (c) => !readCommands.has(c) && c !== 'TransactWriteItems' && c !== 'PutItem',
      );
      const withinBudget =
        !commands.includes('Scan') &&
        others.length === 0 &&
        (kind === 'read' ? reads <= 2 : transactions === 1);
      rows.push({
        endpoint,
        commands,
        reads,
        transactions,
        withinBudget,
        medianMs: Math.round(median(times) * 10) / 10,
      });
    };

    const ruth = 'ruth@rotterdam.example';
    const ben = 'ben@antwerp.example';
    const first = await call(ruth, '/api/v1/documents?limit=25');
    const green = first.items.find((i: { tlp: string }) => i.tlp === 'TLP:GREEN').id;
    const amber = first.items.find(
      (i: { tlp: string; authorOrganisationId: string }) =>
        i.tlp === 'TLP:AMBER' && i.authorOrganisationId === 'antwerp',
    ).id;
    await measure(
      `GET /documents (library page 1 of ${total})`,
      () => call(ruth, '/api/v1/documents?limit=25'),
      'read',
    );
    await measure(
      'GET /documents?cursor= (library page 2)',
      () => call(ruth, `/api/v1/documents?limit=25&cursor=${first.nextCursor}`),
      'read',
    );
    await measure(
      'GET /documents?tag= (tag search)',
      () => call(ruth, '/api/v1/documents?limit=25&tag=bench-3'),
      'read',
    );
    await measure(
      'GET /documents?q=&area=&kind= (title search, filters)',
      () =>
        call(ruth, '/api/v1/documents?limit=25&q=practice%201&area=container_scanning&kind=port_authority'),
      'read',
    );
    await measure(
      'GET /documents/{id} (GREEN detail)',
      () => call(ruth, `/api/v1/documents/${green}`),
      'read',
    );
    await measure(
      'GET /documents/{id} (AMBER detail + read audit Put)',
      () => call(ruth, `/api/v1/documents/${amber}`),
      'read',
    );
    await measure(
      'GET /documents/{id}/versions/1/download (GREEN)',
      () => call(ruth, `/api/v1/documents/${green}/versions/1/download`),
      'read',
    );
    await measure(
      'GET /documents/{id}/versions/1/download (AMBER + audit Put)',
      () => call(ruth, `/api/v1/documents/${amber}/versions/1/download`),
      'read',
    );
    await measure(
      'GET /documents/{id}/download (current version)',
      () => call(ruth, `/api/v1/documents/${green}/download`),
      'read',
    );
    await measure(
      'GET /documents/{id}/acknowledgements (attestations)',
      () => call(ben, `/api/v1/documents/${amber}/acknowledgements`),
      'read',
    );
    // Writes: each sample on a fresh document, so every sample does the full write.
    await measure(
      'POST /documents (record + presigned POST)',
      () => call(ben, '/api/v1/documents', 'POST', documentOf(1)),
      'write',
    );
    const uploaded: string[] = [];
    for (let i = 0; i < samples; i++) uploaded.push(await create(ben, i));
    let p = 0;
    await measure(
      'POST /documents/{id}/versions/1/complete (publish)',
      () => call(ben, `/api/v1/documents/${uploaded[p++]}/versions/1/complete`, 'POST'),
      'write',
    );
    let v = 0;
    await measure(
      'POST /documents/{id}/versions (start a version)',
      () =>
        call(ben, `/api/v1/documents/${uploaded[v++]}/versions`, 'POST', {
          changeNote: 'Benchmark version',
          material: true,
          file: { fileName: 'bench.pdf', contentType: 'application/pdf', size: content.length },
        }),
      'write',
    );
    let a = 0;
    await measure(
      'POST /documents/{id}/acknowledgements (attest)',
      () => call(ruth, `/api/v1/documents/${uploaded[a++]}/acknowledgements`, 'POST', {}),
      'write',
    );
    return rows;
  } finally {
    await portal.stop();
  }
}

const section: BenchSection = {
  title: 'Documents: DynamoDB round trips per endpoint',
  async run() {
    const documents = 200;
    const rows = await benchDocuments({ documents });
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
        `${documents} published documents (GREEN, AMBER, CLEAR, AMBER+STRICT; 3 recipient organisations, 2 tags each) in DynamoDB Local, files in s3rver, API driven in-process; counts are per request, the same at any library size.`,
        'A restricted read (AMBER/RED detail or download) adds one PutItem: its audit event (docs/audit-trail.md). S3 calls are not counted: publishing reads the file back once (HEAD + streamed GET for the SHA-256); links are presigned without a call.',
        'Writes read first to check permissions and revision: publishing a new document reads the directory (recipients) and the publisher’s organisation (its kind) before its transaction.',
      ],
    };
  },
};
export default section;

if (import.meta.url === `file://${process.argv[1]}`) {
  benchDocuments()
    .then((rows) => {
      for (const r of rows) {
        console.log(
          `${r.withinBudget ? 'ok ' : 'NO '} ${r.endpoint}: ${r.commands.join(' + ')} (${r.medianMs} ms)`,
        );
      }
      if (rows.some((r) => !r.withinBudget)) process.exitCode = 1;
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
