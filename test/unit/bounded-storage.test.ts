import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withinDeadline } from '../../functions/adapters/bounded-storage';
import { createDynamoClient, documentClientOf } from '../../functions/adapters/dynamodb/client';
import { transactWrite } from '../../functions/adapters/dynamodb/transact';
import { StorageUnavailableError } from '../../functions/ports';
import { deadlines } from '../../functions/settings/deadlines';

/**
 * Which calls the bounded clients send again (functions/adapters/bounded-storage.ts), seen from
 * the wire: a local HTTP server answers every DynamoDB call with the failure a test chooses and
 * records what reached it. Reads are retried on any retryable failure; a conditional write only
 * when storage never ran it (throttled); a transaction always, with the same ClientRequestToken.
 */

type Failure = 'internal error' | 'throttled' | 'transaction in progress';
let failure: Failure = 'internal error';
const received: { target: string; body: any }[] = [];
/** Runs when a call reaches the server, before it answers: lets a test move a deadline then. */
let onReceived: (() => void) | undefined;
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ target: String(req.headers['x-amz-target']).split('.')[1]!, body: JSON.parse(body) });
      onReceived?.();
      const [status, type] =
        failure === 'throttled'
          ? [400, 'ThrottlingException']
          : failure === 'transaction in progress'
            ? [400, 'TransactionInProgressException']
            : [500, 'InternalServerError'];
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: 'failed' }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => {
  received.length = 0;
  onReceived = undefined;
});

const client = () =>
  documentClientOf(
    createDynamoClient({
      endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );

/** Runs `call` inside a request's deadline whose signal never fires: only attempts are counted. */
const inRequest = <T>(call: () => Promise<T>) =>
  withinDeadline({ at: Date.now() + 30_000, signal: new AbortController().signal }, call);

const get = () => client().send(new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } }));
const conditionalPut = () =>
  client().send(
    new PutCommand({
      TableName: 't',
      Item: { pk: 'a', sk: 'b' },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );

describe('a storage call that fails inside storage (500)', () => {
  it('is a read: tried the set number of times, then StorageUnavailableError', async () => {
    failure = 'internal error';
    await expect(inRequest(get)).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(received.map((r) => r.target)).toEqual(Array(deadlines.storageMaxAttempts).fill('GetItem'));
  });

  it('is a conditional write: sent once (it may have been applied), then StorageUnavailableError', async () => {
    failure = 'internal error';
    await expect(inRequest(conditionalPut)).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(received.map((r) => r.target)).toEqual(['PutItem']);
  });

  it('is a transaction: tried again with the same ClientRequestToken, so DynamoDB applies it once', async () => {
    failure = 'internal error';
    const items = [{ Put: { TableName: 't', Item: { pk: randomUUID(), sk: 'META' } } }];
    await expect(inRequest(() => transactWrite(client(), items, () => null))).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    expect(received.map((r) => r.target)).toEqual(
      Array(deadlines.storageMaxAttempts).fill('TransactWriteItems'),
    );
    const tokens = new Set(received.map((r) => r.body.ClientRequestToken));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('a transaction whose earlier attempt is still being applied', () => {
  it('is tried again with its token, then StorageUnavailableError (503), never a 500', async () => {
    failure = 'transaction in progress';
    const items = [{ Put: { TableName: 't', Item: { pk: randomUUID(), sk: 'META' } } }];
    await expect(inRequest(() => transactWrite(client(), items, () => null))).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    expect(received.map((r) => r.target)).toEqual(
      Array(deadlines.storageMaxAttempts).fill('TransactWriteItems'),
    );
    expect(new Set(received.map((r) => r.body.ClientRequestToken)).size).toBe(1);
  });
});

describe('a storage call that is throttled', () => {
  it('is tried again even as a conditional write: storage never ran it', async () => {
    failure = 'throttled';
    await expect(inRequest(conditionalPut)).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(received.map((r) => r.target)).toEqual(Array(deadlines.storageMaxAttempts).fill('PutItem'));
  });
});

describe("a request's deadline", () => {
  it('leaves no room for another attempt once it has nearly passed', async () => {
    failure = 'internal error';
    // The deadline draws near only once the first attempt has reached storage, so that attempt
    // never races it, however slow the machine: after it, no attempt fits.
    const nearlyOver = { at: Date.now() + 30_000, signal: new AbortController().signal };
    onReceived = () => {
      nearlyOver.at = Date.now() + deadlines.retryBaseMs;
    };
    await expect(withinDeadline(nearlyOver, get)).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(received.map((r) => r.target)).toEqual(['GetItem']);
  });
});
