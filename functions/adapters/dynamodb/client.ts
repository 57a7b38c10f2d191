import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { boundedClientConfig, mapStorageErrors } from '../bounded-storage';

/**
 * A DynamoDB client whose calls are bounded (../bounded-storage.ts): connection and answer
 * timeouts, retries only where safe and within the request's deadline, and
 * `StorageUnavailableError` when the table did not answer. The API's stores, Powertools'
 * idempotency records and readiness all go through one of these.
 */
export function createDynamoClient(config: DynamoDBClientConfig = {}) {
  const client = new DynamoDBClient({ ...boundedClientConfig(), ...config });
  mapStorageErrors(client.middlewareStack, 'table');
  return client;
}

/** The document client over `client` (its middleware, so its bounds, included). */
export const documentClientOf = (client: DynamoDBClient) =>
  DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });

/** One document client per process: in Lambda it is reused across invocations. */
export function createDocumentClient(config: DynamoDBClientConfig = {}) {
  return documentClientOf(createDynamoClient(config));
}

export type DocumentClient = ReturnType<typeof createDocumentClient>;
