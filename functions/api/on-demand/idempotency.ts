/**
 * Powertools' idempotency utility (with jmespath), loaded by IdempotentRequests (../idempotency.ts)
 * on the first write that carries an `Idempotency-Key`: no other request needs it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { keys, tableDefinition } from '../../../shared/table';
import { isStorageUnavailable } from '../../adapters/bounded-storage';

export { IdempotencyAlreadyInProgressError, IdempotencyPersistenceLayerError, IdempotencyValidationError };

/** What one attempt wrote: the in-progress expiry of its own record, which identifies it. */
interface Attempt {
  inProgressExpiry?: number;
}

const attempts = new AsyncLocalStorage<Attempt>();

/** Runs one attempt of idempotent work: the records it writes are told apart from other attempts'. */
export const asAttempt = <T>(work: () => Promise<T>): Promise<T> => attempts.run({}, work);

/** Powertools' attribute names (its defaults), stated so the owner check below names the same ones. */
const statusAttr = 'status';
const inProgressExpiryAttr = 'in_progress_expiration';

/**
 * Powertools' DynamoDB records, except that an attempt removes only the in-progress record it
 * still owns. Powertools deletes the record unconditionally when the work fails; an attempt that
 * stalled past its in-progress expiry would then delete the record of the retry that took over
 * (and let a third attempt run the work again). Each attempt's in-progress expiry carries a random
 * fraction of a millisecond, so it names its owner; the delete is conditional on it.
 */
class OwnRecordsPersistenceLayer extends DynamoDBPersistenceLayer {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly table: string,
  ) {
    super({
      tableName: table,
      awsSdkV3Client: dynamo,
      keyAttr: tableDefinition.partitionKey,
      sortKeyAttr: tableDefinition.sortKey,
      staticPkValue: keys.idempotencyPartition,
      expiryAttr: tableDefinition.timeToLiveAttribute,
      statusAttr,
      inProgressExpiryAttr,
    });
  }

  protected override async _putRecord(record: IdempotencyRecord): Promise<void> {
    if (record.inProgressExpiryTimestamp !== undefined) {
      // Still a millisecond epoch for Powertools' expiry checks; the fraction is this attempt's own,
      // taken off so the record never outlives the request's deadline (../idempotency.ts).
      record.inProgressExpiryTimestamp -= (1 + Math.floor(Math.random() * 4095)) / 4096;
    }
    await super._putRecord(record);
    const attempt = attempts.getStore();
    if (attempt) attempt.inProgressExpiry = record.inProgressExpiryTimestamp;
  }

  protected override async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    const mine = attempts.getStore()?.inProgressExpiry;
    // An attempt that wrote no record has none to remove.
    if (mine === undefined) return;
    try {
      await this.dynamo.send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: this.getKey(record.idempotencyKey),
          ConditionExpression: '#status = :inProgress AND #inProgressExpiry = :mine',
          ExpressionAttributeNames: { '#status': statusAttr, '#inProgressExpiry': inProgressExpiryAttr },
          ExpressionAttributeValues: { ':inProgress': { S: 'INPROGRESS' }, ':mine': { N: String(mine) } },
        }),
      );
    } catch (err) {
      // Another attempt's record now (ours expired and was taken over): it is not ours to remove.
      if (err instanceof ConditionalCheckFailedException) return;
      // Storage did not answer: our record expires on its own at the request's deadline, so the
      // request's own error (not this one) is what the client should hear.
      if (isStorageUnavailable(err)) return;
      throw err;
    }
  }
}

/** Powertools' records in the single table: `IDEMPOTENCY` / hashed key, expiring through `expiresAt`. */
export const dynamoPersistence = (client: DynamoDBClient, tableName: string) =>
  new OwnRecordsPersistenceLayer(client, tableName);

/** The runner of idempotent work: the first run's result is stored and given back to retries. */
export function idempotentRunner<Payload, Result>(
  persistence: BasePersistenceLayer,
  expiresAfterSeconds: number,
) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'request',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds,
  });
  const run = makeIdempotent(async (_payload: Payload, work: () => Promise<Result>) => work(), {
    persistenceStore: persistence,
    // One constant prefix: the persistence layer keeps it as state shared by concurrent requests.
    keyPrefix: 'alliance-api',
    dataIndexArgument: 0,
    config,
  });
  return {
    run,
    registerLambdaContext: (context: { getRemainingTimeInMillis(): number }) =>
      config.registerLambdaContext(context as Parameters<IdempotencyConfig['registerLambdaContext']>[0]),
  };
}
