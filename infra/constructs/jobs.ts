import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { auditArchivePrefix } from '../../shared/files';
import { bundledCode, lambdaHandler } from '../bundled-code';
import { bindObjectWrites, bindQueueSend, bindTableStream } from '../least-privilege';

export interface JobsProps {
  /** Repository root: the jobs are bundled from here like the api (infra/bundling.ts). */
  projectRoot: string;
  /** The table, with its stream enabled (./data.ts). */
  table: dynamodb.ITable;
  /** Object Lock bucket the audit trail is copied into. */
  auditBucket: s3.IBucket;
}

/** The item attribute the stream filter reads: audit items carry `type: 'AUDIT'` (audit-item.ts). */
const auditItem = { type: { S: lambda.FilterRule.isEqual('AUDIT') } };

/**
 * How the archive reads the stream. The job names the first record it could not archive, so a
 * retry starts there instead of re-archiving the whole batch; a batch that still fails is split
 * to isolate the bad record, retried, then given up on at most six hours after it was written,
 * so the failure queue names it while the stream (24 hours) still holds it for a replay.
 */
export const auditArchiveStream = {
  batchSize: 100,
  maxBatchingWindow: Duration.seconds(5),
  retryAttempts: 10,
  maxRecordAge: Duration.hours(6),
  /** Only audit items invoke the job; a change to or removal of one is evidence too. */
  filters: [
    lambda.FilterCriteria.filter({ dynamodb: { NewImage: auditItem } }),
    lambda.FilterCriteria.filter({ dynamodb: { OldImage: auditItem } }),
  ],
} as const;

/**
 * Copies every audit event, as the table's stream delivers it, into the Object Lock bucket
 * (functions/jobs/audit-archive.ts): the tamper-evident trail of DESIGN §1 and §9. Its role may
 * read this table's stream, add objects under `audit/` and report failed batches, nothing else.
 */
export class AuditArchive extends Construct {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  /** Where Lambda reports a batch it gave up on (shard and sequence numbers, not the records). */
  readonly failures: sqs.Queue;
  readonly mapping: lambda.EventSourceMapping;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'The audit archive job: the table stream, audit/ in the audit bucket, its failure queue',
    });
    this.logGroup.grantWrite(role);

    this.function = new lambda.Function(this, 'Function', {
      code: bundledCode(props.projectRoot, 'auditArchive'),
      handler: lambdaHandler,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      // A batch is at most 100 small PutObjects in sequence: seconds, not minutes.
      memorySize: 256,
      timeout: Duration.seconds(60),
      role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        AUDIT_BUCKET: props.auditBucket.bucketName,
        POWERTOOLS_SERVICE_NAME: 'alliance-audit-archive',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'AlliancePortal',
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
      },
      description: 'Copies audit events from the table stream into the Object Lock audit bucket',
    });

    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps anything: time to find and replay a gap in the archive.
      retentionPeriod: Duration.days(14),
    });

    bindTableStream(role, props.table);
    bindObjectWrites(role, props.auditBucket, [auditArchivePrefix]);
    bindQueueSend(role, this.failures);

    const failures = this.failures;
    this.mapping = this.function.addEventSourceMapping('TableStream', {
      eventSourceArn: props.table.tableStreamArn!,
      // Everything still in the stream on first deployment, so no audit event is skipped.
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: auditArchiveStream.batchSize,
      maxBatchingWindow: auditArchiveStream.maxBatchingWindow,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: auditArchiveStream.retryAttempts,
      maxRecordAge: auditArchiveStream.maxRecordAge,
      filters: [...auditArchiveStream.filters],
      // Not CDK's SqsDlq: it would also grant GetQueueAttributes and GetQueueUrl, which Lambda
      // does not call; bindQueueSend above grants SendMessage alone.
      onFailure: { bind: () => ({ destination: failures.queueArn }) },
    });
  }
}

/**
 * Functions that run off the request path. For now the audit archive; scheduled ones (reminders,
 * mail) will sit here too, bundled by infra/bundling.ts and granted by infra/least-privilege.ts.
 */
export class Jobs extends Construct {
  readonly auditArchive: AuditArchive;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    this.auditArchive = new AuditArchive(this, 'AuditArchive', props);
  }
}
