/**
 * The `api` Lambda: the same Hono app as at home, behind API Gateway's HTTP API. Configuration
 * comes from the environment the CDK api construct sets; nothing here knows the local issuer.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import type { JWTVerifyGetKey } from 'jose';
import { createDynamoClient, documentClientOf } from '../adapters/dynamodb/client';
import { storageReadiness } from '../adapters/readiness';
import type {
  BulletinStore,
  ChecklistStore,
  DirectoryStore,
  DocumentStore,
  FileStore,
  IdentityDirectory,
  NotificationStore,
  RecipientDirectory,
  TokenStore,
  WaterbedStore,
  WebhookStore,
} from '../ports';
import { environmentVariables, requiredSetting } from '../settings/environment';
import { createApp } from './app';
import { CursorSealer } from './cursor';
import { IdempotentRequests, idempotencyPersistence } from './idempotency';
import { secretsManagerKeys } from './keys';
import { onFirstUse } from './on-demand/on-first-use';
import { cameThroughCloudFront, notThroughCloudFront } from './origin';
import { publicBaseUrl } from './public-site';
import { UnsubscribeTokens } from './unsubscribe-token';

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

// Both read from Secrets Manager at run time and cached (functions/api/keys.ts): the Lambda's
// configuration holds only the secrets' ARNs. The sealer starts with a throwaway key that
// `keysInUse` replaces before any request reaches an area that seals or opens a cursor.
const cursorKeys = secretsManagerKeys(requiredSetting('cursorKeySecret'));
const originSecrets = secretsManagerKeys(requiredSetting('originSecret'));
const cursors = new CursorSealer(crypto.getRandomValues(new Uint8Array(32)));
let cursorKeysInUse: string | undefined;
// One-click unsubscribe links are signed with a key derived from the same secret
// (functions/api/unsubscribe-token.ts), rekeyed with the cursors below.
const unsubscribe = new UnsubscribeTokens(crypto.getRandomValues(new Uint8Array(32)));

export const app = createApp({
  // Every store, S3 and Cognito load on first use, with the request that needs them: a cold start
  // does not pay for them. The directory comes with the first signed-in request, as jose does.
  directory: onFirstUse<DirectoryStore>(async () => {
    const { DynamoDirectoryStore } = await import('../adapters/dynamodb/directory-store');
    return new DynamoDirectoryStore(db, tableName);
  }),
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
  // Read by requests that carry an API token (functions/api/middleware/api-token.ts) and the tokens area.
  tokens: onFirstUse<TokenStore>(async () => {
    const { DynamoTokenStore } = await import('../adapters/dynamodb/token-store');
    return new DynamoTokenStore(db, tableName);
  }),
  webhooks: onFirstUse<WebhookStore>(async () => {
    const { DynamoWebhookStore } = await import('../adapters/dynamodb/webhook-store');
    return new DynamoWebhookStore(db, tableName);
  }),
  // In AWS a webhook is an https:// address of the public internet, never loopback (SSRF).
  webhookTargets: { allowLoopbackHttp: false },
  resolveHost: async (host) => {
    const { lookup } = await import('node:dns/promises');
    return (await lookup(host, { all: true })).map((a) => a.address);
  },
  notifications: onFirstUse<NotificationStore>(async () => {
    const { DynamoNotificationStore } = await import('../adapters/dynamodb/notification-store');
    return new DynamoNotificationStore(db, tableName);
  }),
  unsubscribe,
  waterbed: onFirstUse<WaterbedStore>(async () => {
    const { DynamoWaterbedStore } = await import('../adapters/dynamodb/waterbed-store');
    return new DynamoWaterbedStore(db, tableName);
  }),
  files,
  // GetItem and HeadObject of fixed keys: actions the api role has already (infra/least-privilege.ts).
  readiness: storageReadiness({ db, tableName, files }),
  idempotency,
  cursors,
  // Shared by concurrent first requests; a failed read is tried again by the next request.
  keysInUse: () => {
    keysReading ??= keysInUse().finally(() => {
      keysReading = undefined;
    });
    return keysReading;
  },
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
const honoHandler = handle(app);

let keysReading: Promise<void> | undefined;
/**
 * One Secrets Manager read per key and version per cold start and per `keyCacheSeconds`, by the
 * first request to an area that seals or opens cursors or signed links (health reads none).
 */
async function keysInUse(): Promise<void> {
  const keys = await cursorKeys();
  const inUse = `${keys.current}\n${keys.previous ?? ''}`;
  if (inUse === cursorKeysInUse) return;
  const current = Buffer.from(keys.current, 'base64');
  const previous = keys.previous ? Buffer.from(keys.previous, 'base64') : undefined;
  cursors.rekey(current, previous);
  unsubscribe.rekey(current, previous);
  cursorKeysInUse = inUse;
}

/**
 * Refuses what did not come through CloudFront (and so through its WAF) before the app sees it.
 * The origin secret's previous version is read only when the header is not the current one: after
 * a rotation, until CloudFront sends the new value, or for a request that bypassed CloudFront.
 */
export const handler = async (event: LambdaEvent, context: LambdaContext) => {
  const throughCloudFront =
    cameThroughCloudFront(event.headers, { current: await originSecrets.current() }) ||
    cameThroughCloudFront(event.headers, await originSecrets());
  if (!throughCloudFront) return notThroughCloudFront;
  return honoHandler(event, context);
};
