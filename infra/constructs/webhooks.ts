import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { webhookEvents } from '../../shared/webhook';
import { bindQueueSend, bindWebhookJob, type PortalMail } from '../least-privilege';
import { PortalFunction } from './portal-function';

const newAuditItem = (image: Record<string, unknown>) =>
  lambda.FilterCriteria.filter({
    eventName: lambda.FilterRule.isEqual('INSERT'),
    dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('AUDIT') }, ...image } },
  });

/**
 * How the webhook job reads the stream: only new audit items of the bulletin events webhooks are
 * told of (a revision only when material), as the notify job's mapping. A failing batch is split,
 * retried a few times, then named in the failure queue; the job's delivery ids make a replay post
 * nothing twice.
 */
export const webhookStream = {
  batchSize: 25,
  maxBatchingWindow: Duration.seconds(1),
  retryAttempts: 5,
  maxRecordAge: Duration.hours(1),
  filters: [
    newAuditItem({
      action: { S: lambda.FilterRule.or(...webhookEvents.filter((a) => a !== 'bulletin.revised')) },
    }),
    newAuditItem({
      action: { S: lambda.FilterRule.isEqual('bulletin.revised') },
      details: { M: { material: { BOOL: [true] } } },
    }),
  ],
} as const;

/** Retries are due from a minute after a failure (shared/webhook.ts): the schedule runs every minute. */
export const webhookSchedule = { minute: '*' } as const;

export interface WebhooksProps {
  projectRoot: string;
  table: dynamodb.ITable;
  mail: PortalMail;
  environment: Record<string, string>;
}

/**
 * Webhook delivery in AWS (issue 15): one function on the table stream and on a one-minute
 * schedule, with its own role (`bindWebhookJob`) and failure queue.
 */
export class Webhooks extends Construct {
  readonly function: PortalFunction;
  readonly failures: sqs.Queue;
  readonly mapping: lambda.EventSourceMapping;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: WebhooksProps) {
    super(scope, id);
    this.function = new PortalFunction(this, 'Function', {
      projectRoot: props.projectRoot,
      bundle: 'webhooks',
      serviceName: 'alliance-webhooks',
      description:
        "Posts signed webhook deliveries of organisations' bulletin events, retries and pauses them",
      roleDescription:
        'The webhook job: the table stream, the table items it reads and writes, SendEmail from the portal identity, its failure queue',
      memorySize: 256,
      // 25 events × a few endpoints, each attempt at most 5 s, in parallel per event.
      timeout: Duration.seconds(120),
      environment: props.environment,
    });
    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    bindWebhookJob(this.function, props.table, props.mail);
    bindQueueSend(this.function.executionRole, this.failures);
    const failures = this.failures;
    this.mapping = this.function.addEventSourceMapping('TableStream', {
      eventSourceArn: props.table.tableStreamArn!,
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: webhookStream.batchSize,
      maxBatchingWindow: webhookStream.maxBatchingWindow,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: webhookStream.retryAttempts,
      maxRecordAge: webhookStream.maxRecordAge,
      filters: [...webhookStream.filters],
      onFailure: { bind: () => ({ destination: failures.queueArn }) },
    });
    this.rule = new events.Rule(this, 'EveryMinute', {
      description: 'Retries webhook deliveries that are due and pauses endpoints that have failed for a day',
      schedule: events.Schedule.cron(webhookSchedule),
      targets: [
        new targets.LambdaFunction(this.function, { retryAttempts: 1, maxEventAge: Duration.minutes(5) }),
      ],
    });
  }
}
