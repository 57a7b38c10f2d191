import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDirectoryStore } from '../adapters/dynamodb/directory-store';
import { LocalIdentityDirectory } from '../adapters/identity/local';
import { createApp } from '../api/app';
import { CursorSealer } from '../api/cursor';
import type { Deps } from '../api/env';
import type { LocalIssuer } from './issuer';

export interface LocalWiringOptions {
  dynamo: DynamoDBClient;
  tableName: string;
  issuer: LocalIssuer;
  cursorKey?: Uint8Array;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  now?: () => Date;
}

/** The API's dependencies at home: the same adapters as in AWS, pointed at the embedded servers. */
export function localDeps(options: LocalWiringOptions): Deps {
  const db = DynamoDBDocumentClient.from(options.dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    directory: new DynamoDirectoryStore(db, options.tableName),
    identity: new LocalIdentityDirectory(),
    cursors: new CursorSealer(options.cursorKey ?? randomBytes(32)),
    logger: new Logger({ serviceName: 'alliance-api', logLevel: options.logLevel ?? 'WARN' }),
    auth: { issuer: options.issuer.issuer, keys: options.issuer.verificationKeys },
    now: options.now ?? (() => new Date()),
  };
}

export const localApp = (options: LocalWiringOptions) => createApp(localDeps(options));

/** Names of the local table and buckets (in AWS the CDK app names them). */
export const localWiring = { tableName: 'alliance', filesBucket: 'alliance-files' } as const;
