import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestPortal, type TestPortal, testFilesBucket } from '../support/portal';
import { countRoundTrips } from '../support/round-trips';

const ben = 'ben@antwerp.example';
const bo = 'bo@antwerp.example';
const ruth = 'ruth@rotterdam.example';
const hans = 'hans@hamburg.example';

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal();
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const expectProblem = (res: { status: number; headers: Headers; json: any }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
};

const draftBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Rip-on in reefer containers from Guayaquil',
  summary: 'Bags found behind the evaporator panel of reefers unloaded at Antwerp.',
  body: '## What we saw\n\n- Panels with **fresh** screws\n- Seals intact',
  severity: 'high',
  tlp: 'TLP:AMBER',
  categories: ['reefer-machinery', 'rip-on-rip-off'],
  ports: ['BEANR'],
  originCountries: ['EC'],
  recipients: { organisations: ['rotterdam'], members: [] },
  requiresAcknowledgement: true,
  acknowledgeBy: inDays(7),
  ...overrides,
});

async function publish(as: string, overrides: Record<string, unknown> = {}) {
  const draft = await portal.request('/api/v1/bulletins', { as, body: draftBody(overrides) });
  expect(draft.status).toBe(201);
  const published = await portal.request(`/api/v1/bulletins/${draft.json.id}/publish`, { as, method: 'POST' });
  expect(published.status).toBe(200);
  return published.json;
}

const feedIds = async (as: string, query = '') => {
  const res = await portal.request(`/api/v1/bulletins?limit=100${query}`, { as });
  expect(res.status).toBe(200);
  return res.json.items.map((i: { id: string }) => i.id) as string[];
};

describe('publishing and reading an AMBER bulletin', () => {
  it('reaches the recipients and the author organisation only, marked for acknowledgement', async () => {
    const bulletin = await publish(ben);
    expect(bulletin.status).toBe('published');

    const ruthFeed = await portal.request('/api/v1/bulletins', { as: ruth });
    const item = ruthFeed.json.items.find((i: { id: string }) => i.id === bulletin.id);
    expect(item).toMatchObject({ unread: true, needsAcknowledgement: true, overdue: false, tlp: 'TLP:AMBER' });
    expect(await feedIds(bo)).toContain(bulletin.id);
    expect(await feedIds(hans)).not.toContain(bulletin.id);

    expectProblem(await portal.request(`/api/v1/bulletins/${bulletin.id}`, { as: hans }), 404);
    const detail = await portal.request(`/api/v1/bulletins/${bulletin.id}`, { as: ruth });
    expect(detail.status).toBe(200);
    expect(detail.json.viewer).toMatchObject({ recipient: true, needsAcknowledgement: true, mayAcknowledge: true });
    expect(detail.json.revisions.map((r: { kind: string }) => r.kind)).toEqual(['published']);

    const ack = await portal.request(`/api/v1/bulletins/${bulletin.id}/acknowledgements`, {
      as: ruth,
      body: { kind: 'acknowledge' },
    });
    expect(ack.status).toBe(200);
    const after = await portal.request('/api/v1/bulletins', { as: ruth });
    expect(after.json.items.find((i: { id: string }) => i.id === bulletin.id)).toMatchObject({
      unread: false,
      needsAcknowledgement: false,
    });

    const receipts = await portal.request(`/api/v1/bulletins/${bulletin.id}/acknowledgements`, { as: ben });
    expect(receipts.status).toBe(200);
    expect(receipts.json.organisations).toEqual([
      expect.objectContaining({
        organisationId: 'rotterdam',
        status: 'acknowledged',
        acknowledgedBy: { memberId: 'ruth-rotterdam', email: 'ruth@rotterdam.example' },
      }),
    ]);
  });
});
