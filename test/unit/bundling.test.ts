import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiBundle,
  buildLambda,
  exportedNames,
  interfaceOnly,
  type LambdaBundle,
  notBundledMessage,
} from '../../infra/bundling';

const root = join(import.meta.dirname, '..', '..');
const probeBundle: LambdaBundle = { ...apiBundle, entry: 'test/unit/fixtures/lean-probe.ts' };
type Report = Awaited<ReturnType<typeof import('./fixtures/lean-probe').probe>>;

/** Builds `bundle` and runs its `probe()` in a fresh `node` process with `env`. */
async function probe(bundle: LambdaBundle, env: Record<string, string> = {}): Promise<Report> {
  const outdir = mkdtempSync(join(tmpdir(), 'alliance-probe-'));
  const { entry } = await buildLambda(bundle, outdir, root, { logLevel: 'silent' });
  const script = `const { probe } = await import(${JSON.stringify(pathToFileURL(entry).href)});
process.stdout.write(JSON.stringify(await probe()));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
  return JSON.parse(stdout);
}

const credentials = { AWS_ACCESS_KEY_ID: 'AKIDLAMBDAROLE', AWS_SECRET_ACCESS_KEY: 'secret' };
let lean: Report;
let full: Report;
let leanWithoutCredentials: Report;

beforeAll(async () => {
  [lean, full, leanWithoutCredentials] = await Promise.all([
    probe(probeBundle, credentials),
    probe({ ...probeBundle, substitutes: [] }, credentials),
    // No credentials anywhere: HOME points nowhere, so the full chain would find no files either.
    probe(probeBundle, { HOME: '/nonexistent' }),
  ]);
  // Three builds and three processes: on a busy machine that is more than the default 10 s.
}, 60_000);

describe('the lean substitutes keep what the api uses', () => {
  it('zod validates and words its problems as without them', () => {
    expect(lean.issues).toEqual(full.issues);
    expect(lean.issues).toContain('email: Invalid email address');
    expect(lean.minLength).toBe(3);
  });

  it('@hono/zod-openapi validates requests as without them', () => {
    expect(lean.validation).toEqual(full.validation);
    expect(lean.validation.status).toBe(400);
  });

  it('the AWS SDK reads its credentials from the environment, as Lambda provides them', () => {
    expect(lean.credentials).toBe('AKIDLAMBDAROLE');
    expect(leanWithoutCredentials.credentials).toMatch(/environment only/);
  });

  it('the S3 client writes its requests and reads its responses as without them', () => {
    expect(lean.s3Requests).toEqual(full.s3Requests);
    expect(JSON.stringify(lean.s3Requests)).toContain('"if-none-match":"*"');
    expect(JSON.stringify(lean.s3Requests)).toContain('"x-amz-meta-sha256":"abc"');
    expect(lean.s3Head).toEqual(full.s3Head);
    expect(lean.s3Head).toMatchObject({ type: 'application/pdf', length: 2, metadata: { sha256: 'abc' } });
  });

  it('Powertools idempotency selects the fields it is told to, as JMESPath does', () => {
    expect(lean.jmespath).toEqual(full.jmespath);
    expect(lean.jmespath).toEqual([{ a: 1 }, null, null]);
  });

  it('the S3 client still knows its version for the user agent', () => {
    expect(lean.userAgent).toEqual(full.userAgent);
    expect(lean.userAgent.flat().join(' ')).toMatch(/aws-sdk-js \d+\.\d+/);
  });
});

describe('what the substitutes leave out fails clearly when called', () => {
  it('zod keeps English only and refuses compile and JSON Schema conversions', () => {
    expect(full.locales.length).toBeGreaterThan(30);
    expect(lean.locales).toEqual(['en']);
    for (const report of [full.compile, full.toJSONSchema, full.fromJSONSchema]) expect(report).toBe('ran');
    expect(lean.compile).toBe(notBundledMessage('z.compile'));
    expect(lean.toJSONSchema).toBe(notBundledMessage('zod’s JSON Schema generator'));
    expect(lean.fromJSONSchema).toBe(notBundledMessage('z.fromJSONSchema'));
  });

  it('the OpenAPI generator (the api serves the document computed at build time)', () => {
    expect(JSON.stringify(full.document)).toContain('"maxLength":80');
    expect(lean.document).toBe(notBundledMessage('the OpenAPI generator'));
  });

  it('JMESPath beyond a field name', () => {
    expect(full.jmespathOther).toBe('ran');
    expect(lean.jmespathOther).toBe(notBundledMessage('A JMESPath expression other than a field name'));
  });

  it('S3 event streams', () => {
    expect(full.eventStreams).toBe('ran');
    expect(lean.eventStreams).toBe(notBundledMessage('AWS SDK event streams'));
  });
});

describe('substitutes themselves', () => {
  it('list every export form esbuild emits or packages ship', () => {
    const source = [
      'export const a = 1;',
      'export function b() {}',
      'export async function c() {}',
      'export class D {}',
      'export { e, f as g };',
      'export { default as h, i } from "./x.js";',
    ].join('\n');
    expect(exportedNames(source).sort()).toEqual(['D', 'a', 'b', 'c', 'e', 'g', 'h', 'i']);
    expect(() => exportedNames('export * from "./x.js";')).toThrow(/export \*/);
  });

  it('stub every export but the kept ones, and notice a kept one that is gone', () => {
    const stub = interfaceOnly('the thing', ['keep'])(
      'export const keep = 1;\nexport function drop() {}',
      'm.js',
    );
    expect(stub).toContain('export { keep } from "lean-original:m.js";');
    expect(stub).toContain('export const drop = notBundled;');
    expect(stub).toContain(notBundledMessage('the thing'));
    expect(() => interfaceOnly('x', ['gone'])('export const here = 1;', 'm.js')).toThrow(
      /no longer exports gone/,
    );
  });

  it('fail the build when their file is gone while its package is still bundled', async () => {
    const stale = { module: 'zod/v4/no-such-file.js', because: 'test', contents: '' };
    const outdir = mkdtempSync(join(tmpdir(), 'alliance-probe-'));
    await expect(
      buildLambda({ ...probeBundle, substitutes: [...probeBundle.substitutes, stale] }, outdir, root, {
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/zod\/v4\/no-such-file\.js is no longer in the bundle/);
  });
});
