/**
 * The `api` Lambda: the same Hono app as at home, behind API Gateway's HTTP API. Configuration
 * comes from the environment the CDK api construct sets; nothing here knows the local issuer.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { handle } from 'hono/aws-lambda';
import { createRemoteJWKSet } from 'jose';
import { DynamoBulletinStore } from '../adapters/dynamodb/bulletin-store';
import { DynamoChecklistStore } from '../adapters/dynamodb/checklist-store';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoDirectoryStore } from '../adapters/dynamodb/directory-store';
import { DynamoDocumentStore } from '../adapters/dynamodb/document-store';
import { DynamoRecipientDirectory } from '../adapters/dynamodb/recipient-directory';
import { CognitoIdentityDirectory } from '../adapters/identity/cognito';
import { createS3Client, S3FileStore } from '../adapters/s3/files';
import { createApp } from './app';
import { CursorSealer } from './cursor';
import { IdempotentRequests, idempotencyPersistence } from './idempotency';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const tableName = required('TABLE_NAME');
const issuer = required('AUTH_ISSUER');
const db = createDocumentClient();

export const app = createApp({
  directory: new DynamoDirectoryStore(db, tableName),
  checklists: new DynamoChecklistStore(db, tableName),
  identity: new CognitoIdentityDirectory(new CognitoIdentityProviderClient({}), required('USER_POOL_ID')),
  bulletins: new DynamoBulletinStore(db, tableName),
  documents: new DynamoDocumentStore(db, tableName),
  recipients: new DynamoRecipientDirectory(db, tableName),
  files: new S3FileStore(createS3Client(), required('FILES_BUCKET')),
  idempotency: new IdempotentRequests(idempotencyPersistence(new DynamoDBClient({}), tableName)),
  cursors: new CursorSealer(Buffer.from(required('CURSOR_KEY'), 'base64')),
  logger: new Logger({ serviceName: 'alliance-api' }),
  auth: {
    issuer,
    audience: required('AUTH_AUDIENCE'),
    keys: createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)),
  },
  now: () => new Date(),
});

export const handler = handle(app);
