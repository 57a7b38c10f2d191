import { beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../support/audit-trail';
import { monthOf } from '../support/clock';
import { createTestPortal, expectProblem, problemFields, type TestPortal } from '../support/portal';

/**
 * Registering webhooks (issue 15) through the real API on DynamoDB Local: the secret once, the
 * list, removal, the audit trail, who may, bad input, and the AWS address policy (SSRF).
 * Deliveries are in webhooks.test.ts.
 */

const ana = 'ana@antwerp.example'; // org admin of Antwerp
const ben = 'ben@antwerp.example'; // contributor of Antwerp
const ruth = 'ruth@rotterdam.example';
const clara = 'clara@commission.example'; // the Commission's org admin
const hooksPath = (org: string) => `/api/v1/organisations/${org}/webhooks`;

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal({ seed: 'directory' });
});

async function register(url: string, extra: Record<string, unknown> = {}) {
  const res = await portal.request(hooksPath('antwerp'), { as: ana, body: { url, ...extra } });
  expect(res.status).toBe(201);
  return res.json as { id: string; secret: string };
}
const remove = async (id: string) =>
  expect((await portal.request(`${hooksPath('antwerp')}/${id}`, { as: ana, method: 'DELETE' })).status).toBe(
    204,
  );
const deliveriesOf = async (id: string) => {
  const res = await portal.request(`${hooksPath('antwerp')}/${id}/deliveries`, { as: ana });
  expect(res.status).toBe(200);
  return res.json.items as Record<string, unknown>[];
};

describe('registering webhooks', () => {
  it('shows the secret once, lists without it, removes, and audits both', async () => {
    const created = await register('http://127.0.0.1:9/hooks', { description: 'Case system' });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const list = await portal.request(hooksPath('antwerp'), { as: ana });
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([
      expect.objectContaining({
        id: created.id,
        url: 'http://127.0.0.1:9/hooks',
        description: 'Case system',
        events: ['bulletin.published', 'bulletin.revised', 'bulletin.acknowledged'],
        status: 'active',
        failingSince: null,
      }),
    ]);
    expect(list.text).not.toContain(created.secret);
    expect(await deliveriesOf(created.id)).toEqual([]);
    await remove(created.id);
    expectProblem(
      await portal.request(`${hooksPath('antwerp')}/${created.id}`, { as: ana, method: 'DELETE' }),
      404,
    );
    expectProblem(await portal.request(`${hooksPath('antwerp')}/${created.id}/deliveries`, { as: ana }), 404);
    const trail = await auditTrail(portal, 'antwerp', monthOf(portal.deps.now()));
    const actions = trail.filter((e) => e.object.id === created.id).map((e) => e.action);
    expect(actions.sort()).toEqual(['webhook.created', 'webhook.removed']);
    expect(JSON.stringify(trail)).not.toContain(created.secret);
  });

  it('lets only the organisation’s own org admins manage them', async () => {
    const created = await register('http://127.0.0.1:9/hooks');
    for (const who of [ben, ruth, clara]) {
      expectProblem(await portal.request(hooksPath('antwerp'), { as: who }), 403);
      expectProblem(
        await portal.request(hooksPath('antwerp'), { as: who, body: { url: 'http://127.0.0.1:9/x' } }),
        403,
      );
      expectProblem(
        await portal.request(`${hooksPath('antwerp')}/${created.id}/deliveries`, { as: who }),
        403,
      );
      expectProblem(
        await portal.request(`${hooksPath('antwerp')}/${created.id}`, { as: who, method: 'DELETE' }),
        403,
      );
    }
    expectProblem(await portal.request(hooksPath('antwerp')), 401);
    await remove(created.id);
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const bad: [unknown, string][] = [
      [{}, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'ftp://hooks.example.org/x' }, 'url'],
      [{ url: 'http://hooks.example.org/x' }, 'url'],
      [{ url: 'https://user:pw@hooks.example.org/x' }, 'url'],
      [{ url: 'https://hooks.example.org/x', events: ['bulletin.deleted'] }, 'events.0'],
      [{ url: 'https://hooks.example.org/x', events: [] }, 'events'],
      [{ url: 'https://hooks.example.org/x', secret: 'mine' }, ''],
    ];
    for (const [body, field] of bad) {
      const res = await portal.request(hooksPath('antwerp'), { as: ana, body });
      expectProblem(res, 400);
      if (field) expect(problemFields(res)).toContain(field);
    }
    expectProblem(
      await portal.request(`${hooksPath('antwerp')}/not-a-uuid`, { as: ana, method: 'DELETE' }),
      400,
    );
    expect((await portal.request(hooksPath('antwerp'), { as: ana })).json.items).toEqual([]);
  });

  it('in AWS refuses plain http, loopback and private addresses (SSRF) with a clear 400', async () => {
    const aws = await createTestPortal({
      seed: 'directory',
      overrides: {
        webhookTargets: { allowLoopbackHttp: false },
        // DNS as the api Lambda asks it, answered here: names that point into private networks.
        resolveHost: async (host: string) => {
          const answers: Record<string, string[]> = {
            'hooks.example.org': ['93.184.216.34', '2606:2800:220:1::1'],
            'intranet.example.org': ['10.0.0.5'],
            'mixed.example.org': ['93.184.216.34', '192.168.1.1'],
            'metadata.example.org': ['169.254.169.254'],
          };
          const found = answers[host];
          if (!found) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
          return found;
        },
      },
    });
    for (const url of [
      'http://127.0.0.1:9/hooks',
      'https://127.0.0.1/hooks',
      'https://10.1.2.3/hooks',
      'https://192.168.0.10/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hooks',
      'https://[fd00::1]/hooks',
      'https://localhost/hooks',
      'https://intranet.example.org/hooks',
      'https://mixed.example.org/hooks',
      'https://metadata.example.org/hooks',
      'https://nowhere.example.org/hooks',
    ]) {
      const res = await aws.request(hooksPath('antwerp'), { as: ana, body: { url } });
      expectProblem(res, 400);
      expect(problemFields(res)).toEqual(['url']);
    }
    const res = await aws.request(hooksPath('antwerp'), { as: ana, body: { url: 'https://10.1.2.3/hooks' } });
    expect(res.json.errors[0].message).toContain('public internet');
    expect((await aws.request(hooksPath('antwerp'), { as: ana })).json.items).toEqual([]);
    const ok = await aws.request(hooksPath('antwerp'), {
      as: ana,
      body: { url: 'https://hooks.example.org/alliance' },
    });
    expect(ok.status).toBe(201);
  });
});
