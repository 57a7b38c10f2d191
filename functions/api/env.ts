import type { Logger } from '@aws-lambda-powertools/logger';
import type { JWTVerifyGetKey } from 'jose';
import type { Viewer } from '../../shared/viewer';
import type { WebhookTargetPolicy } from '../../shared/webhook-address';
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
import type { CursorSealer } from './cursor';
import type { IdempotentRequests } from './idempotency';
import type { UnsubscribeTokens } from './unsubscribe-token';

export interface Readiness {
  table: boolean;
  files: boolean;
}

/** Everything the API needs from outside, handed in by the Lambda or the local entry. */
export interface Deps {
  directory: DirectoryStore;
  identity: IdentityDirectory;
  checklists: ChecklistStore;
  bulletins: BulletinStore;
  documents: DocumentStore;
  recipients: RecipientDirectory;
  /** API tokens of organisations (machines calling with `Authorization: Bearer alp.…`). */
  tokens: TokenStore;
  /** Webhooks of organisations and their delivery logs. */
  webhooks: WebhookStore;
  /** Which webhook addresses are accepted: in AWS never loopback or plain http (shared/webhook-address.ts). */
  webhookTargets: WebhookTargetPolicy;
  /**
   * The addresses a webhook's host name resolves to, checked when it is registered (in AWS, DNS);
   * absent: not checked then (at home). The delivery job checks them again at every connection.
   */
  resolveHost?: (host: string) => Promise<string[]>;
  /** A member's notifications and e-mail choices (docs/notifications.md). */
  notifications: NotificationStore;
  /** Signs and checks one-click unsubscribe links. */
  unsubscribe: UnsubscribeTokens;
  /** Port indicators, sightings and the waterbed aggregate (docs/waterbed.md). */
  waterbed: WaterbedStore;
  /** The files bucket: presigned uploads and downloads of attachments. */
  files: FileStore;
  /** `Idempotency-Key` handling (Powertools idempotency on the table). */
  idempotency: IdempotentRequests;
  cursors: CursorSealer;
  /**
   * Brings `cursors` and `unsubscribe` to the keys in use before a request reaches an area that may
   * use them (in Lambda they are read from Secrets Manager on first use, functions/api/lambda.ts);
   * absent where the keys are fixed.
   */
  keysInUse?: () => Promise<void>;
  logger: Logger;
  auth: {
    issuer: string;
    /** Expected `aud`: the Cognito app client id, or the local issuer's client id. */
    audience: string;
    keys: JWTVerifyGetKey;
  };
  now: () => Date;
  /** A new unguessable id for an item or file (random UUIDs; tests may choose their own). */
  newId: () => string;
  /**
   * Milliseconds for in-memory caches (the member status cache, functions/api/member-access.ts);
   * `now` when absent. Tests hold it still or move it on, instead of sleeping.
   */
  cacheClock?: () => number;
  /** Whether the table and the file store answer now, within a short bound (GET /api/v1/health/ready). */
  readiness: () => Promise<Readiness>;
  /** The portal's public address (functions/api/public-site.ts), for links that leave the API. */
  publicBaseUrl: string;
  /** Requests worked on at once before the API sheds load (`deadlines.maxInFlight` unless told). */
  maxInFlight?: number;
  /**
   * A request's deadline (`deadlines.requestMs` unless told). Tests of behaviour set a generous
   * one, so a busy test machine does not turn a slow answer into a 503; fault tests keep the real one.
   */
  requestDeadlineMs?: number;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    viewer: Viewer;
    deps: Deps;
  };
}
