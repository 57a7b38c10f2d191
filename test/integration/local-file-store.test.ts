import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { attachmentDisposition, createS3Client } from '../../functions/adapters/s3/files';
import { localCredentials, localRegion } from '../../functions/local/dynamodb-local';
import { LocalIssuer } from '../../functions/local/issuer';
import { seedDemoAlliance } from '../../functions/local/seed';
import { localServer } from '../../functions/local/server';
import { localS3Client } from '../../functions/local/wiring';
import { fileDynamoEndpoint } from '../support/file-dynamo';
import { testFilesBucket as bucket, demoMember } from '../support/portal';
import { bulletinBody } from '../support/shared-items';

/**
 * The `/local/s3` file store of `npm start` (functions/local/s3-proxy.ts) over real HTTP: the
 * local server's whole root (secure headers, issuer, API, proxy) in front of the integration run's
 * s3rver. Only what the API presigned gets through; everything else is 403 and changes nothing.
 */

const credentials = { accessKeyId: 'TESTPRESIGN', secretAccessKey: 'known-to-this-test-file-only' };
/**
 * What the API signs URLs for. The test reaches the server on another port, as a browser may use
 * 127.0.0.1 for a portal started as localhost: the signed host is the configured one.
 */
const baseUrl = 'http://localhost:3000';
const ben = 'ben@antwerp.example';
const ruth = 'ruth@rotterdam.example';

/** The proxy's clock: fixed by a test that checks expiry, the real time otherwise. */
let clock: Date | undefined;
let origin: string;
let server: ServerType;
let scratch: string;
let issuer: LocalIssuer;
const s3 = localS3Client(inject('s3Endpoint'));
/** This file's corner of the shared test bucket. */
const prefix = `local-file-store-${Date.now().toString(36)}`;

beforeAll(async () => {
  const dynamo = new DynamoDBClient({
    endpoint: await fileDynamoEndpoint(),
    region: localRegion,
    credentials: localCredentials,
  });
  const tableName = `lfs${process.pid}-${Date.now().toString(36)}`;
  await ensureTable(dynamo, tableName);
  await seedDemoAlliance(DynamoDBDocumentClient.from(dynamo), tableName);
  issuer = await LocalIssuer.create(`${baseUrl}/local`);
  scratch = mkdtempSync(join(tmpdir(), 'alliance-lfs-'));
  writeFileSync(join(scratch, 'index.html'), '<!doctype html><title>Alliance portal</title>');
  const app = localServer({
    dynamo,
    s3Endpoint: inject('s3Endpoint'),
    issuer,
    webDist: scratch,
    baseUrl,
    tableName,
    filesBucket: bucket,
    presignCredentials: credentials,
    now: () => clock ?? new Date(),
  });
  server = await new Promise<ServerType>((done) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  clock = undefined;
});
afterAll(async () => {
  await new Promise((done) => server?.close(done));
  rmSync(scratch, { recursive: true, force: true });
});

async function api(path: string, as: string, body?: unknown) {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await issuer.sign(demoMember(as))}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

async function apiGet(path: string, as: string) {
  const res = await fetch(`${origin}${path}`, {
    headers: { authorization: `Bearer ${await issuer.sign(demoMember(as))}` },
  });
  return { status: res.status, json: (await res.json()) as any };
}

/** What s3rver holds under the key, read behind the proxy's back; null when nothing is there. */
async function stored(key: string): Promise<string | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await object.Body!.transformToString();
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchKey') return null;
    throw err;
  }
}

const put = (key: string, body: string, contentType: string) =>
  s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));

/** A presigner as the local wiring makes it, with its clock set to `signingDate` when given. */
const presigner = (signingDate?: Date) =>
  createS3Client({
    endpoint: `${baseUrl}/local/s3`,
    region: localRegion,
    forcePathStyle: true,
    credentials,
    ...(signingDate ? { systemClockOffset: signingDate.getTime() - Date.now() } : {}),
  });

