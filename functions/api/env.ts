import type { Logger } from '@aws-lambda-powertools/logger';
import type { JWTVerifyGetKey } from 'jose';
import type { Viewer } from '../../shared';
import type { DirectoryStore, IdentityDirectory } from '../ports';
import type { CursorSealer } from './cursor';

/** Everything the API needs from outside, handed in by the Lambda or the local entry. */
export interface Deps {
  directory: DirectoryStore;
  identity: IdentityDirectory;
  cursors: CursorSealer;
  logger: Logger;
  auth: {
    issuer: string;
    /** Expected `aud` (the Cognito app client id); the local issuer sets none. */
    audience?: string;
    keys: JWTVerifyGetKey;
  };
  now: () => Date;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    viewer: Viewer;
    deps: Deps;
  };
}
