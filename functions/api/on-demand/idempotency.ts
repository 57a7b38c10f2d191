/**
 * Powertools' idempotency utility (with jmespath), loaded by IdempotentRequests (../idempotency.ts)
 * on the first write that carries an `Idempotency-Key`: no other request needs it.
 */
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { keys, tableDefinition } from '../../../shared/table';

export { IdempotencyAlreadyInProgressError, IdempotencyValidationError };

/** Powertools' records in the single table: `IDEMPOTENCY` / hashed key, expiring through `expiresAt`. */
export const dynamoPersistence = (client: DynamoDBClient, tableName: string) =>
  new DynamoDBPersistenceLayer({
    tableName,
    awsSdkV3Client: client,
    keyAttr: tableDefinition.partitionKey,
    sortKeyAttr: tableDefinition.sortKey,
    staticPkValue: keys.idempotencyPartition,
    expiryAttr: tableDefinition.timeToLiveAttribute,
  });

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
