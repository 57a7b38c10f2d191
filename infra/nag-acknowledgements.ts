/**
 * Every cdk-nag finding the portal accepts, in one place, each with its reason. Anything not
 * acknowledged here fails `cdk synth` (and the infra tests). Acknowledge on the narrowest
 * construct and, for IAM5, the exact finding (`AwsSolutions-IAM5[Resource::…]`), never a whole rule
 * on the stack.
 */
import { type CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { auditArchivePrefix, fileKeyPrefixes } from '../shared/files';
import { openRoutes, tokenRoutes } from './constructs/api';
import { backupManagedPolicies } from './constructs/backups';
import { guardDutyRulePrefix } from './constructs/malware-scan';
import type { PortalStack } from './stack';

function acknowledge(scope: IConstruct, id: string, reason: string) {
  // aws-cdk-lib records each acknowledgement with the stack trace of this call, absolute paths that
  // differ per checkout, in cdk.out's metadata whatever the context says; without a trace, cdk.out
  // is the same in any folder (docs/infra.md).
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    Validations.of(scope).acknowledge({ id, reason });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** How cdk-nag spells a resource ARN in an IAM5 finding: `<LogicalId.Arn>`. */
function arnToken(scope: IConstruct) {
  return `<${Stack.of(scope).getLogicalId(scope.node.defaultChild as CfnElement)}.Arn>`;
}

/** The CDK assets bucket's objects as cdk-nag prints them: pseudo parameters stay symbolic until known. */
function assetsBucketObjects(stack: Stack) {
  const known = (value: string, symbol: string) => (Token.isUnresolved(value) ? `<${symbol}>` : value);
  const partition = known(stack.partition, 'AWS::Partition');
  const account = known(stack.account, 'AWS::AccountId');
  const region = known(stack.region, 'AWS::Region');
  return `arn:${partition}:s3:::cdk-hnb659fds-assets-${account}-${region}/*`;
}

export function acknowledgeNagFindings(stack: PortalStack): void {
  const { api, web, data, jobs } = stack;
  const apiPolicy = api.function.role!.node.findChild('DefaultPolicy');
  const { auditArchive } = jobs;
  const archivePolicy = auditArchive.function.role!.node.findChild('DefaultPolicy');

  // --- the api Lambda -----------------------------------------------------------------------
  acknowledge(
    api.function,
    'AwsSolutions-L1',
    'nodejs22.x is the runtime the code and toolchain are tested on (docs/decisions.md); a newer one is adopted deliberately, not by a linter.',
  );
  acknowledge(
    apiPolicy,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
  );
  for (const prefix of Object.values(fileKeyPrefixes)) {
    acknowledge(
      apiPolicy,
      `AwsSolutions-IAM5[Resource::${arnToken(data.filesBucket)}/${prefix}*]`,
      `Object keys under ${prefix} are chosen by the server per upload; the grant stops at this prefix of the files bucket.`,
    );
  }
  for (const secret of [api.cursorKey, api.originSecret]) {
    acknowledge(
      secret,
      'AwsSolutions-SMG4',
      'Rotated by an operator with one put-secret-value (docs/runbooks.md), not a rotation Lambda: the api accepts AWSCURRENT and AWSPREVIOUS, so a rotation drops no cursor and no request.',
    );
  }
  for (const route of openRoutes) {
    for (const method of route.methods) {
      const routeId = `${method}${route.path}`.replace(/\//g, '--');
      acknowledge(
        api.httpApi.node.findChild(routeId),
        'AwsSolutions-APIG4',
        `${method} ${route.path} is public by design (functions/settings/public-paths.ts: health check, API description, TLP:CLEAR feed); the app serves nothing else there.`,
      );
    }
  }
  for (const route of tokenRoutes) {
    for (const method of route.methods) {
      const routeId = `${method}${route.path}`.replace(/\//g, '--');
      acknowledge(
        api.httpApi.node.findChild(routeId),
        'AwsSolutions-APIG4',
        `${method} ${route.path} takes an API token (shared/api-token-rules.ts), which is not a Cognito JWT: the api's auth middleware verifies every request there, token or JWT, and refuses one with neither.`,
      );
    }
  }

  // --- GuardDuty Malware Protection for S3 (./constructs/malware-scan.ts) -----------------------
  const scanPolicy = stack.malwareScan.node.findChild('Policy');
  const known = (value: string, symbol: string) => (Token.isUnresolved(value) ? `<${symbol}>` : value);
  acknowledge(
    scanPolicy,
    `AwsSolutions-IAM5[Resource::arn:${known(stack.partition, 'AWS::Partition')}:events:${known(stack.region, 'AWS::Region')}:${known(stack.account, 'AWS::AccountId')}:rule/${guardDutyRulePrefix}*]`,
    'GuardDuty names the EventBridge rule it creates for the protected bucket itself; the documented grant stops at its fixed name prefix, and changes only rules GuardDuty manages (events:ManagedBy).',
  );
  for (const prefix of Object.values(fileKeyPrefixes)) {
    acknowledge(
      scanPolicy,
      `AwsSolutions-IAM5[Resource::${arnToken(data.filesBucket)}/${prefix}*]`,
      `GuardDuty reads and tags every new upload under ${prefix}, whose keys the server chooses per upload; the grant stops at this prefix of the files bucket.`,
    );
  }

  // --- the audit archive job ---------------------------------------------------------------
  acknowledge(
    auditArchive.function,
    'AwsSolutions-L1',
    'nodejs22.x, as the api: the runtime the code and toolchain are tested on (docs/decisions.md); a newer one is adopted deliberately, not by a linter.',
  );
  acknowledge(
    archivePolicy,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords) and dynamodb:ListStreams, which Lambda checks before reading the stream, support no resource-level permissions; the stream reads themselves are granted on this table’s stream only.',
  );
  acknowledge(
    archivePolicy,
    `AwsSolutions-IAM5[Resource::${arnToken(data.auditBucket)}/${auditArchivePrefix}*]`,
    `The job names each archived event’s object itself (organisation, day, time, request id), so it may add objects anywhere under ${auditArchivePrefix} of the audit bucket, with s3:PutObject alone: Object Lock keeps every version of them from being changed or deleted.`,
  );
  acknowledge(
    auditArchive.failures,
    'AwsSolutions-SQS3',
    'This queue is itself the dead-letter destination: the stream mapping’s on-failure destination for batches it gave up on. Nothing consumes it automatically; an alarm calls an operator to replay the named records.',
  );

  // --- the daily audit comparison ---------------------------------------------------------
  const { auditComparison } = jobs;
  const comparisonPolicy = auditComparison.function.role!.node.findChild('DefaultPolicy');
  acknowledge(
    auditComparison.function,
    'AwsSolutions-L1',
    'nodejs22.x, as the api: the runtime the code and toolchain are tested on (docs/decisions.md); a newer one is adopted deliberately, not by a linter.',
  );
  acknowledge(
    comparisonPolicy,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
  );
  acknowledge(
    comparisonPolicy,
    `AwsSolutions-IAM5[Resource::${arnToken(data.auditBucket)}/${auditArchivePrefix}*]`,
    `The job reads every archived event of the months it compares, named by organisation, day, time and request id, so it may read (s3:GetObject alone) anywhere under ${auditArchivePrefix} of the audit bucket.`,
  );

  // --- notifications: the notify job, reminders and digests, the bounce handler -------------
  const { notify } = stack;
  for (const fn of [notify.notify, notify.schedule, notify.bounces, notify.webhooks.function]) {
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'nodejs22.x, as the api: the runtime the code and toolchain are tested on (docs/decisions.md); a newer one is adopted deliberately, not by a linter.',
    );
  }
  for (const fn of [notify.notify, notify.webhooks.function]) {
    acknowledge(
      fn.role!.node.findChild('DefaultPolicy'),
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords) and dynamodb:ListStreams, which Lambda checks before reading the stream, support no resource-level permissions; the stream reads are granted on this table’s stream only, SendEmail on the portal’s identity and configuration set only.',
    );
  }
  for (const fn of [notify.schedule, notify.bounces]) {
    acknowledge(
      fn.role!.node.findChild('DefaultPolicy'),
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    );
  }
  for (const queue of [notify.notifyFailures, notify.bounceFailures, notify.webhooks.failures]) {
    acknowledge(
      queue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter destination (of the notify or webhook stream mapping, or of the bounce handler’s asynchronous invocations). Nothing consumes it automatically; an alarm calls an operator to replay what it names.',
    );
  }

  // --- CloudFront ---------------------------------------------------------------------------
  acknowledge(
    web.distribution,
    'AwsSolutions-CFR1',
    'Alliance members and partner agencies travel and work worldwide; access is decided by sign-in, MFA and TLP, not by geography.',
  );
  if (!web.hasWebAcl) {
    acknowledge(
      web.distribution,
      'AwsSolutions-CFR2',
      'Staging before its edge stack is deployed (docs/runbooks.md, first deploy): the web ACL lives in us-east-1 and its ARN goes into cdk.json. Production refuses to synthesize without one (infra/stages.ts).',
    );
  }
  if (!stack.web.hasCustomDomain) {
    acknowledge(
      web.distribution,
      'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate fixes the viewer policy; browsers negotiate TLS 1.2+ anyway. With a custom domain (context domainName) the distribution enforces TLSv1.2_2021 and this acknowledgement is not made.',
    );
  }

  // --- AWS Backup ----------------------------------------------------------------------------
  for (const policy of backupManagedPolicies) {
    acknowledge(
      stack.backups.role,
      `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
      'AWS Backup’s own service-role policies, which AWS keeps in step with what backup and restore of DynamoDB and S3 call; the plan’s selection limits it to the table and two buckets, and the data key’s policy names this role.',
    );
  }

  // --- BucketDeployment's provider Lambda (aws-cdk-lib's, not ours) --------------------------
  for (const provider of stack.node.children.filter((c) =>
    c.node.id.startsWith('Custom::CDKBucketDeployment'),
  )) {
    const reason =
      'aws-cdk-lib BucketDeployment provider: runs only during deployment to copy web/dist into the web bucket and invalidate CloudFront; its role and runtime are managed by aws-cdk-lib.';
    acknowledge(provider, 'AwsSolutions-L1', reason);
    acknowledge(
      provider,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason,
    );
    for (const finding of [
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Resource::*',
      `Resource::${assetsBucketObjects(stack)}`,
      `Resource::${arnToken(data.webBucket)}/*`,
    ]) {
      acknowledge(provider, `AwsSolutions-IAM5[${finding}]`, reason);
    }
  }
}
