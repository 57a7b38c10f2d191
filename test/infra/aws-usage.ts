import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLambda, type LambdaBundle } from '../../infra/bundling';

const root = join(import.meta.dirname, '..', '..');

/** lib-dynamodb and client-dynamodb command names → the IAM action each needs. */
const dynamoCommands: Record<string, string[]> = {
  Get: ['dynamodb:GetItem'],
  GetItem: ['dynamodb:GetItem'],
  Put: ['dynamodb:PutItem'],
  PutItem: ['dynamodb:PutItem'],
  Update: ['dynamodb:UpdateItem'],
  UpdateItem: ['dynamodb:UpdateItem'],
  Delete: ['dynamodb:DeleteItem'],
  DeleteItem: ['dynamodb:DeleteItem'],
  Query: ['dynamodb:Query'],
  Scan: ['dynamodb:Scan'],
  BatchGet: ['dynamodb:BatchGetItem'],
  BatchGetItem: ['dynamodb:BatchGetItem'],
  BatchWrite: ['dynamodb:BatchWriteItem'],
  BatchWriteItem: ['dynamodb:BatchWriteItem'],
  TransactGet: ['dynamodb:GetItem'],
  TransactGetItems: ['dynamodb:GetItem'],
  // TransactWrite is authorised per item: see `transactionItems` below.
  TransactWrite: [],
  TransactWriteItems: [],
};

/** Transaction item kinds → IAM action (TransactWriteItems has no action of its own). */
const transactionItems: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

const s3Commands: Record<string, string[]> = {
  GetObject: ['s3:GetObject'],
  HeadObject: ['s3:GetObject'],
  GetObjectTagging: ['s3:GetObjectTagging'],
  PutObject: ['s3:PutObject'],
  DeleteObject: ['s3:DeleteObject'],
  ListObjectsV2: ['s3:ListBucket'],
};

/** SES v2 commands → IAM action (the notify functions send simple mail, nothing else). */
const sesCommands: Record<string, string[]> = {
  SendEmail: ['ses:SendEmail'],
};

export interface AwsUsage {
  /** IAM actions the bundled code needs, by service prefix. */
  dynamodb: Set<string>;
  s3: Set<string>;
  cognito: Set<string>;
  ses: Set<string>;
  /** `new XCommand(` names found that this module cannot map: a test must fail on them. */
  unknown: Set<string>;
  /** The repository's own source files in the bundle (functions/, shared/). */
  ownFiles: string[];
  /** Every input that contributed bytes to the bundle. */
  inputs: string[];
}

/**
 * What AWS calls the `api` bundle makes, read from the code esbuild really bundles (its
 * metafile): our own files plus Powertools' DynamoDB persistence layer, scanned for
 * `new …Command(` and, where transactions are written, for their item kinds.
 */
export async function awsUsageOf(bundle: LambdaBundle): Promise<AwsUsage> {
  const { metafile } = await buildLambda(bundle, join(root, '.tmp', 'usage'), root, {
    write: false,
    logLevel: 'silent',
  });
  // Every file of the bundle, the chunks loaded on first use included.
  const inputs = [
    ...new Set(
      Object.values(metafile.outputs).flatMap((output) =>
        Object.entries(output.inputs)
          .filter(([, input]) => input.bytesInOutput > 0)
          .map(([path]) => path),
      ),
    ),
  ];
  const ownFiles = inputs.filter((path) => /^(functions|shared)\//.test(path));
  const libraryCallers = inputs.filter((path) =>
    /@aws-lambda-powertools\/idempotency\/.*persistence\//.test(path),
  );
  const powertoolsSources = libraryCallers.map((path) => readFileSync(join(root, path), 'utf8'));

  const usage: AwsUsage = {
    dynamodb: new Set(),
    s3: new Set(),
    cognito: new Set(),
    ses: new Set(),
    unknown: new Set(),
    ownFiles,
    inputs,
  };
  const sources = [...ownFiles.map((path) => readFileSync(join(root, path), 'utf8')), ...powertoolsSources];
  const writesTransactions = sources.some((source) => /TransactWrite(Items)?Command/.test(source));
  for (const source of sources) {
    for (const [, name] of source.matchAll(/new\s+(?:__)?(\w+?)Command\s*\(/g)) {
      if (!name) continue;
      if (name in dynamoCommands) for (const action of dynamoCommands[name]!) usage.dynamodb.add(action);
      else if (name in s3Commands) for (const action of s3Commands[name]!) usage.s3.add(action);
      else if (name.startsWith('Admin')) usage.cognito.add(`cognito-idp:${name}`);
      else if (name in sesCommands) for (const action of sesCommands[name]!) usage.ses.add(action);
      else usage.unknown.add(name);
    }
    // Transaction items may be built away from the TransactWrite call (e.g. auditPut).
    for (const [, kind] of source.matchAll(/\b(Put|Update|Delete|ConditionCheck)\s*:\s*\{/g)) {
      if (kind && writesTransactions) usage.dynamodb.add(transactionItems[kind]!);
    }
    // Presigned POSTs are PutObject requests signed in advance.
    if (/createPresignedPost\s*\(/.test(source)) usage.s3.add('s3:PutObject');
  }
  return usage;
}
