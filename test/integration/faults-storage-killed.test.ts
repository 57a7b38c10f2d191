import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlines } from '../../functions/settings/deadlines';
import { type PortalProcess, startPortalProcess } from '../support/portal-process';
import { bulletinBody } from '../support/shared-items';

/**
 * Issue 17, items 1 and 5, under `npm start`: DynamoDB Local killed (SIGKILL). While it is dead
 * every API request, read or write, answers 503 problem+json with `Retry-After` within the
 * promised 6 s (connections are refused: never a 500); the portal restarts it on the same data,
 * and the same requests then succeed.
 */

const promisedMs = 6_000;
let scratch: string;
let dataDir: string;
let portal: PortalProcess;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'alliance-faults-killed-'));
  // The API is what is under test; an empty page stands in for the built frontend.
  const webDist = join(scratch, 'web-dist');
  mkdirSync(webDist);
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Alliance portal</title>');
  dataDir = join(scratch, 'data');
  portal = await startPortalProcess({ dataDir, env: { WEB_DIST: webDist } });
}, 90_000);
afterAll(async () => {
  await portal?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** The DynamoDB Local of this portal's data directory (its -dbPath names it). */
function javaOfPortal(): number {
  const pids = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return /(^|\/)java$/.test(args[0] ?? '') && args.some((a) => a.startsWith(dataDir));
      } catch {
        return false;
      }
    })
    .map(Number);
  expect(pids).toHaveLength(1);
  return pids[0]!;
}

const parentOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
};

async function call(path: string, init: { token?: string; body?: unknown } = {}) {
  const started = performance.now();
  const res = await fetch(`${portal.url}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? null : JSON.stringify(init.body),
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
    json: (await res.json()) as any,
    ms: performance.now() - started,
  };
}

/** Waits (up to a limit, only for waiting) until `check` holds. */
async function waitFor(what: string, check: () => Promise<boolean>, withinMs = 45_000) {
  const until = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('storage killed under npm start', { timeout: 120_000 }, () => {
  it('reads and writes answer 503 + Retry-After within 6 s while it is dead, and succeed after the restart', async () => {
    const signIn = await call('/local/sign-in', { body: { email: 'ben@antwerp.example' } });
    expect(signIn.status).toBe(200);
    const token = signIn.json.token as string;
    expect((await call('/api/v1/bulletins', { token })).status).toBe(200);

    const java = javaOfPortal();
    const watchdog = parentOf(java);
    // Holding the watchdog keeps the portal from restarting storage until the checks are done.
    process.kill(watchdog, 'SIGSTOP');
    let whileDead: Awaited<ReturnType<typeof call>>[];
    try {
      process.kill(java, 'SIGKILL');
      await waitFor('Java to die', async () => {
        try {
          process.kill(java, 0);
          return readFileSync(`/proc/${java}/stat`, 'utf8').includes(') Z');
        } catch {
          return true;
        }
      });
      whileDead = [
        await call('/api/v1/bulletins', { token }),
        await call('/api/v1/bulletins', {
          token,
          body: bulletinBody({ title: 'Written while storage was dead' }),
        }),
        await call('/api/v1/me', { token }),
      ];
    } finally {
      process.kill(watchdog, 'SIGCONT');
    }
    for (const answer of whileDead) {
      expect(answer.status).toBe(503);
      expect(answer.type).toBe('application/problem+json');
      expect(answer.retryAfter).toBe(String(deadlines.storageRetryAfterSeconds));
      expect(answer.json).toMatchObject({ status: 503, title: 'Service unavailable' });
      expect(answer.ms).toBeLessThan(promisedMs);
    }

    await waitFor('the restarted storage', async () => (await call('/api/v1/health/ready')).status === 200);
    expect(portal.output()).toContain(
      'DynamoDB Local stopped (killed by SIGKILL); restarting it on the same data.',
    );
    expect((await call('/api/v1/bulletins', { token })).status).toBe(200);
    const created = await call('/api/v1/bulletins', {
      token,
      body: bulletinBody({ title: 'Written after' }),
    });
    expect(created.status).toBe(201);
    expect((await call(`/api/v1/bulletins/${created.json.id}`, { token })).json).toMatchObject({
      title: 'Written after',
      status: 'draft',
    });
  });
});
