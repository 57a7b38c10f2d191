import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect, inject } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamodb/table';
import { createApp } from '../../functions/api/app';
import type { Deps } from '../../functions/api/env';
import { demoAlliance, demoMemberId } from '../../functions/local/demo-alliance';
import { localCredentials, localRegion } from '../../functions/local/dynamodb-local';
import { LocalIssuer } from '../../functions/local/issuer';
import type { LocalMalwareScan } from '../../functions/local/malware-scan';
import { seedDemoAlliance, seedDemoDirectory } from '../../functions/local/seed';
import { localDeps } from '../../functions/local/wiring';
import { monthBoundClock, monthOf } from './clock';
import { fileDynamoEndpoint } from './file-dynamo';

let tableCounter = 0;

/** The integration run's files bucket (test/support/local-servers.setup.ts creates it). */
export const testFilesBucket = 'alliance-files-test';

/** The demo member with this e-mail, as the seed creates them. */
export function demoMember(email: string) {
  for (const org of demoAlliance) {
    const m = org.members.find((x) => x.email === email);
    if (m) return { ...m, id: demoMemberId(m.email, org.id), organisationId: org.id };
  }
  throw new Error(`no demo member ${email}`);
}

export interface RequestOptions {
  as?: string;
  method?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/**
 * A real API against DynamoDB Local: its own table (so test files never see each other's data),
 * the demo alliance seeded, and an in-memory issuer to sign in as any demo member.
 */
export async function createTestPortal(
  options: {
    /** The whole demo alliance (default), its organisations and members alone, or nothing. */
    seed?: boolean | 'directory';
    overrides?: Partial<Deps>;
    /**
     * Storage of the test's own instead of the run's shared servers, for tests that pause or
     * stop it (test/integration/faults-*.test.ts): a DynamoDB Local client and an s3rver endpoint.
     */
    storage?: { dynamo?: DynamoDBClient; s3Endpoint?: string };
    /**
     * The local GuardDuty stand-in scans each upload as it is completed, unless `manual`: then
     * files stay "being scanned" until the test calls `scanLikeGuardDuty` (functions/local/malware-scan.ts).
     */
    malwareScan?: LocalMalwareScan;
  } = {},
) {
  const dynamo =
    options.storage?.dynamo ??
    new DynamoDBClient({
      endpoint: await fileDynamoEndpoint(),
      region: localRegion,
      credentials: localCredentials,
    });
  const tableName = `t${process.pid}-${Date.now().toString(36)}-${tableCounter++}`;
  await ensureTable(dynamo, tableName);
  const db = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  // The portal's time (./clock.ts) unless the test brings its own: audit months and "in N days"
  // come from here, never from the machine's clock at the moment of a check.
  const bounded = monthBoundClock();
  const now = options.overrides?.now ?? bounded.now;
  const start = options.overrides?.now ? options.overrides.now() : bounded.start;
  const time = { start, month: monthOf(start) };
  // The seed keeps to the machine's time (as the month-bound clock begins it), even under a test's
  // own clock: tests that move to another year count on finding no seeded events there.
  if (options.seed === 'directory') await seedDemoDirectory(db, tableName, bounded.start);
  else if (options.seed !== false) await seedDemoAlliance(db, tableName, bounded.start);
  const issuer = await LocalIssuer.create('http://localhost/test-issuer');
  // The member status cache runs on this clock: it stands still unless a test moves it, so what is
  // cached never depends on how fast the machine is (functions/api/member-access.ts).
  const clock = manualClock();
  const deps = {
    cacheClock: clock.now,
    ...localDeps({
      dynamo,
      tableName,
      issuer,
      files: { endpoint: options.storage?.s3Endpoint ?? inject('s3Endpoint'), bucket: testFilesBucket },
      cursorKey: randomBytes(32),
      logLevel: 'SILENT',
      ...(options.malwareScan ? { malwareScan: options.malwareScan } : {}),
    }),
    now,
    // Behaviour, not speed, is under test: a loaded test machine must not turn a slow answer into
    // a 503. Fault tests (test/integration/faults-*.test.ts) set the real deadline back.
    requestDeadlineMs: 30_000,
    ...options.overrides,
  };
  const app = createApp(deps);

  // One token per member, as a signed-in browser holds one: a fresh sign-in per request would
  // record a new last sign-in on every call. Like a browser, the member signs in again when the
  // portal's clock (which a test may move) has left the token's lifetime.
  const tokenLifetimeSeconds = 8 * 60 * 60;
  const tokens = new Map<string, { issuedAt: number; token: Promise<string> }>();
  function tokenFor(email: string) {
    const now = Math.floor(deps.now().getTime() / 1000);
    const held = tokens.get(email);
    if (held && now >= held.issuedAt && now < held.issuedAt + tokenLifetimeSeconds) return held.token;
    const token = signNow(demoMember(email));
    tokens.set(email, { issuedAt: now, token });
    return token;
  }

  /**
   * A token for any member issued at the portal's `now` (the issuer alone would use the machine's
   * clock), valid for `lifetimeSeconds` (negative: already expired), so a test that injects time
   * gets tokens of that time.
   */
  function signNow(member: Parameters<LocalIssuer['sign']>[0], lifetimeSeconds = tokenLifetimeSeconds) {
    const now = Math.floor(deps.now().getTime() / 1000);
    return issuer.sign(member, now + lifetimeSeconds, { issuedAt: now });
  }

  async function request(path: string, opts: RequestOptions = {}) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.as) headers.authorization = `Bearer ${await tokenFor(opts.as)}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  return { app, deps, db, dynamo, tableName, issuer, tokenFor, signNow, request, clock, time };
}

/** Milliseconds that move only when told to. */
export function manualClock(start = 0) {
  let at = start;
  return {
    now: () => at,
    advance(ms: number) {
      at += ms;
    },
  };
}

export type TestPortal = Awaited<ReturnType<typeof createTestPortal>>;

/** The response is an RFC 9457 problem with this status, a title and the request id. */
export function expectProblem(res: { status: number; headers: Headers; json: any }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.json).toMatchObject({ status, title: expect.any(String), requestId: expect.any(String) });
}

/** The fields a problem names. */
export const problemFields = (res: { json: any }): string[] =>
  (res.json?.errors ?? []).map((e: { field: string }) => e.field);
