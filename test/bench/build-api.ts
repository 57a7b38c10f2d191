/**
 * `npm run build:api`: the api Lambda bundle in dist/api/ (index.mjs and its chunks), built by
 * the very function the CDK api construct uses (infra/bundling.ts). `cdk deploy` bundles on its
 * own; this is for looking at the bundle and for the benchmark.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { apiBundle, apiBundleBudget, buildLambda } from '../../infra/bundling';
import { summarizeBundle } from './bundle-files';

const root = join(import.meta.dirname, '..', '..');
const outdir = join(root, 'dist', 'api');
rmSync(outdir, { recursive: true, force: true });
const { metafile } = await buildLambda(apiBundle, outdir, root);
const summary = summarizeBundle(metafile, root);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
for (const file of summary.files) {
  console.log(
    `  ${file.name.padEnd(40)} ${kb(file.bytes).padStart(9)} ${file.loadedAtColdStart ? 'cold start' : 'on first use'}`,
  );
}
console.log(
  `dist/api: ${kb(summary.bytes)} in ${summary.files.length} files (budget ${kb(apiBundleBudget.bytes)}, docs/decisions.md), ` +
    `${kb(summary.coldStartBytes)} loaded at cold start`,
);
