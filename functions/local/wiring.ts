import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoBulletinStore } from '../adapters/dynamodb/bulletin-store';
import { DynamoChecklistStore } from '../adapters/dynamodb/checklist-store';
import { DynamoDirectoryStore } from '../adapters/dynamodb/directory-store';
import { DynamoDocumentStore } from '../adapters/dynamodb/document-store';
import { DynamoNotificationStore } from '../adapters/dynamodb/notification-store';
import { DynamoRecipientDirectory } from '../adapters/dynamodb/recipient-directory';
import { DynamoTokenStore } from '../adapters/dynamodb/token-store';
import { DynamoWaterbedStore } from '../adapters/dynamodb/waterbed-store';
import { DynamoWebhookStore } from '../adapters/dynamodb/webhook-store';
import { LocalIdentityDirectory } from '../adapters/identity/local';
import { storageReadiness } from '../adapters/readiness';
import { createS3Client, S3FileStore } from '../adapters/s3/files';
import { createApp } from '../api/app';
import { CursorSealer } from '../api/cursor';
import type { Deps } from '../api/env';
import { IdempotentRequests, idempotencyPersistence } from '../api/idempotency';
import { publicBaseUrl } from '../api/public-site';
import { UnsubscribeTokens } from '../api/unsubscribe-token';
import { localRegion } from './dynamodb-local';
import { type LocalIssuer, localClientId } from './issuer';
import { type LocalMalwareScan, scannedOnComplete } from './malware-scan';
import type { PresignCredentials } from './presigned-access';

export interface LocalWiringOptions {
  dynamo: DynamoDBClient;
  tableName: string;
  issuer: LocalIssuer;
  /**
   * s3rver for the files bucket. Browsers get URLs signed for `presignEndpoint` (at home the
   * same-origin `/local/s3` proxy, made relative so any host name works); the server talks to
   * `endpoint` directly. `presignCredentials` sign those URLs: s3rver ignores signatures, so the
   * proxy checks them with the same credentials (s3-proxy.ts).
   */
  files: {
    endpoint: string;
    bucket: string;
    presignEndpoint?: string;
    presignCredentials?: PresignCredentials;
  };
  cursorKey?: Uint8Array;
  /** When the local GuardDuty stand-in tags uploads (./malware-scan.ts); on completion unless told. */
  malwareScan?: LocalMalwareScan;
  /** Signs unsubscribe links; the notify poller at home must be handed the same (main.ts). */
  unsubscribeKey?: Uint8Array;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  now?: () => Date;
  cacheClock?: () => number;
  /**
   * Whether webhooks may point at `http://127.0.0.1:<port>` (a receiver on this machine): yes at
   * home and in tests unless told, or unless `ALLIANCE_WEBHOOKS_LOOPBACK=deny`; never in AWS.
   */
  allowLoopbackWebhooks?: boolean;
  /** Where the portal is reached (Atom ids and links); `localWiring.publicBaseUrl` unless told. */
  publicBaseUrl?: string;
}

/** The local webhook setting (docs/interoperability.md): loopback receivers allowed unless denied. */
export const localWebhooksAllowLoopback = (env: Record<string, string | undefined> = process.env) =>
  env.ALLIANCE_WEBHOOKS_LOOPBACK !== 'deny';

/** A fixed key at home, so a mail's link still works after a restart (nothing secret is at stake locally). */
const localUnsubscribeKey = new TextEncoder().encode('alliance-portal-local-unsubscribe-links-key');

/** s3rver accepts these and checks no signature (docs/local-file-store.md). */
const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * A client for s3rver: path-style, its fixed credentials (or, for the presigner, the ones the
 * `/local/s3` proxy checks), no checksums (docs/decisions.md).
 */
export const localS3Client = (endpoint: string, credentials: PresignCredentials = s3rverCredentials) =>
  createS3Client({ endpoint, region: localRegion, forcePathStyle: true, credentials });

/** The API's dependencies at home: the same adapters as in AWS, pointed at the embedded servers. */
export function localDeps(options: LocalWiringOptions): Deps {
  const db = DynamoDBDocumentClient.from(options.dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const s3 = localS3Client;
  const { presignEndpoint } = options.files;
  const serverS3 = s3(options.files.endpoint);
  const store = new S3FileStore(
    serverS3,
    options.files.bucket,
    presignEndpoint
      ? {
          presigner: s3(presignEndpoint, options.files.presignCredentials),
          publicUrl: (url) => {
            const u = new URL(url);
            return `${u.pathname}${u.search}`;
          },
        }
      : {},
  );
  const files =
    options.malwareScan === 'manual' ? store : scannedOnComplete(store, serverS3, options.files.bucket);
  return {
    directory: new DynamoDirectoryStore(db, options.tableName),
    checklists: new DynamoChecklistStore(db, options.tableName),
    identity: new LocalIdentityDirectory(),
    bulletins: new DynamoBulletinStore(db, options.tableName),
    documents: new DynamoDocumentStore(db, options.tableName),
    recipients: new DynamoRecipientDirectory(db, options.tableName),
    tokens: new DynamoTokenStore(db, options.tableName),
    webhooks: new DynamoWebhookStore(db, options.tableName),
    webhookTargets: { allowLoopbackHttp: options.allowLoopbackWebhooks ?? localWebhooksAllowLoopback() },
    notifications: new DynamoNotificationStore(db, options.tableName),
    unsubscribe: new UnsubscribeTokens(options.unsubscribeKey ?? options.cursorKey ?? localUnsubscribeKey),
    waterbed: new DynamoWaterbedStore(db, options.tableName),
    files,
    readiness: storageReadiness({ db, tableName: options.tableName, files }),
    idempotency: new IdempotentRequests(idempotencyPersistence(options.dynamo, options.tableName)),
    cursors: new CursorSealer(options.cursorKey ?? randomBytes(32)),
    logger: new Logger({ serviceName: 'alliance-api', logLevel: options.logLevel ?? 'WARN' }),
    auth: { issuer: options.issuer.issuer, audience: localClientId, keys: options.issuer.verificationKeys },
    now: options.now ?? (() => new Date()),
    newId: () => crypto.randomUUID(),
    ...(options.cacheClock ? { cacheClock: options.cacheClock } : {}),
    publicBaseUrl: publicBaseUrl(options.publicBaseUrl ?? localWiring.publicBaseUrl),
  };
}

export const localApp = (options: LocalWiringOptions) => createApp(localDeps(options));

/** Names of the local table and buckets (in AWS the CDK app names them). */
export const localWiring = {
  tableName: 'alliance',
  filesBucket: 'alliance-files',
  publicBaseUrl: 'http://localhost:3000',
} as const;
