import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { readableVersionStages, environmentVariables as setting } from '../../functions/settings/environment';
import { notifyingActions } from '../../shared/notification';
import {
  bindMailSend,
  bindNotificationTable,
  bindQueueSend,
  bindTableStream,
  type PortalMail,
} from '../least-privilege';
import { PortalFunction } from './portal-function';
import { Webhooks } from './webhooks';

/** The domain mail is sent from when no `mailDomain` context is given (synthesis and tests only). */
export const defaultMailDomain = 'alliance-portal.example';

/** Context that keeps Cognito on its own mail until the domain is verified (`-c cognitoMailViaSes=false`). */
export const cognitoMailContext = 'cognitoMailViaSes';

/** The local parts of the portal's two senders at the mail domain. */
export const mailSenders = {
  /** Notifications, reminders and digests (the notify functions). */
  notifications: 'notifications',
  /** Cognito's invitations and account mail. */
  accounts: 'no-reply',
} as const;

/**
 * The audit actions the notify job acts on, as it reads them (`notifyingActions`,
 * shared/notification.ts). Every write of the portal puts an audit item in the same transaction
 * (functions/adapters/dynamodb/audit-item.ts), so these items are the events, each exactly once
 * in the stream. A revision notifies only when material (`eventOfAudit`), so the filter asks for
 * that too.
 */
export const notifiedAuditActions = Object.keys(notifyingActions);
const materialOnly = 'bulletin.revised';

const newAuditItem = (image: Record<string, unknown>) =>
  lambda.FilterCriteria.filter({
    eventName: lambda.FilterRule.isEqual('INSERT'),
    dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('AUDIT') }, ...image } },
  });

/**
 * How the notify job reads the stream. Only new audit items of the actions above invoke it (the
 * rest of the table's traffic, reads recorded for restricted material included, never does). A
 * failing batch is split to isolate the bad record and retried a few times, then named in the
 * failure queue: mail is worth little hours late, and the job deduplicates, so a replay from the
 * queue sends nothing twice.
 */
export const notifyStream = {
  batchSize: 25,
  maxBatchingWindow: Duration.seconds(1),
  retryAttempts: 5,
  maxRecordAge: Duration.hours(1),
  parallelizationFactor: 1,
  filters: [
    newAuditItem({
      action: { S: lambda.FilterRule.or(...notifiedAuditActions.filter((a) => a !== materialOnly)) },
    }),
    newAuditItem({
      action: { S: lambda.FilterRule.isEqual(materialOnly) },
      details: { M: { material: { BOOL: [true] } } },
    }),
  ],
} as const;

/**
 * When the reminders and digests job runs (functions/jobs/reminders.handler.ts): every hour on
 * the hour. Each run sends the reminder steps that have come (each step once: its id is
 * deterministic) and the digests of members whose chosen hour it is in their own time zone.
 */
export const notifySchedule = { minute: '0' } as const;

/** SES's own review thresholds are 5 % bounces and 0.1 % complaints: the alarms ring at them. */
export const mailReputationAlarms = { bounceRate: 0.05, complaintRate: 0.001 } as const;

export interface NotifyProps {
  /** Repository root: the functions are bundled from here (infra/bundling.ts). */
  projectRoot: string;
  /** The table, with its stream enabled (./data.ts). */
  table: dynamodb.ITable;
  /** The site's address: mails link to items and preferences there (sign-in required). */
  siteUrl: string;
  /** The domain the portal sends from, verified in SES (docs/notifications-aws.md). */
  mailDomain: string;
}

/**
 * Notifications in AWS (issue 12): the SES identity and configuration set the portal mails
 * through, the notify job on the table stream, the scheduled job for reminders and digests, and
 * the handler of bounces and complaints. Each function has its own role with the table access
 * its code uses and, for the two that mail, `ses:SendEmail` from the portal's identity alone.
 * Cognito's invitations go through the same identity (`cognitoEmail`, for ./identity.ts).
 */
