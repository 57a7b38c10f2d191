/**
 * Least privilege in the spirit of Powertools' `bind(table, 'RO' | 'RW')`: a function gets the
 * DynamoDB, S3 and Cognito actions its code uses, on its own resources, and nothing else. The
 * infra tests compare these lists with the commands the bundled code really sends.
 */
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { environmentVariables } from '../functions/settings/environment';
import { keys, tableDefinition } from '../shared/table';

export type Access = 'RO' | 'RW';

/**
 * Transactions have no IAM action of their own: TransactWriteItems is authorised item by item
 * (PutItem, UpdateItem, ConditionCheckItem, DeleteItem). Scan is never granted (docs/data-model.md).
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
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
  'cognito-idp:AdminRemoveUserFromGroup',
] as const;

/**
 * What Lambda's poller does with the execution role to read a table's stream. ListStreams acts on
 * no resource in IAM (CDK's `grantStreamRead` grants it on `*` too), yet Lambda checks for it when
 * it creates the mapping; the other three are granted on this table's stream only.
 */
export const streamReadActions = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
] as const;
export const listStreamsAction = 'dynamodb:ListStreams';

/**
 * Table and its indexes, named from the shared table definition rather than `index/*`; the
 * function is told the table's name in the same step, so a grant and its setting cannot drift.
 */
export function bindTable(
  fn: lambda.Function,
  table: dynamodb.ITable,
  access: Access,
  options: { deletes?: boolean } = {},
): iam.Grant {
  const actions: string[] = [...dynamoActions[access]];
  if (options.deletes && access === 'RW') actions.push('dynamodb:DeleteItem');
  fn.addEnvironment(environmentVariables.tableName, table.tableName);
  return iam.Grant.addToPrincipal({
    grantee: fn,
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

/**
 * Reading the tags of objects under the given prefixes: downloads check GuardDuty's scan status
 * tag (functions/adapters/s3/files.ts); no other tag is read and none is written.
 */
export function bindScanStatusReads(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  prefixes: readonly string[],
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetObjectTagging'],
    resourceArns: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
  });
}

/**
 * Deleting objects under the given prefixes only: the api discards the file of a document upload
 * that was never completed or of a discarded bulletin attachment, and deletes nothing else.
 */
export function bindObjectDeletes(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  prefixes: readonly string[],
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:DeleteObject'],
    resourceArns: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
  });
}

/** Inviting, suspending, reinstating, re-roling and removing members of the pool. */
export function bindMemberAdministration(grantee: iam.IGrantable, userPool: cognito.IUserPool): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: [...memberAdminActions],
    resourceArns: [userPool.userPoolArn],
  });
}

/** An event source mapping reading the table's stream with the grantee's role. */
export function bindTableStream(grantee: iam.IGrantable, table: dynamodb.ITable): iam.Grant {
  if (!table.tableStreamArn) throw new Error(`${table.node.path} has no stream`);
  iam.Grant.addToPrincipal({ grantee, actions: [listStreamsAction], resourceArns: ['*'] });
  return iam.Grant.addToPrincipal({
    grantee,
    actions: [...streamReadActions],
    resourceArns: [table.tableStreamArn],
  });
}

/**
 * New objects under the given prefixes, nothing else: no reading, listing, deleting, nor setting
 * retention (an Object Lock bucket's default retention applies without s3:PutObjectRetention).
 */
export function bindObjectWrites(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  prefixes: readonly string[],
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:PutObject'],
    resourceArns: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
  });
}

/**
 * Sending to a queue, as an event source mapping's on-failure destination does with the function's
 * role; SendMessage is all it calls (CDK's SqsDlq would add GetQueueAttributes and GetQueueUrl).
 */
export function bindQueueSend(grantee: iam.IGrantable, queue: sqs.IQueue): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
}

/**
 * What no role may do to an audit item: change it or remove it. Transactions are authorised item
 * by item with these same actions, so a transaction cannot slip past; BatchWriteItem is denied
 * too though nothing is granted it, so a later grant cannot open the trail. PutItem cannot be
 * denied (the api writes new events with it): the api always puts events with
 * `attribute_not_exists(pk)`, and an overwrite would reach the stream as a MODIFY, whose alarm
 * rings (infra/constructs/observability.ts).
 */
export const auditChangeActions = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/** The IAM condition matching requests on audit items: their partition key starts `AUDIT#`. */
export const auditItemsCondition = {
  'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${keys.auditPartitionPrefix}*`] },
};

