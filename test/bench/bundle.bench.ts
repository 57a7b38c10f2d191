/**
 * The api Lambda bundle against a bare Hono + DynamoDB client bundle (docs/decisions.md): minified size,
 * and cold import + first request in fresh `node` processes (median of several), each invoking
 * the handler once with an API Gateway v2 event.
 *
 * The budgeted comparison is a first request that needs no token and no table (the api's
 * `GET /api/v1/health`, the bare bundle's `GET /health`): a key-set fetch or a DynamoDB read costs
 * both bundles alike and would dilute the ratio. The api's still makes one read the bare bundle
 * does not: its handler checks the origin secret before any request reaches the app, reading it
 * from Secrets Manager (a local stand-in here) as every cold start in AWS does
 * (functions/api/lambda.ts). The authenticated `/me` against one GetItem is shown as well, for what
 * a signed-in first request costs.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { publicBaseUrlVariable } from '../../functions/api/public-site';
import { demoMemberId } from '../../functions/local/demo-alliance';
import { localCredentials, localRegion, startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { seedDemoAlliance } from '../../functions/local/seed';
import { edgeHeaders } from '../../functions/settings/edge';
import { environmentVariables } from '../../functions/settings/environment';
import { apiBundle, apiBundleBudget, buildLambda, type LambdaBundle } from '../../infra/bundling';
import { type BenchSection, kilobytes, median, milliseconds } from './bench';
import { summarizeBundle } from './bundle-files';

const processes = 15;
/** Fewer for the informative `/me` comparison: it carries no budget. */
const networkProcesses = 7;
const sizeBudget = apiBundleBudget.bytes;
const coldStartBudget = apiBundleBudget.coldStartRatio;

interface ColdStart {
  importMs: number;
  firstRequestMs: number;
  status: number;
}

/** What one fresh process does: import the bundle, invoke its handler once, report the times. */
const childScript = `
const t0 = performance.now();
const bundle = await import(process.env.BENCH_BUNDLE_URL);
const t1 = performance.now();
const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10000 };
const response = await bundle.handler(JSON.parse(process.env.BENCH_EVENT), context);
const t2 = performance.now();
process.stdout.write('\\nBENCH_RESULT ' + JSON.stringify({ importMs: t1 - t0, firstRequestMs: t2 - t1, status: response.statusCode }) + '\\n');
`;

function coldStart(bundleFile: string, event: unknown, env: Record<string, string>): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', childScript], {
      env: {
        ...env,
        PATH: process.env.PATH ?? '',
        BENCH_BUNDLE_URL: pathToFileURL(bundleFile).href,
        BENCH_EVENT: JSON.stringify(event),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) reject(new Error(`cold start of ${bundleFile} failed (${code}):\n${out}`));
      else resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as ColdStart);
    });
  });
}

