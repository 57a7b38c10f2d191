import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { environmentVariables as setting } from '../../functions/settings/environment';
import { auditArchivePrefix } from '../../shared/files';
import {
  bindAuditQueries,
  bindObjectWrites,
  bindPrefixReads,
  bindQueueSend,
  bindTableStream,
} from '../least-privilege';
import { PortalFunction } from './portal-function';

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
 * (functions/jobs/audit-archive.ts): the tamper-evident trail of docs/audit-trail.md. Its role may
 * read this table's stream, add objects under `audit/` and report failed batches, nothing else.
 */
export class AuditArchive extends Construct {
  readonly function: PortalFunction;
  readonly logGroup: logs.LogGroup;
  /** Where Lambda reports a batch it gave up on (shard and sequence numbers, not the records). */
  readonly failures: sqs.Queue;
  readonly mapping: lambda.EventSourceMapping;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);

    this.function = new PortalFunction(this, 'Function', {
      projectRoot: props.projectRoot,
      bundle: 'auditArchive',
      serviceName: 'alliance-audit-archive',
      description: 'Copies audit events from the table stream into the Object Lock audit bucket',
      roleDescription:
        'The audit archive job: the table stream, audit/ in the audit bucket, its failure queue',
      // A batch is at most 100 small PutObjects in sequence: seconds, not minutes.
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment: { [setting.auditBucket]: props.auditBucket.bucketName },
    });
    this.logGroup = this.function.functionLogs;
    const role = this.function.executionRole;

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

/** When the daily comparison runs: early morning UTC, once yesterday's events are all archived. */
export const auditComparisonSchedule = { hour: '3', minute: '15' } as const;

/**
 * Compares the table's audit trail with the archive once a day (functions/jobs/audit-compare.ts)
 * and counts the differences in a metric the observability construct alarms on. Its role may
 * Query the table's audit partitions and list and read `audit/` of the audit bucket, nothing else.
 */
export class AuditComparison extends Construct {
  readonly function: PortalFunction;
  readonly logGroup: logs.LogGroup;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);

    this.function = new PortalFunction(this, 'Function', {
      projectRoot: props.projectRoot,
      bundle: 'auditCompare',
      serviceName: 'alliance-audit-compare',
      description: "Compares the table's audit trail with the Object Lock archive, daily",
      roleDescription:
        'The daily audit comparison: Query on audit partitions, read audit/ of the audit bucket',
      memorySize: 512,
      // Two months of every organisation's trail, read ten objects at a time.
      timeout: Duration.minutes(15),
      environment: { [setting.auditBucket]: props.auditBucket.bucketName },
    });
    this.logGroup = this.function.functionLogs;
    const role = this.function.executionRole;

    // Sets TABLE_NAME with the grant.
    bindAuditQueries(this.function, props.table);
    bindPrefixReads(role, props.auditBucket, auditArchivePrefix);

    this.schedule = new events.Rule(this, 'Daily', {
      description: 'Runs the audit comparison once a day',
      schedule: events.Schedule.cron(auditComparisonSchedule),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 2 })],
    });
  }
}

/**
 * Functions that run off the request path: the audit archive on the table stream and its daily
 * comparison; scheduled ones (reminders, mail) will sit here too, bundled by infra/bundling.ts and
 * granted by infra/least-privilege.ts.
 */
export class Jobs extends Construct {
  readonly auditArchive: AuditArchive;
  readonly auditComparison: AuditComparison;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    this.auditArchive = new AuditArchive(this, 'AuditArchive', props);
    this.auditComparison = new AuditComparison(this, 'AuditComparison', props);
  }
}
