import type { Logger } from '@aws-lambda-powertools/logger';
import type { JWTVerifyGetKey } from 'jose';
import type { Viewer } from '../../shared/viewer';
import type { ChecklistStore } from '../checklist-ports';
import type { DocumentStore } from '../document-ports';
import type {
  BulletinStore,
  DirectoryStore,
  FileStore,
  IdentityDirectory,
  RecipientDirectory,
} from '../ports';
import type { CursorSealer } from './cursor';
import type { IdempotentRequests } from './idempotency';

/** Everything the API needs from outside, handed in by the Lambda or the local entry. */
export interface Deps {
  directory: DirectoryStore;
  identity: IdentityDirectory;
  checklists: ChecklistStore;
  bulletins: BulletinStore;
  documents: DocumentStore;
  recipients: RecipientDirectory;
  /** The files bucket: presigned uploads and downloads of attachments. */
  files: FileStore;
  /** `Idempotency-Key` handling (Powertools idempotency on the table). */
  idempotency: IdempotentRequests;
  cursors: CursorSealer;
  logger: Logger;
  auth: {
    issuer: string;
    /** Expected `aud` (the Cognito app client id); the local issuer sets none. */
    audience?: string;
    keys: JWTVerifyGetKey;
  };
  now: () => Date;
  /** The portal's public address (functions/api/public-site.ts), for links that leave the API. */
  publicBaseUrl: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    viewer: Viewer;
    deps: Deps;
  };
}
