import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { withinDeadline } from '../../functions/adapters/bounded-storage';
import { conflict } from '../../functions/api/problems';
import { StorageUnavailableError } from '../../functions/ports';
import { deadlines } from '../../functions/settings/deadlines';
import { keys } from '../../shared/table';
import { auditTrail, partitionItems } from '../support/audit-trail';
import { createTestPortal, expectProblem, type TestPortal } from '../support/portal';
import { documentBody, draftBulletin } from '../support/shared-items';

/**
 * Issue 17, item 2: idempotency that holds across stalls. An attempt removes only the
 * in-progress record it still owns; its record expires at its request's deadline; and a publish
 * retried with its key after its first attempt published (but could not say so) answers the
 * bulletin, published once — never 409 "published already" caused by itself.
 */

const ben = 'ben@antwerp.example';
const ana = 'ana@antwerp.example';

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal({
    seed: 'directory',
    overrides: { requestDeadlineMs: deadlines.requestMs },
  });
});

/** A deadline whose signal never fires: the test decides when work ends, not a timer. */
const deadlineIn = (ms: number) => ({ at: Date.now() + ms, signal: new AbortController().signal });

/** A promise and the hands that settle it. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const idempotencyRecords = async () => partitionItems(portal, keys.idempotencyPartition);

describe('an attempt and the records of other attempts', () => {
  it('a stalled attempt that fails does not remove the record of the retry that took over', async () => {
    const retry = { memberId: 'ben-antwerp', operation: 'test.stall', key: `stall-${Date.now()}` };
    const request = { id: 'b-1' };
    const { idempotency } = portal.deps;

    // Attempt A: its deadline is 1 ms away, so its in-progress record expires at once; its work
    // then stalls until the test lets it fail.
    const aStarted = gate();
    const aWork = gate<string>();
    const a = withinDeadline(deadlineIn(1), () =>
      idempotency.once(retry, request, () => {
        aStarted.open();
        return aWork.promise;
      }),
    );
    await aStarted.promise;
    const [recordOfA] = (await idempotencyRecords()).filter((r) => r.status === 'INPROGRESS');
    expect(recordOfA).toBeDefined();
    // A lower bound, not a race: A's record expired a millisecond after it was written.
    await new Promise((r) => setTimeout(r, 5));

    // Attempt B, the client's retry, takes the expired record over and is still working.
    const bStarted = gate();
    const bWork = gate<string>();
    const b = withinDeadline(deadlineIn(30_000), () =>
      idempotency.once(retry, request, () => {
        bStarted.open();
        return bWork.promise;
      }),
    );
    await bStarted.promise;

    // A fails now. Powertools would delete the key's record: B's.
    aWork.fail(conflict('A lost its race'));
    await expect(a).rejects.toMatchObject({ status: 409 });

    // A third attempt while B works is told "in progress" and does not run the work a second time.
    let ranAgain = false;
    const c = withinDeadline(deadlineIn(30_000), () =>
      idempotency.once(retry, request, async () => {
        ranAgain = true;
        return 'C';
      }),
    );
    await expect(c).rejects.toMatchObject({ status: 409, detail: expect.stringContaining('in progress') });
    expect(ranAgain).toBe(false);

    bWork.open('B');
    await expect(b).resolves.toBe('B');
    // And from now on every retry gets B's answer.
    await expect(
      withinDeadline(deadlineIn(30_000), () => idempotency.once(retry, request, async () => 'D')),
    ).resolves.toBe('B');
  });

  it("an attempt's in-progress record expires no later than its request's deadline", async () => {
    const retry = { memberId: 'ben-antwerp', operation: 'test.expiry', key: `expiry-${Date.now()}` };
    // Powertools loads with the first keyed request: loaded before, so that the deadline below is
    // spent on the attempt alone, however busy the machine (5 s: half the old fixed 10 s).
    await portal.deps.idempotency.once({ ...retry, key: `${retry.key}-warm` }, {}, async () => 'warm');
    const deadline = deadlineIn(5_000);
    const started = gate();
    const work = gate<string>();
    const attempt = withinDeadline(deadline, () =>
      portal.deps.idempotency.once(retry, {}, () => {
        started.open();
        return work.promise;
      }),
    );
    await started.promise;
    const inProgress = (await idempotencyRecords()).filter((r) => r.status === 'INPROGRESS');
    const expiries = inProgress.map((r) => Number(r.in_progress_expiration));
    // Powertools adds the remaining time it was given to its own clock reading, taken a moment
    // later (its persistence layer's saveInProgress): the expiry can pass
    // the deadline by the milliseconds between the two readings, never by a fixed lifetime's.
    const between = 1_000;
    expect(expiries.some((at) => at <= deadline.at + between && at > deadline.at - 5_000)).toBe(true);
    work.open('done');
    await expect(attempt).resolves.toBe('done');
  });
});

describe('a publish whose first attempt published but could not say so', () => {
  /** Fails the write of the idempotency record's result, as storage that stopped answering would. */
  function loseTheResultRecord() {
    const name = 'faultsLoseResultRecord';
    portal.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: { pk?: { S?: string } } };
        if (context.commandName === 'UpdateItemCommand' && input.Key?.pk?.S === keys.idempotencyPartition) {
          throw new StorageUnavailableError('table');
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    return () => portal.dynamo.middlewareStack.remove(name);
  }

  it('answers the retry with the same key 200 and the bulletin, published once', async () => {
    const { id } = await draftBulletin(portal, ben);
    const path = `/api/v1/bulletins/${id}/publish`;
    const request = { as: ben, method: 'POST', headers: { 'idempotency-key': `publish-${id}` } };

    const restore = loseTheResultRecord();
    let first: Awaited<ReturnType<TestPortal['request']>>;
    try {
      first = await portal.request(path, request);
    } finally {
      restore();
    }
    // Published, but its answer was lost: the client saw a 503 and retries.
    expectProblem(first, 503);
    expect(first.headers.get('retry-after')).toBeTruthy();
    expect((await portal.deps.bulletins.get(id))!.status).toBe('published');

    const retry = await portal.request(path, request);
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ id, status: 'published', revision: 2 });
    const revisions = (await partitionItems(portal, keys.bulletinPartition(id))).filter((i) =>
      String(i.sk).startsWith('REV#'),
    );
    expect(revisions.map((r) => r.kind)).toEqual(['published']);
    const events = (await auditTrail(portal, 'antwerp', portal.time.month)).filter(
      (e) => e.action === 'bulletin.published' && e.object.id === id,
    );
    expect(events).toHaveLength(1);
  });

  it('is still a conflict for another key, or for another member with the same key', async () => {
    const { id } = await draftBulletin(portal, ben);
    const path = `/api/v1/bulletins/${id}/publish`;
    const key = `publish-${id}`;
    expect(
      (await portal.request(path, { as: ben, method: 'POST', headers: { 'idempotency-key': key } })).status,
    ).toBe(200);
    expectProblem(
      await portal.request(path, { as: ben, method: 'POST', headers: { 'idempotency-key': `${key}-other` } }),
      409,
    );
    expectProblem(
      await portal.request(path, { as: ana, method: 'POST', headers: { 'idempotency-key': key } }),
      409,
    );
  });

  it('answers a document created again with the same key after its record was lost with the same document, created once', async () => {
    const request = {
      as: ben,
      method: 'POST',
      body: documentBody('Seal checks at the gate'),
      headers: { 'idempotency-key': 'create-seal-guide-1' },
    };
    const first = await portal.request('/api/v1/documents', request);
    expect(first.status).toBe(201);
    // The attempt stalled past its deadline and its record is gone: only the document remains.
    for (const record of await idempotencyRecords()) {
      await portal.db.send(
        new DeleteCommand({ TableName: portal.tableName, Key: { pk: record.pk, sk: record.sk } }),
      );
    }
    const retry = await portal.request('/api/v1/documents', request);
    expect(retry.status).toBe(201);
    expect(retry.json.document.id).toBe(first.json.document.id);
    expect(retry.json.upload.version).toBe(1);
    const drafted = (await auditTrail(portal, 'antwerp', portal.time.month)).filter(
      (e) => e.action === 'document.drafted' && e.actor.memberId === 'ben-antwerp',
    );
    expect(drafted.map((e) => e.object.id)).toEqual([first.json.document.id]);
    // The same key with another request is refused, record or not.
    for (const record of await idempotencyRecords()) {
      await portal.db.send(
        new DeleteCommand({ TableName: portal.tableName, Key: { pk: record.pk, sk: record.sk } }),
      );
    }
    expectProblem(
      await portal.request('/api/v1/documents', { ...request, body: documentBody('Another guide entirely') }),
      422,
    );
  });
});
