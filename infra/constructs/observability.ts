import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { jobMetrics } from '../../functions/jobs/metrics';

export interface ObservabilityProps {
  functions: lambda.IFunction[];
  httpApi: apigw.IHttpApi;
  table: dynamodb.ITable;
  /** Functions fed by the table's stream, with the queue their failed batches go to. */
  streamJobs?: { function: lambda.IFunction; failures: sqs.IQueue }[];
  /** Alarm on the audit trail's tamper metrics (functions/jobs/metrics.ts). */
  auditTrail?: boolean;
  /** Who hears about alarms; without it, subscribe to the topic by hand. */
  alarmEmail?: string;
}

const fiveMinutes = Duration.minutes(5);

/** Alarms on what breaks users (errors, throttling, 5xx), an SNS topic for them, a dashboard. */
export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);

    this.topic = new sns.Topic(this, 'Alarms', { displayName: 'Alliance portal alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const created = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No traffic is not an outage.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      created.addOkAction(new actions.SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };

    for (const fn of props.functions) {
      const name = fn.node.scope?.node.id ?? fn.node.id;
      alarm(
        `${name}Errors`,
        fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        `${name} Lambda failed`,
      );
      alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        1,
        `${name} Lambda was throttled`,
      );
    }
    const api5xx = props.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' });
    alarm('Api5xx', api5xx, 5, 'The HTTP API answered 5xx');
    const readThrottles = props.table.metric('ReadThrottleEvents', { period: fiveMinutes, statistic: 'Sum' });
    const writeThrottles = props.table.metric('WriteThrottleEvents', {
      period: fiveMinutes,
      statistic: 'Sum',
    });
    alarm('TableReadThrottles', readThrottles, 1, 'DynamoDB throttled reads');
    alarm('TableWriteThrottles', writeThrottles, 1, 'DynamoDB throttled writes');

    // A stream job that falls behind or gives up on a batch leaves a gap in what it copies (for
    // the audit archive: in the tamper evidence); the stream keeps records for 24 hours only.
    const iteratorAges: cloudwatch.IMetric[] = [];
    for (const job of props.streamJobs ?? []) {
      const name = job.function.node.scope?.node.id ?? job.function.node.id;
      const iteratorAge = job.function.metric('IteratorAge', { period: fiveMinutes, statistic: 'Maximum' });
      iteratorAges.push(iteratorAge);
      alarm(
        `${name}IteratorAge`,
        iteratorAge,
        Duration.hours(1).toMilliseconds(),
        `${name} is more than an hour behind the table stream (records expire after 24 hours)`,
      );
      alarm(
        `${name}FailedBatches`,
        job.failures.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
        1,
        `${name} gave up on a batch: its failure queue names the shard and sequence numbers to replay`,
      );
    }

    // The audit trail is append-only: any change or removal of an audit item is an incident,
    // and so is any difference the daily comparison with the archive finds.
    if (props.auditTrail) {
      alarm(
        'AuditItemChanged',
        new cloudwatch.Metric({
          namespace: jobMetrics.namespace,
          metricName: jobMetrics.auditItemsChanged,
          period: fiveMinutes,
          statistic: 'Sum',
        }),
        1,
        'An audit item was changed or deleted in the table (the archive job saw a MODIFY or REMOVE): see its logs',
      );
      alarm(
        'AuditArchiveDiffers',
        new cloudwatch.Metric({
          namespace: jobMetrics.namespace,
          metricName: jobMetrics.auditArchiveDifferences,
          // Published once a day: the alarm holds for the day it was found.
          period: Duration.days(1),
          statistic: 'Maximum',
        }),
        1,
        'The daily comparison found the audit trail in the table differing from its archive: see its logs',
      );
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(24),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'API requests and errors',
            left: [
              props.httpApi.metricCount({ period: fiveMinutes, statistic: 'Sum' }),
              props.httpApi.metricClientError({ period: fiveMinutes, statistic: 'Sum' }),
              api5xx,
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'API latency (p50, p99)',
            left: [
              props.httpApi.metricLatency({ period: fiveMinutes, statistic: 'p50' }),
              props.httpApi.metricLatency({ period: fiveMinutes, statistic: 'p99' }),
            ],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Lambda duration (p99), errors, throttles',
            left: props.functions.map((fn) => fn.metricDuration({ period: fiveMinutes, statistic: 'p99' })),
            right: props.functions.flatMap((fn) => [
              fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
              fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
            ]),
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'DynamoDB capacity and throttles',
            left: [
              props.table.metricConsumedReadCapacityUnits({ period: fiveMinutes, statistic: 'Sum' }),
              props.table.metricConsumedWriteCapacityUnits({ period: fiveMinutes, statistic: 'Sum' }),
            ],
            right: [readThrottles, writeThrottles],
            width: 12,
          }),
        ],
        ...(iteratorAges.length > 0
          ? [
              [
                new cloudwatch.GraphWidget({
                  title: 'Stream jobs: iterator age (max)',
                  left: iteratorAges,
                  width: 24,
                }),
              ],
            ]
          : []),
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
      ],
    });
  }
}
