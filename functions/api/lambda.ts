/**
 * The `api` Lambda: the same Hono app as at home, behind API Gateway's HTTP API. Configuration
 * comes from the environment the CDK api construct sets; nothing here knows the local issuer.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { handle } from 'hono/aws-lambda';
import type { JWTVerifyGetKey } from 'jose';
import { createDynamoClient, documentClientOf } from '../adapters/dynamodb/client';
import { DynamoDirectoryStore } from '../adapters/dynamodb/directory-store';
import { storageReadiness } from '../adapters/readiness';
import type {
  BulletinStore,
  ChecklistStore,
  DocumentStore,
  FileStore,
  IdentityDirectory,
  RecipientDirectory,
  WaterbedStore,
} from '../ports';
import { environmentVariables, requiredSetting } from '../settings/environment';
import { createApp } from './app';
import { CursorSealer } from './cursor';
import { IdempotentRequests, idempotencyPersistence } from './idempotency';
import { onFirstUse } from './on-demand/on-first-use';
import { publicBaseUrl } from './public-site';

const tableName = requiredSetting('tableName');
const issuer = requiredSetting('authIssuer');
const userPoolId = requiredSetting('userPoolId');
const filesBucket = requiredSetting('filesBucket');
const dynamo = createDynamoClient();
const db = documentClientOf(dynamo);

const files = onFirstUse<FileStore>(async () => {
  const { s3FileStore } = await import('./on-demand/files');
  return s3FileStore(filesBucket);
});

// jose and the key set load with the first request that carries a token (public ones need neither).
const keySetUrl = new URL(`${issuer}/.well-known/jwks.json`);
let keySet: Promise<JWTVerifyGetKey> | undefined;
const keys: JWTVerifyGetKey = async (header, token) => {
  keySet ??= import('../adapters/identity/remote-jwks').then(({ remoteKeySet }) => remoteKeySet(keySetUrl));
  return (await keySet)(header, token);
};

// The same bounded client: an idempotency record's write ends with the request's deadline too.
const idempotency = new IdempotentRequests(idempotencyPersistence(dynamo, tableName));

export const app = createApp({
  // Every request's auth and `GET /me` read the directory; the other stores, S3 and Cognito load on
  // first use, with the area that needs them: a cold start does not pay for them.
  directory: new DynamoDirectoryStore(db, tableName),
  checklists: onFirstUse<ChecklistStore>(async () => {
    const { DynamoChecklistStore } = await import('../adapters/dynamodb/checklist-store');
    return new DynamoChecklistStore(db, tableName);
  }),
  identity: onFirstUse<IdentityDirectory>(async () => {
    const { cognitoIdentityDirectory } = await import('./on-demand/identity');
    return cognitoIdentityDirectory(userPoolId);
  }),
  bulletins: onFirstUse<BulletinStore>(async () => {
    const { DynamoBulletinStore } = await import('../adapters/dynamodb/bulletin-store');
    return new DynamoBulletinStore(db, tableName);
  }),
  documents: onFirstUse<DocumentStore>(async () => {
    const { DynamoDocumentStore } = await import('../adapters/dynamodb/document-store');
    return new DynamoDocumentStore(db, tableName);
  }),
  recipients: onFirstUse<RecipientDirectory>(async () => {
    const { DynamoRecipientDirectory } = await import('../adapters/dynamodb/recipient-directory');
    return new DynamoRecipientDirectory(db, tableName);
  }),
  waterbed: onFirstUse<WaterbedStore>(async () => {
    const { DynamoWaterbedStore } = await import('../adapters/dynamodb/waterbed-store');
    return new DynamoWaterbedStore(db, tableName);
  }),
  files,
  // GetItem and HeadObject of fixed keys: actions the api role has already (infra/least-privilege.ts).
  readiness: storageReadiness({ db, tableName, files }),
  idempotency,
  cursors: new CursorSealer(Buffer.from(requiredSetting('cursorKey'), 'base64')),
  logger: new Logger({ serviceName: 'alliance-api' }),
  auth: {
    issuer,
    audience: requiredSetting('authAudience'),
    keys,
  },
  now: () => new Date(),
  newId: () => crypto.randomUUID(),
  publicBaseUrl: publicBaseUrl(process.env[environmentVariables.publicBaseUrl]),
});

// The deadline middleware (middleware/deadline.ts) reads the invocation's remaining time from the
// context Hono's adapter passes along, so a request ends before Lambda cuts it off.
export const handler = handle(app);
