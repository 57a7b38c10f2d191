/**
 * Least privilege in the spirit of Powertools' `bind(table, 'RO' | 'RW')`: a function gets the
 * DynamoDB, S3 and Cognito actions its code uses, on its own resources, and nothing else. The
 * infra tests compare these lists with the commands the bundled code really sends.
 */
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { tableDefinition } from '../shared/table';

export type Access = 'RO' | 'RW';

/**
 * Transactions have no IAM action of their own: TransactWriteItems is authorised item by item
 * (PutItem, UpdateItem, ConditionCheckItem, DeleteItem). Scan is never granted (DESIGN §5).
 */
export const dynamoActions = {
  RO: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  RW: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:ConditionCheckItem',
  ],
} as const satisfies Record<Access, readonly string[]>;

/** The object actions behind presigned uploads (PutObject) and downloads and HEADs (GetObject). */
export const objectActions = {
  RO: ['s3:GetObject'],
  RW: ['s3:GetObject', 's3:PutObject'],
} as const satisfies Record<Access, readonly string[]>;

/** What the identity directory (functions/adapters/identity/cognito.ts) calls. */
export const memberAdminActions = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminDeleteUser',
] as const;

/** Table and its indexes, named from the shared table definition rather than `index/*`. */
export function bindTable(
  grantee: iam.IGrantable,
  table: dynamodb.ITable,
  access: Access,
  options: { deletes?: boolean } = {},
): iam.Grant {
  const actions: string[] = [...dynamoActions[access]];
  if (options.deletes && access === 'RW') actions.push('dynamodb:DeleteItem');
  return iam.Grant.addToPrincipal({
    grantee,
    actions,
    resourceArns: [
      table.tableArn,
      ...tableDefinition.globalIndexes.map((index) => `${table.tableArn}/index/${index.name}`),
    ],
  });
}

/**
 * Objects under the given prefixes only. ListBucket is granted on the bucket itself because
 * without it S3 answers a HEAD of a missing object with 403 instead of 404.
 */
export function bindBucketPrefixes(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  prefixes: readonly string[],
  access: Access,
): iam.Grant {
  iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [bucket.bucketArn] });
  return iam.Grant.addToPrincipal({
    grantee,
    actions: [...objectActions[access]],
    resourceArns: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
  });
}

/** Inviting and removing members of the pool. */
export function bindMemberAdministration(grantee: iam.IGrantable, userPool: cognito.IUserPool): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: [...memberAdminActions],
    resourceArns: [userPool.userPoolArn],
  });
}
