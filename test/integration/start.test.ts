import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBulletinStore } from '../../functions/adapters/dynamodb/bulletin-store';
import { localDataEntries } from '../../functions/local/data-dir';
import { freePort, startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { localWiring } from '../../functions/local/wiring';
import { oneMemberEach } from '../support/one-member-each';
import { localEntry, type PortalProcess, runTypeScript, startPortalProcess } from '../support/portal-process';

/**
 * How `npm start` (functions/local/main.ts) behaves as a process: refusals in one line, Ctrl-C
 * leaving no Java behind, data kept across restarts, `npm run reset` wiping it. Each test starts
 * real processes with DynamoDB Local, so they take a few seconds each.
 */

let scratch: string;
/** A stand-in for web/dist, so these tests do not depend on (or race with) the frontend build. */
let webDist: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'alliance-start-'));
  webDist = join(scratch, 'web-dist');
  mkdirSync(webDist);
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Alliance portal</title>');
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const freshDataDir = () => join(mkdtempSync(join(scratch, 'run-')), 'data');

/** Runs a command to its end and collects what it printed. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The portal's URL on 127.0.0.2: this machine, but not the address a loopback server binds. */
const otherAddress = (portal: PortalProcess) => portal.url.replace('//127.0.0.1:', '//127.0.0.2:');

const startEnv = (env: NodeJS.ProcessEnv) => ({ ...process.env, WEB_DIST: webDist, ...env });
const lines = (text: string) => text.trim().split('\n').filter(Boolean);

/** The pids of Java processes whose command line names this directory (DynamoDB Local's -dbPath). */
function javaProcessesUsing(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return /(^|\/)java$/.test(args[0] ?? '') && args.some((a) => a.startsWith(dir));
      } catch {
        return false; // gone while we looked
      }
    })
    .map(Number);
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The parent of a process, from /proc (the watchdog is Java's parent, node the watchdog's). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // pid (comm) state ppid …; comm may hold spaces, so read after its closing parenthesis.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** The one DynamoDB Local of a data directory and the port it listens on. */
function dynamoDbLocalOf(dataDir: string) {
  const javas = javaProcessesUsing(dataDir);
  expect(javas).toHaveLength(1);
  const pid = javas[0]!;
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  return { pid, port: Number(args[args.indexOf('-port') + 1]) };
}

/**
 * Connections to this local port holding bytes nobody has read yet: with DynamoDB Local paused,
 * each is a storage request the portal has sent and is waiting on.
 */
function pendingRequestsTo(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6']
    .flatMap((file) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(1) : []))
    .map((line) => line.trim().split(/\s+/))
    .filter(([, local, , state, queues]) => {
      const rxQueue = Number.parseInt(queues!.split(':')[1]!, 16);
      return local!.endsWith(`:${hexPort}`) && state === '01' && rxQueue > 0;
    }).length;
}

