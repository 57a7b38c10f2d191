import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDynamoDb, startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { deadlines } from '../../functions/settings/deadlines';
import { keys } from '../../shared/table';
import { auditTrail, partitionItems } from '../support/audit-trail';
import { createTestPortal, expectProblem, type TestPortal } from '../support/portal';
import { bulletinBody, draftBulletin, publishBulletin } from '../support/shared-items';

/**
 * Issue 17, items 1 and 2, against a DynamoDB Local of this file's own (so pausing it disturbs no
 * other test file): with storage paused (SIGSTOP), every request answers 503 with `Retry-After`
 * within the 6 s a client is promised, never a 500 and never a hang; once storage is back
 * (SIGCONT), a retry with the same `Idempotency-Key` gets a 2xx and what is stored is written once.
 */

const ben = 'ben@antwerp.example';
const ruth = 'ruth@rotterdam.example';
/** What the contract promises; the deadline (functions/settings/deadlines.ts) is half of it. */
const promisedMs = 6_000;

let dynamo: RunningDynamoDb;
let portal: TestPortal;
beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  portal = await createTestPortal({
    seed: 'directory',
    storage: { dynamo: dynamo.client },
    overrides: { requestDeadlineMs: deadlines.requestMs },
  });
  // Both members' status is cached from here on (the cache's clock stands still in tests), so a
  // request below meets paused storage in its route, not in sign-in.
  for (const as of [ben, ruth]) expect((await portal.request('/api/v1/me', { as })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  dynamo?.signal('SIGCONT');
  await dynamo?.stop();
});

/** Runs `during` with DynamoDB Local paused, and resumes it whatever happens. */
async function whilePaused<T>(during: () => Promise<T>): Promise<T> {
  dynamo.signal('SIGSTOP');
  try {
    return await during();
  } finally {
    dynamo.signal('SIGCONT');
  }
}

/** A request and how long its answer took. */
async function timed(...args: Parameters<TestPortal['request']>) {
  const started = performance.now();
  const res = await portal.request(...args);
  return { res, ms: performance.now() - started };
}

/** The answer storage that did not answer gets: 503 problem+json with Retry-After, in time. */
function expectUnavailableInTime(answer: Awaited<ReturnType<typeof timed>>) {
  expectProblem(answer.res, 503);
  expect(answer.res.headers.get('retry-after')).toBe(String(deadlines.storageRetryAfterSeconds));
  expect(answer.res.json.detail).toMatch(/try again in a few seconds/i);
  expect(answer.ms).toBeLessThan(promisedMs);
}

/**
 * What a client does with 503: tries again (here without waiting out `Retry-After`, to keep the
 * test short; the header is advice). Storage that has just resumed may still be busy with the
 * requests it held, so a few 503s are allowed; anything else ends the loop.
 */
async function retryWhileUnavailable(...args: Parameters<TestPortal['request']>) {
  for (let attempt = 1; ; attempt++) {
    const res = await portal.request(...args);
    if (res.status !== 503 || attempt >= 5) return res;
  }
}

const publishedRevisions = async (id: string) =>
  (await partitionItems(portal, keys.bulletinPartition(id))).filter(
    (item) => String(item.sk).startsWith('REV#') && item.kind === 'published',
  );

const publishEvents = async (id: string) =>
  (await auditTrail(portal, 'antwerp', portal.time.month)).filter(
    (e) => e.action === 'bulletin.published' && e.object.id === id,
  );

describe('storage paused during reads', () => {
  it('a bulletin and the feed answer 503 + Retry-After within 6 s, and 200 once storage is back', async () => {
    const { id } = await publishBulletin(portal, ben, {
      recipients: { organisations: ['rotterdam'], members: [] },
    });
    const before = await portal.request(`/api/v1/bulletins/${id}`, { as: ruth });
    expect(before.status).toBe(200);

    const [detail, feed] = await whilePaused(async () => [
      await timed(`/api/v1/bulletins/${id}`, { as: ruth }),
      await timed('/api/v1/bulletins', { as: ruth }),
    ]);
    expectUnavailableInTime(detail);
    expectUnavailableInTime(feed);

    const after = await retryWhileUnavailable(`/api/v1/bulletins/${id}`, { as: ruth });
    expect(after.status).toBe(200);
    expect(after.json).toMatchObject({ id, status: 'published' });
  });
});

