/**
 * `npm run build:api`: the api Lambda bundle in dist/api/index.mjs, built with the very options
 * the CDK api construct uses (infra/bundling.ts). `cdk deploy` bundles on its own; this is for
 * looking at the bundle and for the benchmark.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { apiBundle, esbuildOptions } from '../../infra/bundling';

const root = join(import.meta.dirname, '..', '..');
const outfile = join(root, 'dist', 'api', 'index.mjs');
await esbuild.build({ ...esbuildOptions(apiBundle, outfile), absWorkingDir: root });
console.log(
  `dist/api/index.mjs: ${(statSync(outfile).size / 1024).toFixed(1)} KB (budget 800 KB, DESIGN §8)`,
);