/** Waits (up to a deadline, only for waiting) until `check` holds; fails with `what` otherwise. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>, withinMs = 30_000) {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const readiness = async (portal: PortalProcess) => {
  const res = await fetch(`${portal.url}/api/v1/health/ready`, { signal: AbortSignal.timeout(10_000) });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
    json: (await res.json()) as any,
  };
};

async function api(portal: PortalProcess, path: string, init: { token?: string; body?: unknown } = {}) {
  const res = await fetch(`${portal.url}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? null : JSON.stringify(init.body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

async function signIn(portal: PortalProcess, email: string): Promise<string> {
  const res = await api(portal, '/local/sign-in', { body: { email } });
  expect(res.status).toBe(200);
  return res.json.token;
}

async function antwerpEmails(portal: PortalProcess): Promise<string[]> {
  const token = await signIn(portal, 'ana@antwerp.example');
  const res = await api(portal, '/api/v1/organisations/antwerp/members?limit=100', { token });
  expect(res.status).toBe(200);
  return res.json.items.map((m: { email: string }) => m.email);
}

describe('npm start refuses to start', () => {
  let blocker: Server;
  afterEach(() => new Promise<void>((done) => (blocker ? blocker.close(() => done()) : done())));

  it('when the port is taken: one clear line, a non-zero exit, nothing written', async () => {
    blocker = createServer();
    const port = await new Promise<number>((done) =>
      blocker.listen(0, '127.0.0.1', () => done((blocker.address() as { port: number }).port)),
    );
    const dataDir = freshDataDir();
    const result = await run(
      ...runTypeScript(localEntry),
      startEnv({ PORT: String(port), DATA_DIR: dataDir }),
    );

    expect(result.code).not.toBe(0);
    expect(lines(result.stderr)).toEqual([
      `alliance-portal: port ${port} is taken; stop what uses it or start with PORT=<another port> npm start.`,
    ]);
    expect(result.stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('when java is missing: one clear line naming the JRE to install, a non-zero exit', async () => {
    // A PATH with node and nothing else, so no `java`.
    const bin = join(scratch, 'bin-without-java');
    mkdirSync(bin, { recursive: true });
    if (!existsSync(join(bin, 'node'))) symlinkSync(process.execPath, join(bin, 'node'));
    const dataDir = freshDataDir();
    const result = await run(
      ...runTypeScript(localEntry),
      startEnv({ PATH: bin, PORT: String(await freePort()), DATA_DIR: dataDir }),
    );

    expect(result.code).not.toBe(0);
    const [line, ...rest] = lines(result.stderr);
    expect(rest).toEqual([]);
    expect(line).toMatch(/^alliance-portal: Java 17 or newer is needed .*`java` was not found/);
    expect(line).toContain('openjdk-17-jre-headless');
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('a storage fault under npm start', { timeout: 120_000 }, () => {
  // One portal for these three, in this order (the last one kills it): a start costs seconds.
  let dataDir: string;
  let portal: PortalProcess;
  beforeAll(async () => {
    dataDir = freshDataDir();
    portal = await startPortalProcess({ dataDir, env: { WEB_DIST: webDist } });
  }, 90_000);
  afterAll(async () => {
    await portal?.stop();
  });

  it('readiness is 200 with storage up and 503 problem+json while DynamoDB Local is paused; liveness stays ok', async () => {
    expect(await readiness(portal)).toMatchObject({
      status: 200,
      json: { status: 'ready', table: true, files: true },
    });

    const java = dynamoDbLocalOf(dataDir).pid;
    process.kill(java, 'SIGSTOP');
    try {
      // The check is bounded inside the portal (1.5 s), so this answers while storage is paused.
      const paused = await readiness(portal);
      expect(paused.status).toBe(503);
      expect(paused.type).toBe('application/problem+json');
      expect(paused.retryAfter).toBe('5');
      expect(paused.json).toMatchObject({ status: 503, title: 'Service unavailable' });
      expect(paused.json.detail).toContain('the table');
      expect((await api(portal, '/api/v1/health')).json).toEqual({ status: 'ok' });
    } finally {
      process.kill(java, 'SIGCONT');
    }
    expect((await readiness(portal)).status).toBe(200);
  });

  it('restarts DynamoDB Local killed with SIGKILL on the same data; meanwhile /local answers problem+json', async () => {
    const token = await signIn(portal, 'ana@antwerp.example');

    const java = dynamoDbLocalOf(dataDir).pid;
    const watchdog = parentOf(java);
    // Holding the watchdog keeps the portal from learning of the death, so storage stays dead
    // (connections refused) until we let it go: the state a crash leaves before the restart.
    process.kill(watchdog, 'SIGSTOP');
    try {
      process.kill(java, 'SIGKILL');
      await waitFor('Java to die', () => !javaProcessesUsing(dataDir).includes(java) || !isAlive(java));
      const res = await fetch(`${portal.url}/local/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ana@antwerp.example' }),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 503, title: 'Service unavailable' });
      expect((await readiness(portal)).status).toBe(503);
    } finally {
      process.kill(watchdog, 'SIGCONT');
    }

    await waitFor('readiness after the restart', async () => (await readiness(portal)).status === 200);
    const restarted = dynamoDbLocalOf(dataDir).pid;
    expect(restarted).not.toBe(java);
    expect(portal.output()).toContain(
      'alliance-portal: DynamoDB Local stopped (killed by SIGKILL); restarting it on the same data.',
    );
    // No stack trace went to the terminal: errors are one line each.
    expect(portal.output()).not.toMatch(/^\s+at /m);
    // Same data: the members seeded at start-up are there (a fresh store would be empty, and the
    // portal does not seed again), and a token signed before the crash still finds its member.
    // Not asserted for a write made just before the SIGKILL: DynamoDB Local itself may lose a
    // transaction it acknowledged in the last moment (docs/local-runtime.md).
    expect(await antwerpEmails(portal)).toEqual(
      expect.arrayContaining(['ana@antwerp.example', 'ben@antwerp.example', 'bo@antwerp.example']),
    );
    expect((await api(portal, '/api/v1/me', { token })).status).toBe(200);
  });

  it('leaves no Java process behind when node itself is killed with SIGKILL', async () => {
    const java = dynamoDbLocalOf(dataDir).pid;
    const node = parentOf(parentOf(java));
    process.kill(node, 'SIGKILL');
    // The watchdog sees its pipe from node close and stops Java.
    await waitFor('Java to go', () => !isAlive(java) && javaProcessesUsing(dataDir).length === 0);
    expect(javaProcessesUsing(dataDir)).toEqual([]);
  });
});

/**
 * One data directory through a whole life, in this order: a start, writes, Ctrl-C under load, a
 * restart on the same data, `npm run reset` and a fresh start. Each step needs the state the one
 * before left, and a full start costs seconds, so they share three starts instead of six.
 */
