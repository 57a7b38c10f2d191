/**
 * `npm run bench`: every benchmark, printed as markdown for docs/benchmarks.md (budgets: docs/decisions.md).
 *
 * Convention for adding a benchmark: create `test/bench/<area>.bench.ts` that default-exports a
 * `BenchSection` (test/bench/bench.ts): a title and `run(context)` returning columns, rows, the
 * budgets it checks (what, limit, measured, met) and notes. A section starts the servers it needs
 * (e.g. `startDynamoDbLocal()`) and stops them before it returns. The runner finds the files
 * itself, runs them one after another in name order (never in parallel: timings would disturb
 * each other) and prints each as a markdown section.
 *
 *   npm run bench                 all sections
 *   npm run bench -- bundle       only sections whose file name contains "bundle"
 *   npm run bench -- --strict     exit 1 when a budget is not met (for CI that wants it)
 *
 * Benchmarks report figures; they are not tests. Nothing here asserts on time.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BenchSection, type Budget, markdownTable } from './bench';

const root = join(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const strict = args.includes('--strict');
const filters = args.filter((a) => !a.startsWith('--'));

const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ')}.`);
  process.exit(1);
}

const missed: Budget[] = [];
let failed = false;
console.log(
  `# Benchmarks\n\n${new Date().toISOString()} · Node ${process.versions.node} · ${process.platform}/${process.arch}\n`,
);
for (const file of files) {
  const section = (await import(pathToFileURL(join(import.meta.dirname, file)).href)).default as BenchSection;
  const scratch = mkdtempSync(join(tmpdir(), 'alliance-bench-'));
  console.log(`## ${section.title}\n`);
  try {
    const report = await section.run({ root, scratch });
    console.log(markdownTable(report.columns, report.rows));
    if (report.budgets?.length) {
      console.log(
        `\n${markdownTable(
          ['budget', 'limit', 'measured', ''],
          report.budgets.map((b) => [b.what, b.limit, b.measured, b.met ? 'met' : '**NOT MET**']),
        )}`,
      );
      missed.push(...report.budgets.filter((b) => !b.met));
    }
    if (report.notes?.length) console.log(`\n${report.notes.map((note) => `- ${note}`).join('\n')}`);
    console.log('');
  } catch (err) {
    failed = true;
    console.log(`Failed: ${(err as Error).stack ?? err}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (missed.length > 0) console.log(`Budgets not met: ${missed.map((b) => b.what).join('; ')}.`);
process.exit(failed || (strict && missed.length > 0) ? 1 : 0);
