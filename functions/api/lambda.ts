/**
 * The `api` Lambda: the same Hono app as at home, behind API Gateway's HTTP API. Configuration
 * comes from the environment the CDK api construct sets; nothing here knows the local issuer.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { handle } from 'hono/aws-lambda';
import { createRemoteJWKSet } from 'jose';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoDirectoryStore } from '../adapters/dynamodb/directory-store';
import { CognitoIdentityDirectory } from '../adapters/identity/cognito';
import { createApp } from './app';
import { CursorSealer } from './cursor';

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
  identity: new CognitoIdentityDirectory(new CognitoIdentityProviderClient({}), required('USER_POOL_ID')),
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
