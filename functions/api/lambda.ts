/**
 * The `api` Lambda: the same Hono app as at home, behind API Gateway's HTTP API. Configuration
 * comes from the environment the CDK api construct sets; nothing here knows the local issuer.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { createRemoteJWKSet } from 'jose';
import { DynamoBulletinStore } from '../adapters/dynamodb/bulletin-store';
import { DynamoChecklistStore } from '../adapters/dynamodb/checklist-store';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoDirectoryStore } from '../adapters/dynamodb/directory-store';
import { DynamoDocumentStore } from '../adapters/dynamodb/document-store';
import { DynamoRecipientDirectory } from '../adapters/dynamodb/recipient-directory';
import type { FileStore, IdentityDirectory } from '../ports';
import { createApp } from './app';
import { CursorSealer } from './cursor';
import { IdempotentRequests, idempotencyPersistence } from './idempotency';
import { onFirstUse } from './on-demand/on-first-use';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const tableName = required('TABLE_NAME');
const issuer = required('AUTH_ISSUER');
const userPoolId = required('USER_POOL_ID');
const filesBucket = required('FILES_BUCKET');
const db = createDocumentClient();

const idempotency = new IdempotentRequests(idempotencyPersistence(new DynamoDBClient({}), tableName));

export const app = createApp({
  directory: new DynamoDirectoryStore(db, tableName),
  checklists: new DynamoChecklistStore(db, tableName),
  // S3 and Cognito load on first use: a cold start does not pay for them.
  identity: onFirstUse<IdentityDirectory>(async () => {
    const { cognitoIdentityDirectory } = await import('./on-demand/identity');
    return cognitoIdentityDirectory(userPoolId);
  }),
  bulletins: new DynamoBulletinStore(db, tableName),
  documents: new DynamoDocumentStore(db, tableName),
  recipients: new DynamoRecipientDirectory(db, tableName),
  files: onFirstUse<FileStore>(async () => {
    const { s3FileStore } = await import('./on-demand/files');
    return s3FileStore(filesBucket);
  }),
  idempotency,
  cursors: new CursorSealer(Buffer.from(required('CURSOR_KEY'), 'base64')),
  logger: new Logger({ serviceName: 'alliance-api' }),
  auth: {
    issuer,
    audience: required('AUTH_AUDIENCE'),
    keys: createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)),
  },
  now: () => new Date(),
});

const handleRequest = handle(app);

export const handler: typeof handleRequest = (event, context) => {
  if (context) idempotency.registerLambdaContext(context);
  return handleRequest(event, context);
};