/** An API Gateway HTTP API (payload 2.0) event, as the Lambda receives it. */
function httpApiEvent(path: string, headers: Record<string, string> = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'bench.execute-api.eu-west-1.amazonaws.com',
      accept: 'application/json',
      [edgeHeaders.originVerify]: benchOriginSecret,
      ...headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'bench.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'bench',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench-request',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

const benchOriginSecret = 'bench-origin-secret-0123456789';
const benchOriginSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:origin';
const benchCursorKey = randomBytes(32).toString('base64');

/** A JWKS endpoint standing in for Cognito's: the api verifies tokens against it on first request. */
async function jwksServer() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST') {
      // Also stands in for Secrets Manager: the api reads its two keys at cold start (functions/api/keys.ts).
      let text = '';
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => {
        const { SecretId, VersionStage } = JSON.parse(text);
        const found = VersionStage === 'AWSCURRENT';
        res.writeHead(found ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' }).end(
          JSON.stringify(
            found
              ? {
                  ARN: SecretId,
                  SecretString: SecretId === benchOriginSecretArn ? benchOriginSecret : benchCursorKey,
                }
              : { __type: 'ResourceNotFoundException', message: 'no such version' },
          ),
        );
      });
    } else if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    issuer,
    sign: (claims: Record<string, unknown>, subject: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
        .setSubject(subject)
        .setIssuer(issuer)
        .setAudience('bench-client')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function build(bundle: LambdaBundle, outdir: string, root: string) {
  const { entry, metafile } = await buildLambda(bundle, outdir, root);
  return { entry, ...summarizeBundle(metafile, root) };
}

const section: BenchSection = {
  title: 'api Lambda bundle: size and cold start against a bare Hono + DynamoDB bundle',
  async run({ root, scratch }) {
    const api = await build(apiBundle, join(scratch, 'api'), root);
    // Built the same way, lean substitutes included (those of packages it lacks do nothing).
    const bare = await build(
      { ...apiBundle, entry: 'test/bench/fixtures/bare.ts' },
      join(scratch, 'bare'),
      root,
    );

    const dynamo = await startDynamoDbLocal();
    const jwks = await jwksServer();
    try {
      const tableName = 'bench-bundle';
      await ensureTable(dynamo.client, tableName);
      await seedDemoAlliance(DynamoDBDocumentClient.from(dynamo.client), tableName);
      const token = await jwks.sign(
        {
          email: 'ben@antwerp.example',
          'custom:org': 'antwerp',
          'cognito:groups': ['contributor'],
          token_use: 'id',
        },
        demoMemberId('ben@antwerp.example', 'antwerp'),
      );
      // What the CDK api construct sets, pointed at the local servers.
      const env = {
        AWS_REGION: localRegion,
        AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        TABLE_NAME: tableName,
        FILES_BUCKET: 'alliance-files-bench',
        AUTH_ISSUER: jwks.issuer,
        AUTH_AUDIENCE: 'bench-client',
        USER_POOL_ID: 'eu-west-1_bench',
        [environmentVariables.cursorKeySecret]: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cursor',
        [environmentVariables.originSecret]: benchOriginSecretArn,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: jwks.issuer,
        [publicBaseUrlVariable]: 'https://portal.example',
        POWERTOOLS_SERVICE_NAME: 'alliance-api',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      };
      const meEvent = httpApiEvent('/api/v1/me', { authorization: `Bearer ${token}` });
      const getItemEvent = httpApiEvent('/organisations/antwerp');

      /** Cold starts of both bundles, interleaved so that a slow moment of the machine hits both alike. */
      const compare = async (count: number, apiEvent: unknown, bareEvent: unknown) => {
        const apiRuns: ColdStart[] = [];
        const bareRuns: ColdStart[] = [];
        for (let i = 0; i < count; i++) {
          apiRuns.push(await coldStart(api.entry, apiEvent, env));
          bareRuns.push(await coldStart(bare.entry, bareEvent, env));
        }
        for (const run of [...apiRuns, ...bareRuns]) {
          if (run.status !== 200) throw new Error(`a cold start answered ${run.status}, not 200`);
        }
        const summary = (runs: ColdStart[]) => ({
          importMs: median(runs.map((r) => r.importMs)),
          firstRequestMs: median(runs.map((r) => r.firstRequestMs)),
          totalMs: median(runs.map((r) => r.importMs + r.firstRequestMs)),
        });
        const [apiTimes, bareTimes] = [summary(apiRuns), summary(bareRuns)];
        return { apiTimes, bareTimes, ratio: apiTimes.totalMs / bareTimes.totalMs };
      };
      const offline = await compare(processes, httpApiEvent('/api/v1/health'), httpApiEvent('/health'));
      const signedIn = await compare(networkProcesses, meEvent, getItemEvent);
      const biggest = [...api.byPackage]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([name, bytes]) => `${name} ${kilobytes(bytes)}`)
        .join(', ');

      const rows = (times: Awaited<ReturnType<typeof compare>>, requests: [string, string]) =>
        [api, bare].map((b, i) => {
          const t = i === 0 ? times.apiTimes : times.bareTimes;
          return [
            i === 0 ? 'api (functions/api/lambda.ts)' : 'bare Hono + DynamoDB (test/bench/fixtures/bare.ts)',
            requests[i]!,
            `${kilobytes(b.bytes)} in ${b.files.length} file${b.files.length === 1 ? '' : 's'}`,
            kilobytes(b.gzipBytes),
            kilobytes(b.coldStartBytes),
            milliseconds(t.importMs),
            milliseconds(t.firstRequestMs),
            milliseconds(t.totalMs),
            i === 0 ? `${times.ratio.toFixed(2)}×` : '',
          ];
        });

      return {
        columns: [
          'bundle',
          'first request',
          'minified',
          'gzip',
          'loaded at cold start',
          'cold import',
          'first request',
          'import + request',
          'ratio',
        ],
        rows: [
          ...rows(offline, ['GET /api/v1/health', 'GET /health']),
          ...rows(signedIn, ['GET /api/v1/me (token)', 'GET /organisations/antwerp']),
        ],
        budgets: [
          {
            what: 'api bundle, minified (every file)',
            limit: `≤ ${kilobytes(sizeBudget)}`,
            measured: kilobytes(api.bytes),
            met: api.bytes <= sizeBudget,
          },
          {
            what: 'api cold import + first request (health) vs bare',
            limit: `≤ ${coldStartBudget}×`,
            measured: `${offline.ratio.toFixed(2)}×`,
            met: offline.ratio <= coldStartBudget,
          },
        ],
        notes: [
          `Median of ${processes} fresh \`node\` processes per bundle for the health requests (${networkProcesses} for the others; Node ${process.versions.node} here; Lambda runs nodejs22.x on arm64), run interleaved.`,
          'Budgeted: the health requests. Neither needs a token or the table; the api’s reads the origin secret first (one GetSecretValue, to a local stand-in here), as each of its cold starts in AWS does. Shown besides: GET /api/v1/me with a bearer token (JWKS fetched from a local server on first use, as from Cognito, and one BatchGetItem) against one GetItem; their round trips dilute the ratio.',
          'Both bundles are built by infra/bundling.ts’s `buildLambda`, as the CDK api construct builds its asset (ESM, minified, SDK bundled, lean substitutes; chunks behind `await import()` load on first use).',
          `Largest parts of the api bundle: ${biggest}.`,
        ],
      };
    } finally {
      await jwks.close();
      await dynamo.stop();
    }
  },
};

export default section;
