import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceIpOf } from '../../functions/api/audit';
import { CursorSealer } from '../../functions/api/cursor';
import { keyCacheSeconds, secretsManagerKeys } from '../../functions/api/keys';
import { cameThroughCloudFront } from '../../functions/api/origin';
import { ProblemError } from '../../functions/api/problems';
import { edgeHeaders } from '../../functions/settings/edge';

const position = { pk: 'ORG#antwerp', sk: 'INBOX#2026-11-01#b1' };

describe('cursor keys during a rotation', () => {
  it('opens cursors of the previous key, seals only with the current one, and forgets the key before', () => {
    const [oldest, old, current] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const before = new CursorSealer(old, oldest).seal('feed|antwerp', position)!;
    const sealer = new CursorSealer(current, old);
    expect(sealer.open('feed|antwerp', before)).toEqual(position);
    const after = sealer.seal('feed|antwerp', position)!;
    expect(new CursorSealer(current).open('feed|antwerp', after)).toEqual(position);
    expect(() => new CursorSealer(old).open('feed|antwerp', after)).toThrow(ProblemError);
    const beforeLast = new CursorSealer(oldest).seal('feed|antwerp', position)!;
    expect(() => sealer.open('feed|antwerp', beforeLast)).toThrow(ProblemError);
    sealer.rekey(randomBytes(32), current);
    expect(sealer.open('feed|antwerp', after)).toEqual(position);
    expect(() => sealer.open('feed|antwerp', before)).toThrow(ProblemError);
  });
});

/** Stands in for Secrets Manager (no local equivalent), recording each real request it gets. */
const versions: Record<string, string | undefined> = { AWSCURRENT: 'key-2' };
const asked: { target: string; body: { SecretId: string; VersionStage: string } }[] = [];
const server = createServer((req, res) => {
  let text = '';
  req.on('data', (chunk) => {
    text += chunk;
  });
  req.on('end', () => {
    const body = JSON.parse(text);
    asked.push({ target: String(req.headers['x-amz-target']), body });
    const value = versions[body.VersionStage];
    res.writeHead(value ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(
      JSON.stringify(
        value
          ? { ARN: body.SecretId, SecretString: value, VersionStages: [body.VersionStage] }
          : {
              __type: 'ResourceNotFoundException',
              message: 'Secrets Manager can’t find the specified secret value',
            },
      ),
    );
  });
});
let client: SecretsManagerClient;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new SecretsManagerClient({
    region: 'eu-west-1',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('keys from Secrets Manager', () => {
  it('reads AWSCURRENT and AWSPREVIOUS by name, caches both (a missing AWSPREVIOUS too), and sees a rotation after the cache', async () => {
    const keys = secretsManagerKeys('arn:secret:cursor', { client, now: () => 0 });
    asked.length = 0;
    expect(await keys()).toEqual({ current: 'key-2' });
    expect(asked.map((a) => `${a.target} ${a.body.SecretId} ${a.body.VersionStage}`).sort()).toEqual([
      'secretsmanager.GetSecretValue arn:secret:cursor AWSCURRENT',
      'secretsmanager.GetSecretValue arn:secret:cursor AWSPREVIOUS',
    ]);
    // Warm requests cost no call.
    await keys();
    expect(asked).toHaveLength(2);
    // A rotation: the new value becomes AWSCURRENT, the old one AWSPREVIOUS.
    versions.AWSPREVIOUS = 'key-2';
    versions.AWSCURRENT = 'key-3';
    // Within the cache the old pair stands (Powertools' cache runs on the real clock, so a fresh
    // source stands for a Lambda that starts, or a cache that expires, after the rotation).
    expect(await keys()).toEqual({ current: 'key-2' });
    expect(keyCacheSeconds).toBeLessThanOrEqual(300);
    expect(await secretsManagerKeys('arn:secret:cursor', { client }).call(null)).toEqual({
      current: 'key-3',
      previous: 'key-2',
    });
  });

  it('reads AWSCURRENT alone for a check that needs only the current value', async () => {
    versions.AWSCURRENT = 'key-4';
    asked.length = 0;
    const keys = secretsManagerKeys('arn:secret:origin', { client });
    expect(await keys.current()).toBe('key-4');
    await keys.current();
    expect(asked.map((a) => a.body.VersionStage)).toEqual(['AWSCURRENT']);
    // The pair afterwards reads only what it lacks.
    expect(await keys()).toEqual({ current: 'key-4', previous: 'key-2' });
    expect(asked.map((a) => a.body.VersionStage)).toEqual(['AWSCURRENT', 'AWSPREVIOUS']);
  });
});

describe('what came through CloudFront', () => {
  it('passes the current or the previous origin secret only', () => {
    const secrets = { current: 'now-0123456789', previous: 'then-0123456789' };
    const sent = (value?: string) => (value === undefined ? {} : { [edgeHeaders.originVerify]: value });
    expect(cameThroughCloudFront(sent('now-0123456789'), secrets)).toBe(true);
    expect(cameThroughCloudFront(sent('then-0123456789'), secrets)).toBe(true);
    expect(cameThroughCloudFront(sent('now-012345678'), secrets)).toBe(false);
    expect(cameThroughCloudFront(sent(''), secrets)).toBe(false);
    expect(cameThroughCloudFront(sent(), secrets)).toBe(false);
    expect(cameThroughCloudFront(sent('then-0123456789'), { current: 'now-0123456789' })).toBe(false);
  });

  it('records the viewer address CloudFront set, not the edge server API Gateway saw; locally, never a header', async () => {
    const app = new Hono();
    app.get('/ip', (c) => c.text(sourceIpOf(c) ?? 'none'));
    const event = (headers: Record<string, string>) => ({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/ip',
      rawQueryString: '',
      headers: { host: 'api.example', ...headers },
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'GET', path: '/ip', protocol: 'HTTP/1.1', sourceIp: '130.176.1.1', userAgent: 't' },
        requestId: 'r',
        routeKey: '$default',
        stage: '$default',
        time: '',
        timeEpoch: 0,
      },
    });
    const answer = async (headers: Record<string, string>) =>
      ((await handle(app)(event(headers) as never, {} as never)) as { body: string }).body;
    expect(await answer({ [edgeHeaders.viewerAddress]: '198.51.100.7', 'x-forwarded-for': '10.9.9.9' })).toBe(
      '198.51.100.7',
    );
    expect(await answer({})).toBe('130.176.1.1');
    // At home the socket decides: a header a client sends is ignored.
    const local = await app.request(
      '/ip',
      { headers: { [edgeHeaders.viewerAddress]: '198.51.100.7' } },
      {
        incoming: { socket: { remoteAddress: '127.0.0.1' } },
      },
    );
    expect(await local.text()).toBe('127.0.0.1');
  });
});