/** An explicit Deny (it beats any Allow) on changing or removing audit items of the table. */
export function denyAuditChanges(role: iam.IRole, table: dynamodb.ITable): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'AuditTrailIsAppendOnly',
      effect: iam.Effect.DENY,
      actions: [...auditChangeActions],
      resources: [table.tableArn],
      conditions: auditItemsCondition,
    }),
  );
}

/**
 * Queries of the audit partitions only: every partition key the request names must start with
 * `AUDIT#` (ForAllValues), so the rest of the table stays unreadable. Sets the table's name, as
 * `bindTable` does.
 */
export function bindAuditQueries(fn: lambda.Function, table: dynamodb.ITable): iam.Grant {
  fn.addEnvironment(environmentVariables.tableName, table.tableName);
  return iam.Grant.addToPrincipal({
    grantee: fn,
    actions: ['dynamodb:Query'],
    resourceArns: [table.tableArn],
    conditions: {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${keys.auditPartitionPrefix}*`] },
    },
  });
}

/** Listing and reading objects under the given prefix, nothing else (no writes, no deletes). */
export function bindPrefixReads(grantee: iam.IGrantable, bucket: s3.IBucket, prefix: string): iam.Grant {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:ListBucket'],
    resourceArns: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
  });
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetObject'],
    resourceArns: [bucket.arnForObjects(`${prefix}*`)],
  });
}

/** The one SES v2 call the notification functions make (SendEmail, no raw mail, no templates). */
export const mailSendActions = ['ses:SendEmail'] as const;

/** What a function needs to know to send the portal's mail, and may send with. */
export interface PortalMail {
  /** `arn:…:identity/<domain>`: the portal's verified SES identity. */
  identityArn: string;
  /** `arn:…:configuration-set/<name>`: SES authorises a send with a configuration set on it too. */
  configurationSetArn: string;
  configurationSetName: string;
  /** The one From address the portal sends with, at the identity's domain. */
  fromAddress: string;
}

/**
 * Sending mail from the portal's identity, with its configuration set, from its one address:
 * `ses:SendEmail` on those two resources only, and only with that From (`ses:FromAddress`), so
 * a compromised function cannot mail from any other identity of the account or as anyone else.
 * Sets the From address and the configuration set's name with the grant, as `bindTable` does.
 */
export function bindMailSend(fn: lambda.Function, mail: PortalMail): iam.Grant {
  fn.addEnvironment(environmentVariables.mailFrom, mail.fromAddress);
  fn.addEnvironment(environmentVariables.sesConfigurationSet, mail.configurationSetName);
  return iam.Grant.addToPrincipal({
    grantee: fn,
    actions: [...mailSendActions],
    resourceArns: [mail.identityArn, mail.configurationSetArn],
    conditions: { StringEquals: { 'ses:FromAddress': mail.fromAddress } },
  });
}

/**
 * The table as the notification functions use it (functions/jobs/notify.ts and the notification
 * store, functions/adapters/dynamodb/notification-store.ts): they read items, members and
 * preferences, write notifications, unread counters and once-only mail marks, and delete a mark
 * whose mail failed (so the retry sends it) or a reminder entry that is done. So `RW` with
 * deletes, on this table and its indexes, and, as for the api, never a change to an audit item.
 */
export function bindNotificationTable(fn: lambda.Function, table: dynamodb.ITable): iam.Grant {
  denyAuditChanges(fn.role!, table);
  return bindTable(fn, table, 'RW', { deletes: true });
}

/**
 * The webhook job (functions/jobs/webhooks.ts, docs/interoperability.md) as its code uses AWS:
 * - the table's stream, to read the audit items of bulletin events (`bindTableStream`);
 * - the table as the notification functions use it (`bindNotificationTable`): it reads bulletins,
 *   webhooks (with their signing secrets), deliveries due (GSI1) and failing webhooks (GSI2),
 *   members and preferences; it puts deliveries, updates a webhook's failing and paused state, and
 *   for the pause notice writes notifications and once-only mail marks and deletes a mark whose
 *   mail failed; never a change to an audit item;
 * - `ses:SendEmail` from the portal's identity, for the pause notice to org admins (`bindMailSend`).
 * Posting to the endpoints is plain HTTPS from the Lambda's own network, no AWS permission: the
 * function is in no VPC, so it reaches nothing of the account's private networks, and the job
 * refuses every address that is not on the public internet when it connects.
 */
export function bindWebhookJob(
  fn: lambda.Function & { executionRole: iam.IGrantable },
  table: dynamodb.ITable,
  mail: PortalMail,
): void {
  bindTableStream(fn.executionRole, table);
  bindNotificationTable(fn, table);
  bindMailSend(fn, mail);
}
