import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { smokeChecks } from '../../infra/scripts/smoke-checks';
import { portalStackId } from '../../infra/stages';

const root = join(import.meta.dirname, '..', '..');
const workflow = parse(readFileSync(join(root, '.github/workflows/deploy.yml'), 'utf8')) as {
  jobs: Record<
    string,
    { needs?: string | string[]; environment?: string; steps?: { run?: string; uses?: string }[] }
  >;
};
const runs = (job: string) => (workflow.jobs[job]!.steps ?? []).map((s) => s.run ?? '').join('\n');

/** Jobs in the order their `needs` allow, with the job each waits for. */
function order(): string[] {
  const done: string[] = [];
  const pending = new Set(Object.keys(workflow.jobs));
  while (pending.size > 0) {
    const ready = [...pending].filter((job) =>
      [workflow.jobs[job]!.needs ?? []].flat().every((need) => done.includes(need)),
    );
    expect(ready, 'every job can run once what it needs has').toHaveLength(1);
    done.push(ready[0]!);
    pending.delete(ready[0]!);
  }
  return done;
}

describe('the delivery pipeline', () => {
  it('runs tests, synthesizes, deploys staging, smoke-tests it, waits for approval, deploys production, in that order', () => {
    expect(order()).toEqual([
      'test',
      'synth',
      'deploy-staging',
      'smoke-staging',
      'approve-prod',
      'deploy-prod',
    ]);
    expect(runs('test')).toContain('.ci/run');
    expect(workflow.jobs['approve-prod']!.environment).toBe('production');
    expect(workflow.jobs['deploy-prod']!.environment).toBe('production');
  });

  it('synthesizes in one job only, and every deploy reads that cloud assembly', () => {
    const synthesizing = Object.keys(workflow.jobs).filter((job) => /cdk synth/.test(runs(job)));
    expect(synthesizing).toEqual(['synth']);
    expect(runs('synth')).toContain('-c stage=staging');
    expect(runs('synth')).toContain('-c stage=prod');
    expect(runs('deploy-staging')).toMatch(/cdk deploy --app cdk\.out\/staging /);
    expect(runs('deploy-prod')).toMatch(/cdk deploy --app cdk\.out\/prod /);
    expect(runs('deploy-staging')).toContain(`['${portalStackId('staging')}'].SiteUrl`);
    expect(runs('smoke-staging')).toContain('infra/scripts/smoke.ts');
  });
});

describe('the smoke test', () => {
  const serve = async (answers: Record<string, [number, string]>) => {
    const server = createServer((req, res) => {
      const [status, body] = answers[req.url ?? ''] ?? [404, ''];
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
  };

  it('passes a healthy stage and names each check a broken one fails', async () => {
    const healthy = await serve({
      '/': [200, '<!doctype html>'],
      '/api/v1/health': [200, '{"status":"ok"}'],
      '/api/v1/health/ready': [200, '{"status":"ok"}'],
    });
    const broken = await serve({ '/': [200, ''], '/api/v1/health': [403, '{}'] });
    try {
      expect(await smokeChecks(healthy.url)).toEqual([]);
      expect(await smokeChecks(broken.url)).toEqual([
        '/api/v1/health: expected 200, got 403',
        '/api/v1/health/ready: storage not ready: 404',
      ]);
    } finally {
      healthy.server.close();
      broken.server.close();
    }
  });
});