export class Notify extends Construct {
  readonly emailIdentity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  /** SES publishes bounces and complaints here; the bounce handler is subscribed. */
  readonly mailEvents: sns.Topic;
  readonly mail: PortalMail;
  readonly notify: PortalFunction;
  readonly schedule: PortalFunction;
  readonly bounces: PortalFunction;
  /** Webhook deliveries (issue 15): they mail org admins through the same identity when an endpoint is paused. */
  readonly webhooks: Webhooks;
  /** Batches of the stream the notify job gave up on. */
  readonly notifyFailures: sqs.Queue;
  /** Invocations of the bounce handler that failed after Lambda's retries. */
  readonly bounceFailures: sqs.Queue;
  readonly mapping: lambda.EventSourceMapping;
  readonly rule: events.Rule;
  /**
   * Cognito's user-invitation mail, through the portal's identity and configuration set; none
   * (Cognito's own mail) with context `cognitoMailViaSes=false`, for the first deployment of a
   * domain SES has not verified yet: Cognito refuses an unverified identity
   * (docs/notifications-aws.md).
   */
  readonly cognitoEmail: cognito.UserPoolEmail | undefined;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: NotifyProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // --- SES: the identity, a configuration set, bounces and complaints to SNS ------------------
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      // Per-set bounce and complaint rates, besides the account's.
      reputationMetrics: true,
      // Never to an address that bounced or complained, account-wide (SES's suppression list).
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      // Mail leaves SES only over TLS: it names labels and organisations.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.emailIdentity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.mailDomain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
    });
    this.mailEvents = new sns.Topic(this, 'MailEvents', {
      displayName: 'Alliance portal mail bounces and complaints',
      enforceSSL: true,
    });
    new ses.ConfigurationSetEventDestination(this, 'BouncesAndComplaints', {
      configurationSet: this.configurationSet,
      destination: ses.EventDestination.snsTopic(this.mailEvents),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    this.mail = {
      identityArn: this.emailIdentity.emailIdentityArn,
      configurationSetArn: stack.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
      }),
      configurationSetName: this.configurationSet.configurationSetName,
      fromAddress: `${mailSenders.notifications}@${props.mailDomain}`,
    };
    const cognitoViaSes = String(this.node.tryGetContext(cognitoMailContext) ?? 'true') !== 'false';
    this.cognitoEmail = !cognitoViaSes
      ? undefined
      : cognito.UserPoolEmail.withSES({
          fromEmail: `${mailSenders.accounts}@${props.mailDomain}`,
          fromName: 'Alliance portal',
          sesVerifiedDomain: props.mailDomain,
          // The identity above is in this stack's region.
          sesRegion: stack.region,
          configurationSetName: this.configurationSet.configurationSetName,
        });
    const siteSetting = { [setting.publicBaseUrl]: props.siteUrl };

    // --- the notify job on the table stream ------------------------------------------------------
    const notifyScope = new Construct(this, 'Stream');
    this.notify = new PortalFunction(notifyScope, 'Function', {
      projectRoot: props.projectRoot,
      bundle: 'notify',
      serviceName: 'alliance-notify',
      description: 'Notifies members of published, revised and acknowledged items from the table stream',
      roleDescription:
        'The notify job: the table stream, the table items it reads and writes, SendEmail from the portal identity, its failure queue',
      // A batch is at most 25 events, each a few reads, writes and mails.
      memorySize: 512,
      timeout: Duration.seconds(60),
      environment: siteSetting,
    });
    this.notifyFailures = new sqs.Queue(notifyScope, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    bindTableStream(this.notify.executionRole, props.table);
    bindNotificationTable(this.notify, props.table);
    bindMailSend(this.notify, this.mail);
    bindQueueSend(this.notify.executionRole, this.notifyFailures);
    const notifyFailures = this.notifyFailures;
    this.mapping = this.notify.addEventSourceMapping('TableStream', {
      eventSourceArn: props.table.tableStreamArn!,
      // From now on: notifications of events from before the deployment would come late and stale.
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: notifyStream.batchSize,
      maxBatchingWindow: notifyStream.maxBatchingWindow,
      parallelizationFactor: notifyStream.parallelizationFactor,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: notifyStream.retryAttempts,
      maxRecordAge: notifyStream.maxRecordAge,
      filters: [...notifyStream.filters],
      // As the audit archive's (./jobs.ts): SendMessage alone, not CDK's SqsDlq grants.
      onFailure: { bind: () => ({ destination: notifyFailures.queueArn }) },
    });

    // --- reminders and digests on a schedule -----------------------------------------------------
    const scheduleScope = new Construct(this, 'Schedule');
    this.schedule = new PortalFunction(scheduleScope, 'Function', {
      projectRoot: props.projectRoot,
      bundle: 'reminders',
      serviceName: 'alliance-notify-schedule',
      description: 'Sends due-date reminders daily and e-mail digests hourly',
      roleDescription:
        'The reminders and digests job: the table items it reads and writes, SendEmail from the portal identity',
      memorySize: 512,
      // 300 members' digests and every open due date: minutes at most.
      timeout: Duration.minutes(5),
      environment: siteSetting,
    });
    bindNotificationTable(this.schedule, props.table);
    bindMailSend(this.schedule, this.mail);
    this.rule = new events.Rule(scheduleScope, 'Hourly', {
      description:
        'Sends due-date reminders (7 days, tomorrow, today, overdue weekly) and the daily digests due this hour',
      schedule: events.Schedule.cron(notifySchedule),
      targets: [
        new targets.LambdaFunction(this.schedule, { retryAttempts: 2, maxEventAge: Duration.hours(1) }),
      ],
    });

    // --- webhooks on the same stream and a one-minute schedule (./webhooks.ts) -------------------
    this.webhooks = new Webhooks(this, 'Webhooks', {
      projectRoot: props.projectRoot,
      table: props.table,
      mail: this.mail,
      environment: siteSetting,
    });

    // --- bounces and complaints ------------------------------------------------------------------
    const bounceScope = new Construct(this, 'Bounces');
    this.bounceFailures = new sqs.Queue(bounceScope, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.bounces = new PortalFunction(bounceScope, 'Function', {
      projectRoot: props.projectRoot,
      bundle: 'mailEvents',
      serviceName: 'alliance-mail-bounces',
      description: 'Stops mail to addresses that bounce or complain and tells their organisation admins',
      roleDescription:
        'The bounce handler: the table items it reads and writes, SendEmail from the portal identity, its failure queue',
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: siteSetting,
    });
    bindNotificationTable(this.bounces, props.table);
    // It tells the org admins of a bouncing address, once, by mail too.
    bindMailSend(this.bounces, this.mail);
    bindQueueSend(this.bounces.executionRole, this.bounceFailures);
    const bounceFailures = this.bounceFailures;
    this.bounces.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      // SendMessage alone, granted above (SqsDestination would grant it again).
      onFailure: { bind: () => ({ destination: bounceFailures.queueArn }) },
    });
    this.mailEvents.addSubscription(new subscriptions.LambdaSubscription(this.bounces));

    // --- alarms ----------------------------------------------------------------------------------
    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const created = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      this.alarms.push(created);
      return created;
    };
    const fiveMinutes = Duration.minutes(5);
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        period: Duration.hours(1),
        statistic: 'Maximum',
      });
    alarm(
      'MailBounceRate',
      reputation('Reputation.BounceRate'),
      mailReputationAlarms.bounceRate,
      'SES bounce rate at 5 %: SES reviews the account at 5 % and may pause sending at 10 % (docs/notifications-aws.md)',
    );
    alarm(
      'MailComplaintRate',
      reputation('Reputation.ComplaintRate'),
      mailReputationAlarms.complaintRate,
      'SES complaint rate at 0.1 %: SES reviews the account at 0.1 % and may pause sending at 0.5 % (docs/notifications-aws.md)',
    );
    alarm(
      'BounceHandlerFailed',
      bounceFailures.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
      1,
      'The bounce handler gave up on an SES event: its failure queue holds it, the address may still be mailed',
    );
    alarm(
      'ScheduleNotRun',
      new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensionsMap: { RuleName: this.rule.ruleName },
        period: Duration.hours(1),
        statistic: 'Sum',
      }),
      1,
      "EventBridge could not invoke the reminders and digests job after its retries: that hour's mail was not sent",
    );
  }

  /**
   * The jobs sign one-click unsubscribe links with a key derived from the api's cursor secret
   * (functions/api/unsubscribe-token.ts), so the api checks what they sign. Like the api, each reads
   * it at run time, current and previous version only (functions/api/keys.ts): the configuration
   * holds the ARN, never the key.
   */
  readLinkKeysFrom(secret: secrets.ISecret): void {
    for (const fn of [this.notify, this.schedule, this.bounces, this.webhooks.function]) {
      fn.addEnvironment(setting.cursorKeySecret, secret.secretArn);
      fn.executionRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [secret.secretArn],
          conditions: { StringEquals: { 'secretsmanager:VersionStage': [...readableVersionStages] } },
        }),
      );
    }
  }

  /** Sends this construct's alarms to the portal's alarm topic (./observability.ts). */
  reportTo(topic: sns.ITopic): void {
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
  }
}