/** A presigned GET as the API makes it (files.ts), relative to the portal as the API sends it. */
async function presignGet(key: string, options: { signingDate?: Date; expiresIn?: number } = {}) {
  const url = await getSignedUrl(
    presigner(),
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: attachmentDisposition('report.pdf'),
      ResponseCacheControl: 'no-store',
    }),
    {
      expiresIn: options.expiresIn ?? 60,
      ...(options.signingDate ? { signingDate: options.signingDate } : {}),
    },
  );
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

const get = (path: string, init: RequestInit = {}) => fetch(`${origin}${path}`, init);

function form(
  fields: Record<string, string>,
  file: { content: string | Uint8Array<ArrayBuffer>; type: string; name: string },
) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append('file', new Blob([file.content], { type: file.type }), file.name);
  return body;
}

async function expectDenied(res: Response) {
  expect(res.status).toBe(403);
  expect(res.headers.get('content-type')).toBe('application/xml');
  expect(await res.text()).toContain('<Code>AccessDenied</Code>');
}

/** A draft bulletin by Ben with a presigned upload for one text attachment of `size` bytes. */
async function attachmentUpload(fileName: string, size: number) {
  const draft = await api(
    '/api/v1/bulletins',
    ben,
    bulletinBody({ title: 'Seal numbers of the reefers from Guayaquil', body: 'See the attachment.' }),
  );
  expect(draft.status, JSON.stringify(draft.json)).toBe(201);
  const upload = await api(`/api/v1/bulletins/${draft.json.id}/attachments`, ben, {
    fileName,
    contentType: 'text/plain',
    size,
  });
  expect(upload.status, JSON.stringify(upload.json)).toBe(201);
  return {
    bulletinId: draft.json.id as string,
    attachmentId: upload.json.attachmentId as string,
    url: upload.json.url as string,
    fields: upload.json.fields as Record<string, string>,
  };
}