describe('storage paused during writes', () => {
  it('an acknowledgement answers 503 within 6 s; its retry with the same key gets 200 and one receipt is stored', async () => {
    const { id } = await publishBulletin(portal, ben, {
      recipients: { organisations: ['rotterdam'], members: [] },
      requiresAcknowledgement: true,
    });
    const path = `/api/v1/bulletins/${id}/acknowledgements`;
    const request = { as: ruth, headers: { 'idempotency-key': `ack-${id}` }, body: { kind: 'acknowledge' } };

    const stalled = await whilePaused(() => timed(path, request));
    expectUnavailableInTime(stalled);

    const retry = await retryWhileUnavailable(path, request);
    expect(retry.status).toBe(200);
    const record = await portal.deps.bulletins.getRecord(id);
    expect(record!.acknowledgements.map((a) => a.organisationId)).toEqual(['rotterdam']);
    expect(record!.reads.map((r) => r.memberId)).toEqual(['ruth-rotterdam']);
  });

  it('a new draft answers 503 within 6 s, not a 500', async () => {
    const stalled = await whilePaused(() =>
      timed('/api/v1/bulletins', {
        as: ben,
        body: bulletinBody({ title: 'Written while storage was paused' }),
      }),
    );
    expectUnavailableInTime(stalled);
  });
});

describe('storage paused during an idempotent publish', () => {
  it('paused before the request: 503 within 6 s; the retry with the same key publishes, once', async () => {
    const { id } = await draftBulletin(portal, ben);
    const path = `/api/v1/bulletins/${id}/publish`;
    const request = { as: ben, method: 'POST', headers: { 'idempotency-key': `publish-${id}` } };

    const stalled = await whilePaused(() => timed(path, request));
    expectUnavailableInTime(stalled);

    const retry = await retryWhileUnavailable(path, request);
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ id, status: 'published' });
    // And again: the stored first answer, the same bulletin.
    const again = await portal.request(path, request);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(retry.json);
    expect(await publishedRevisions(id)).toHaveLength(1);
    expect(await publishEvents(id)).toHaveLength(1);
    expect((await portal.deps.bulletins.get(id))!.status).toBe('published');
  });

  it('paused as its transaction is sent: 503 within 6 s; the retry with the same key gets 200 with the bulletin, published once', async () => {
    const { id } = await draftBulletin(portal, ben);
    const path = `/api/v1/bulletins/${id}/publish`;
    const request = { as: ben, method: 'POST', headers: { 'idempotency-key': `publish-${id}` } };
    // Storage stops at the one moment that matters: the publish transaction is on its way.
    const store = portal.deps.bulletins;
    const publish = store.publish;
    store.publish = (...args) => {
      dynamo.signal('SIGSTOP');
      return publish.apply(store, args);
    };
    let stalled: Awaited<ReturnType<typeof timed>>;
    try {
      stalled = await timed(path, request);
    } finally {
      store.publish = publish;
      dynamo.signal('SIGCONT');
    }
    expectUnavailableInTime(stalled);

    // DynamoDB Local may apply the transaction it held once it runs again, or not: either way
    // the retry is answered with the bulletin, and it is published exactly once.
    const retry = await retryWhileUnavailable(path, request);
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ id, status: 'published' });
    expect(await publishedRevisions(id)).toHaveLength(1);
    expect(await publishEvents(id)).toHaveLength(1);
  });
});

describe('load shedding', () => {
  it('beyond the limit in flight, a request is answered 503 + Retry-After at once instead of queueing', async () => {
    const limited = await createTestPortal({
      seed: false,
      storage: { dynamo: dynamo.client },
      overrides: {
        maxInFlight: 2,
        requestDeadlineMs: deadlines.requestMs,
        directory: portal.deps.directory,
        auth: portal.deps.auth,
        cacheClock: portal.clock.now,
      },
    });
    // Signed in on the first portal's directory (the same table): the member is known and cached.
    const token = await portal.tokenFor(ruth);
    const feed = () =>
      limited.app.request('/api/v1/bulletins', { headers: { authorization: `Bearer ${token}` } });
    expect((await feed()).status).toBe(200);

    const { held, shed } = await whilePaused(async () => {
      // Two requests wait on paused storage (until their deadline, 3 s away)...
      const held = [feed(), feed()];
      await new Promise((r) => setTimeout(r, 200));
      // ...so the third finds the limit reached.
      const started = performance.now();
      const res = await feed();
      return { held, shed: { res, ms: performance.now() - started } };
    });
    expect(shed.res.status).toBe(503);
    expect(shed.res.headers.get('retry-after')).toBe(String(deadlines.overloadedRetryAfterSeconds));
    expect(await shed.res.json()).toMatchObject({ status: 503, title: 'Service unavailable' });
    // Answered without waiting on storage: well before any deadline could have fired.
    expect(shed.ms).toBeLessThan(deadlines.requestMs);
    // The two held ones end when storage answers again (resumed above) or at their deadline.
    for (const res of await Promise.all(held)) expect([200, 503]).toContain(res.status);
    expect((await feed()).status).toBe(200);
  });
});
