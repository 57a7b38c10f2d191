/**
 * A short soak (docs/benchmarks.md, "Soak"): the real `npm start` server in its own process under
 * a fixed duration of mixed reads and writes from a fixed number of connections, reporting p50/p99
 * per kind of request, every answer that was not a 2xx by status, and the server's memory slope
 * (its node processes' resident memory sampled each second, least-squares slope over the second
 * half of the run, after warm-up). It catches a leak or a latency cliff that a 400-request burst
 * (load.bench.ts) does not.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneMemberEach } from '../support/one-member-each';
import { startPortalProcess } from '../support/portal-process';
import { type BenchSection, median } from './bench';

/** Fixed, so runs compare; `SOAK_SECONDS=180 npm run bench -- soak` for a firmer memory slope. */
const durationSeconds = Number(process.env.SOAK_SECONDS ?? 25);
const connections = 16;

const members = oneMemberEach.slice(0, 8).map((m) => m.email);
const recipients = oneMemberEach.slice(1, 8).map((m) => m.organisationId);

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Every process under `root` (its children, theirs, …), from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone while we looked
    }
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** Resident memory (MB) of the server's node processes (tsx and the node it runs; not Java, not sh). */
function serverRssMb(root: number): number {
  let kb = 0;
  for (const pid of [root, ...descendants(root)]) {
    try {
      const command = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (!/node|tsx/.test(command)) continue;
      const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
      if (match) kb += Number(match[1]);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const section: BenchSection = {
  title: 'Soak',
  async run({ scratch }) {
    const webDist = join(scratch, 'web');
    mkdirSync(webDist, { recursive: true });
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>bench</title>');
    const portal = await startPortalProcess({ dataDir: join(scratch, 'data'), env: { WEB_DIST: webDist } });
    try {
      const call = (path: string, token: string | null, body?: unknown) =>
        fetch(`${portal.url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: {
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: body === undefined ? null : JSON.stringify(body),
        });
      const tokens = await Promise.all(
        members.map(
          async (email) => ((await (await call('/local/sign-in', null, { email })).json()) as any).token,
        ),
      );
      const ben = tokens[0] as string;
      const bulletin = (n: number) => ({
        title: `Soak bulletin ${n}: reefer evaporator concealment`,
        summary: 'Written during the soak benchmark.',
        body: 'Nothing to see: this bulletin exists for the soak.',
        severity: 'medium',
        tlp: 'TLP:AMBER',
        categories: ['reefer-machinery'],
        ports: ['BEANR'],
        originCountries: ['EC'],
        recipients: { organisations: recipients, members: [] },
        requiresAcknowledgement: true,
        acknowledgeBy: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      });
      const draft = await call('/api/v1/bulletins', ben, bulletin(0));
      const { id } = (await draft.json()) as { id: string };
      const published = await call(`/api/v1/bulletins/${id}/publish`, ben, {});
      if (!published.ok) throw new Error(`publish: ${published.status} ${await published.text()}`);

      // The mix: mostly reads (feed pages, a bulletin), and writes of three kinds.
      type Kind = 'feed page' | 'bulletin detail' | 'acknowledge' | 'draft' | 'draft + publish';
      const kinds: Kind[] = [
        ...Array<Kind>(8).fill('feed page'),
        ...Array<Kind>(4).fill('bulletin detail'),
        ...Array<Kind>(5).fill('acknowledge'),
        ...Array<Kind>(2).fill('draft'),
        'draft + publish',
      ];
      let sequence = 0;
      const send = async (kind: Kind, i: number): Promise<Response> => {
        const reader = tokens[1 + (i % (tokens.length - 1))] as string;
        switch (kind) {
          case 'feed page':
            return call('/api/v1/bulletins?limit=25', reader);
          case 'bulletin detail':
            return call(`/api/v1/bulletins/${id}`, reader);
          case 'acknowledge':
            return call(`/api/v1/bulletins/${id}/acknowledgements`, reader, { kind: 'acknowledge' });
          case 'draft':
            return call('/api/v1/bulletins', ben, bulletin(i));
          case 'draft + publish': {
            const made = await call('/api/v1/bulletins', ben, bulletin(i));
            if (!made.ok) return made;
            const { id: madeId } = (await made.json()) as { id: string };
            return fetch(`${portal.url}/api/v1/bulletins/${madeId}/publish`, {
              method: 'POST',
              headers: { authorization: `Bearer ${ben}`, 'idempotency-key': `soak-${madeId}` },
            });
          }
        }
      };

      const latencies = new Map<Kind, number[]>(kinds.map((k) => [k, []]));
      const statuses = new Map<string, number>();
      const memory: { x: number; y: number }[] = [];
      const started = performance.now();
      const end = Date.now() + durationSeconds * 1000;
      const sampler = setInterval(() => {
        memory.push({ x: (performance.now() - started) / 1000, y: serverRssMb(portal.child.pid!) });
      }, 1000);
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (Date.now() < end) {
            const i = sequence++;
            const kind = kinds[i % kinds.length]!;
            const t0 = performance.now();
            let status: string;
            try {
              const res = await send(kind, i);
              await res.arrayBuffer();
              status = String(res.status);
            } catch (err) {
              status = `network error (${(err as Error).message})`;
            }
            latencies.get(kind)!.push(performance.now() - t0);
            if (!status.startsWith('2')) statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
        }),
      );
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;

      const rows: (string | number)[][] = [];
      const all: number[] = [];
      for (const [kind, values] of latencies) {
        const sorted = [...values].sort((a, b) => a - b);
        all.push(...sorted);
        rows.push([kind, sorted.length, median(sorted).toFixed(1), percentile(sorted, 99).toFixed(1)]);
      }
      all.sort((a, b) => a - b);
      rows.push(['**all**', all.length, median(all).toFixed(1), percentile(all, 99).toFixed(1)]);
      const settled = memory.filter((p) => p.x >= durationSeconds / 2);
      const mbPerMinute = slope(settled) * 60;
      const errors = [...statuses].map(([status, n]) => `${n} × ${status}`).join(', ') || 'none';
      return {
        columns: ['request', 'count', 'p50 ms', 'p99 ms'],
        rows,
        notes: [
          `${durationSeconds} s, ${connections} connections, ${(all.length / seconds).toFixed(0)} requests/s in all, against the real local server (its own process, DynamoDB Local on disk as npm start uses it). The mix in every 20 requests: 8 feed pages, 4 bulletin details, 5 acknowledgements (repeats after the first), 2 new drafts, 1 new draft published with an Idempotency-Key (its two requests timed as one).`,
          `Answers other than 2xx: ${errors}.`,
          `Server memory (node, resident): ${memory[0]?.y.toFixed(0) ?? '?'} MB at the start, ${memory.at(-1)?.y.toFixed(0) ?? '?'} MB at the end; slope over the second half ${mbPerMinute >= 0 ? '+' : ''}${mbPerMinute.toFixed(1)} MB/min (${settled.length} samples).`,
        ],
      };
    } finally {
      await portal.stop();
    }
  },
};

export default section;