describe('without a presigned signature the local file store answers 403 and changes nothing', () => {
  it('refuses to list the bucket, in any of the ways S3 lists', async () => {
    await put(`${prefix}/listed.txt`, 'secret', 'text/plain');
    for (const path of [
      '/local/s3/',
      `/local/s3/${bucket}`,
      `/local/s3/${bucket}/`,
      `/local/s3/${bucket}?list-type=2`,
      `/local/s3/${bucket}?prefix=${prefix}`,
      `/local/s3/${bucket}?uploads`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(403);
      expect(await res.text(), path).not.toContain(prefix);
    }
  });

  it('refuses an unsigned GET or HEAD of an object that exists, even a RED attachment', async () => {
    await put(`${prefix}/red.txt`, 'RED: informant name', 'text/plain');
    await expectDenied(await get(`/local/s3/${bucket}/${prefix}/red.txt`));
    expect((await get(`/local/s3/${bucket}/${prefix}/red.txt`, { method: 'HEAD' })).status).toBe(403);
    // A v2-style signature, or one made up, is no better.
    await expectDenied(
      await get(`/local/s3/${bucket}/${prefix}/red.txt?AWSAccessKeyId=S3RVER&Signature=x&Expires=9999999999`),
    );
  });

  it('refuses unsigned PUT, DELETE, POST and multipart uploads; the object stays as it was', async () => {
    const key = `${prefix}/kept.txt`;
    await put(key, 'original', 'text/plain');
    const path = `/local/s3/${bucket}/${key}`;
    await expectDenied(
      await get(path, { method: 'PUT', body: 'overwritten', headers: { 'content-type': 'text/html' } }),
    );
    await expectDenied(await get(path, { method: 'DELETE' }));
    await expectDenied(await get(`${path}?uploads`, { method: 'POST' }));
    await expectDenied(
      await get(`/local/s3/${bucket}?delete`, {
        method: 'POST',
        body: `<Delete><Object><Key>${key}</Key></Object></Delete>`,
      }),
    );
    // A browser-style POST upload without a policy, for the same key and for a new one.
    for (const target of [key, `${prefix}/new.html`]) {
      await expectDenied(
        await get(`/local/s3/${bucket}`, {
          method: 'POST',
          body: form(
            { key: target, 'Content-Type': 'text/html' },
            { content: '<script>1</script>', type: 'text/html', name: 'x.html' },
          ),
        }),
      );
    }
    await expectDenied(await get(`/local/s3/${bucket}`, { method: 'POST', body: 'not a form' }));
    // A PUT presigned with credentials the portal did not issue.
    const forged = await getSignedUrl(
      createS3Client({
        endpoint: `${baseUrl}/local/s3`,
        region: localRegion,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
      new PutObjectCommand({ Bucket: bucket, Key: key }),
    );
    await expectDenied(
      await get(new URL(forged).pathname + new URL(forged).search, { method: 'PUT', body: 'overwritten' }),
    );

    expect(await stored(key)).toBe('original');
    expect(await stored(`${prefix}/new.html`)).toBeNull();
  });
});

describe('a presigned GET', () => {
  const signedAt = new Date('2030-01-01T00:00:00Z');
  const at = (seconds: number) => new Date(signedAt.getTime() + seconds * 1000);

  it('gets its object for its lifetime, as an attachment with nosniff, no-store and a safe type', async () => {
    const key = `${prefix}/report.txt`;
    await put(key, 'Seal numbers: 1234, 5678\n', 'text/plain');
    const path = await presignGet(key, { signingDate: signedAt, expiresIn: 60 });

    clock = at(30);
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('Seal numbers: 1234, 5678\n');
    expect(res.headers.get('content-disposition')).toBe(attachmentDisposition('report.pdf'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('text/plain');

    clock = at(61);
    await expectDenied(await get(path));
    // Signed for a time more than 15 minutes ahead: not valid yet.
    clock = at(-16 * 60);
    await expectDenied(await get(path));
  });

  it('is refused for another key, another method or with any parameter changed', async () => {
    const keyA = `${prefix}/a.txt`;
    const keyB = `${prefix}/b.txt`;
    await put(keyA, 'A', 'text/plain');
    await put(keyB, 'B: RED', 'text/plain');
    clock = at(1);
    const path = await presignGet(keyA, { signingDate: signedAt });
    expect((await get(path)).status).toBe(200);

    await expectDenied(await get(path.replace('/a.txt?', '/b.txt?')));
    expect((await get(path, { method: 'HEAD' })).status).toBe(403);
    await expectDenied(await get(path, { method: 'PUT', body: 'overwritten' }));
    await expectDenied(await get(path, { method: 'DELETE' }));
    await expectDenied(await get(`${path}&response-content-type=text%2Fhtml`));
    await expectDenied(
      await get(
        path.replace('response-content-disposition=attachment', 'response-content-disposition=inline'),
      ),
    );
    await expectDenied(await get(path.replace('X-Amz-Expires=60', 'X-Amz-Expires=600')));
    await expectDenied(await get(path.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000')));
    await expectDenied(await get(path.replace(/&X-Amz-Signature=[0-9a-f]+/, '')));
    expect(await stored(keyA)).toBe('A');
  });

  it('never serves HTML, SVG, XML or script: such objects leave as octet-stream attachments', async () => {
    clock = at(1);
    for (const [name, type] of [
      ['page.html', 'text/html'],
      ['page.htm', 'text/html; charset=utf-8'],
      ['image.svg', 'image/svg+xml'],
      ['app.js', 'application/javascript'],
      ['feed.xml', 'text/xml'],
      ['page.xhtml', 'application/xhtml+xml'],
    ] as const) {
      const key = `${prefix}/${name}`;
      await put(key, '<script>fetch("/api/v1/me")</script>', type);
      const res = await get(await presignGet(key, { signingDate: signedAt }));
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition'), name).toMatch(/^attachment;/);
      expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
    }
  });
});

describe('uploads through the presigned POST the API issues', () => {
  it('stores the file for its key, then a recipient downloads it as a text attachment, even named .html', async () => {
    const content = '<!doctype html><script>localStorage.token</script>';
    const upload = await attachmentUpload('page.html', content.length);
    expect(upload.url).toBe(`/local/s3/${bucket}`);
    const res = await get(upload.url, {
      method: 'POST',
      body: form(upload.fields, { content, type: 'text/html', name: 'page.html' }),
    });
    expect(res.status).toBe(204);
    expect(await stored(upload.fields.key!)).toBe(content);
    // The file stored under its own declared type (text/plain), so the check lets it through.
    const completed = await api(
      `/api/v1/bulletins/${upload.bulletinId}/attachments/${upload.attachmentId}/complete`,
      ben,
    );
    expect(completed.status, JSON.stringify(completed.json)).toBe(200);

    const published = await api(`/api/v1/bulletins/${upload.bulletinId}/publish`, ben);
    expect(published.status).toBe(200);
    const link = await apiGet(
      `/api/v1/bulletins/${upload.bulletinId}/attachments/${upload.attachmentId}`,
      ruth,
    );
    expect(link.status).toBe(200);
    const file = await get(link.json.url);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe(content);
    expect(file.headers.get('content-type')).toBe('text/plain');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="page\.html"/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('cache-control')).toBe('no-store');
    // The link is for that attachment only.
    await expectDenied(await get(link.json.url.replace(upload.attachmentId, randomUUID())));
  });

  it('refuses another type, another key, an extra field, a file too large or empty; nothing is stored', async () => {
    const content = 'Seal numbers: 1234, 5678\n';
    const upload = await attachmentUpload('seals.txt', content.length);
    const key = upload.fields.key!;
    const otherKey = key.replace(upload.attachmentId, randomUUID());
    const post = (fields: Record<string, string>, file: string | Uint8Array<ArrayBuffer> = content) =>
      get(upload.url, {
        method: 'POST',
        body: form(fields, { content: file, type: 'text/plain', name: 'seals.txt' }),
      });

    await expectDenied(await post({ ...upload.fields, 'Content-Type': 'text/html' }));
    await expectDenied(await post({ ...upload.fields, key: otherKey }));
    await expectDenied(await post({ ...upload.fields, success_action_status: '201' }));
    await expectDenied(await post(upload.fields, `${content}x`));
    await expectDenied(await post(upload.fields, new Uint8Array(2 * 1024 * 1024)));
    await expectDenied(await post(upload.fields, ''));
    const { Policy: _policy, ...unsigned } = upload.fields;
    await expectDenied(await post(unsigned));
    // Posted to another bucket of the same s3rver.
    await expectDenied(
      await get(`/local/s3/${bucket}-other`, {
        method: 'POST',
        body: form(upload.fields, { content, type: 'text/plain', name: 'seals.txt' }),
      }),
    );

    expect(await stored(key)).toBeNull();
    expect(await stored(otherKey)).toBeNull();
    // The same form, untouched, still works: nothing above used it up.
    expect((await post(upload.fields)).status).toBe(204);
    expect(await stored(key)).toBe(content);
  });

  it('refuses a policy once it has expired', async () => {
    const signedAt = new Date('2030-01-01T00:00:00Z');
    const key = `${prefix}/expiring.txt`;
    const { url, fields } = await createPresignedPost(presigner(signedAt), {
      Bucket: bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 1, 10],
        ['eq', '$Content-Type', 'text/plain'],
      ],
      Fields: { 'Content-Type': 'text/plain' },
      Expires: 300,
    });
    const path = new URL(url).pathname;
    const post = () =>
      get(path, {
        method: 'POST',
        body: form(fields, { content: 'late', type: 'text/plain', name: 'a.txt' }),
      });
    clock = new Date(signedAt.getTime() + 301_000);
    await expectDenied(await post());
    expect(await stored(key)).toBeNull();
    clock = new Date(signedAt.getTime() + 299_000);
    expect((await post()).status).toBe(204);
    expect(await stored(key)).toBe('late');
  });
});