describe('one data directory through npm start, Ctrl-C, a restart and npm run reset', {
  timeout: 120_000,
}, () => {
  let dataDir: string;
  let first: PortalProcess;
  let second: PortalProcess | undefined;
  let third: PortalProcess | undefined;
  /** Written by the first portal, looked for after the restart and gone after the reset. */
  const kept = `kept.${Date.now()}@antwerp.example`;
  let token: string;
  let cursor: string;
  beforeAll(async () => {
    dataDir = freshDataDir();
    // As on a fresh machine: tsx transpiles every module (no cache), so a module first loaded
    // after Ctrl-C would fail (functions/local/load-everything.ts says why none is).
    first = await startPortalProcess({ dataDir, env: { WEB_DIST: webDist, TSX_DISABLE_CACHE: '1' } });
  }, 90_000);
  afterAll(async () => {
    await Promise.all([first, second, third].map((portal) => portal?.stop()));
  });

  it('runs DynamoDB Local as a child, on loopback only', async () => {
    expect(first.output()).toMatch(/ready in [\d.]+ s on http:\/\/localhost:\d+ \(demo alliance seeded\)/);
    expect(javaProcessesUsing(dataDir)).toHaveLength(1);
    expect((await api(first, '/api/v1/health')).json).toEqual({ status: 'ok' });
    // Loopback only: another address of this machine (all of 127/8 is local on Linux) gets nothing.
    await expect(fetch(`${otherAddress(first)}/api/v1/health`)).rejects.toThrow();
    // The file store answers only presigned requests: listing the files bucket is refused.
    expect((await fetch(`${first.url}/local/s3/alliance-files`)).status).toBe(403);
  });

  it('takes a member and hands out a page cursor before it stops', async () => {
    token = await signIn(first, 'ana@antwerp.example');
    const invited = await api(first, '/api/v1/organisations/antwerp/members', {
      token,
      body: { name: 'Kept Across Restarts', email: kept, role: 'reader' },
    });
    expect(invited.status, JSON.stringify(invited.json)).toBe(201);
    const page = await api(first, '/api/v1/organisations?limit=2', { token });
    expect(page.json.nextCursor).toEqual(expect.any(String));
    cursor = page.json.nextCursor;
  });

  it('Ctrl-C under load: requests in flight all finish 2xx and are stored, then storage stops, no Java left', async () => {
    // One member per request: each waits on its own first storage read (the member lookup), so
    // counting storage connections with unread bytes tells how many requests are in flight.
    const writers: string[] = oneMemberEach.slice(0, 8).map((m) => m.email);
    const readers = [
      'greg@gdansk.example',
      'eleni@piraeus.example',
      'kaja@koper.example',
      'sam@northsea-line.example',
      'ines@iberia-reefer.example',
      'chris@customs-be.example',
      'pieter@police-nl.example',
      'bo@antwerp.example',
    ];
    const tokens = new Map<string, string>();
    for (const email of [...writers, ...readers]) tokens.set(email, await signIn(first, email));
    const dynamo = dynamoDbLocalOf(dataDir);

    process.kill(dynamo.pid, 'SIGSTOP');
    let inFlight: Promise<{ email: string; status: number; json: any }>[];
    try {
      inFlight = [
        ...writers.map(async (email) => ({
          email,
          ...(await api(first, '/api/v1/bulletins', {
            token: tokens.get(email)!,
            body: {
              title: `Drafted by ${email} as Ctrl-C came`,
              summary: 'Written while the portal was stopping.',
              body: 'Nothing may be lost.',
              severity: 'low',
              tlp: 'TLP:GREEN',
              categories: ['rip-on-rip-off'],
              ports: ['BEANR'],
              originCountries: ['EC'],
              recipients: { organisations: ['commission'], members: [] },
              requiresAcknowledgement: false,
            },
          })),
        })),
        ...readers.map(async (email) => ({
          email,
          ...(await api(first, '/api/v1/me', { token: tokens.get(email)! })),
        })),
      ];
      await waitFor('every request to wait on storage', () => pendingRequestsTo(dynamo.port) >= tokens.size);
      const stopped = first.stop();
      await waitFor('the portal to start stopping', () => first.output().includes('Stopping'));
      process.kill(dynamo.pid, 'SIGCONT');
      const answers = await Promise.all(inFlight);
      // The portal's last words go with a failure: they say which error a 5xx was.
      for (const answer of answers) {
        expect(answer.status, `${JSON.stringify(answer)}\n${first.output().slice(-3000)}`).toBeLessThan(300);
      }
      expect(await stopped).toBe(0);
    } finally {
      if (isAlive(dynamo.pid)) process.kill(dynamo.pid, 'SIGCONT');
    }
    expect(first.output()).not.toContain('cut off');
    expect(javaProcessesUsing(dataDir)).toEqual([]);

    const answers = await Promise.all(inFlight);
    // Nothing lost: every draft answered 201 is in the table the portal left behind.
    const storage = await startDynamoDbLocal({ dataPath: join(dataDir, localDataEntries.dynamodb) });
    try {
      const bulletins = new DynamoBulletinStore(
        DynamoDBDocumentClient.from(storage.client),
        localWiring.tableName,
      );
      for (const answer of answers.filter((a) => writers.includes(a.email))) {
        const stored = await bulletins.get(answer.json.id);
        expect(stored?.title, answer.email).toBe(`Drafted by ${answer.email} as Ctrl-C came`);
      }
    } finally {
      await storage.stop();
    }
    expect(isAlive(dynamo.pid)).toBe(false);
  });

  it('persists across a restart on the same data directory', async () => {
    // Same port as before, as `npm start` on 3000 would be: the token's issuer names it.
    second = await startPortalProcess({
      dataDir,
      port: Number(new URL(first.url).port),
      env: { WEB_DIST: webDist },
    });
    // Seeded once: the second start finds the data and does not seed again.
    expect(second.output(), second.output()).not.toContain('demo alliance seeded');
    expect(await antwerpEmails(second)).toContain(kept);
    // The local issuer's key is kept too, so a tab signed in before the restart stays signed in.
    expect((await api(second, '/api/v1/me', { token })).status).toBe(200);
    // And the cursor key: a page a client was in the middle of goes on after the restart.
    const nextPage = await api(second, `/api/v1/organisations?limit=2&cursor=${encodeURIComponent(cursor)}`, {
      token,
    });
    expect(nextPage.status, JSON.stringify(nextPage.json)).toBe(200);
    expect(nextPage.json.items).toHaveLength(2);
  });

  it('is wiped by npm run reset, and the next start seeds a fresh demo alliance', async () => {
    expect(await second!.stop(), second!.output()).toBe(0);
    const reset = await run(...runTypeScript(resolve('functions/local/reset.ts')), {
      ...process.env,
      DATA_DIR: dataDir,
    });
    expect(reset.code, reset.stderr).toBe(0);
    expect(lines(reset.stdout)).toEqual([expect.stringMatching(/^Removed .*data: the local data is gone/)]);
    expect(existsSync(dataDir)).toBe(false);

    // Opened beyond loopback, for the HOST test below: it changes nothing of what is seeded.
    third = await startPortalProcess({ dataDir, env: { WEB_DIST: webDist, HOST: '0.0.0.0' } });
    expect(third.output(), third.output()).toContain('(demo alliance seeded)');
    const emails = await antwerpEmails(third);
    expect(emails).toContain('ana@antwerp.example');
    expect(emails).not.toContain(kept);
  });

  it('opens the portal beyond loopback only when asked with HOST, and says so', async () => {
    // Printed just after the "ready" line, possibly in a later chunk of output.
    await waitFor('the HOST line', () => third!.output().includes('Listening on 0.0.0.0 (HOST)'));
    const res = await fetch(`${otherAddress(third!)}/api/v1/health`);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('npm run reset', () => {
  it('reset refuses a directory the portal did not write, and leaves it alone', async () => {
    const dir = mkdtempSync(join(scratch, 'not-ours-'));
    writeFileSync(join(dir, 'thesis.tex'), 'precious');
    const reset = await run(...runTypeScript(resolve('functions/local/reset.ts')), {
      ...process.env,
      DATA_DIR: dir,
    });
    expect(reset.code).not.toBe(0);
    expect(lines(reset.stderr)).toEqual([
      expect.stringContaining('thesis.tex, which the portal did not write'),
    ]);
    expect(readFileSync(join(dir, 'thesis.tex'), 'utf8')).toBe('precious');
  });
});
