import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditItem } from '../../functions/adapters/dynamodb/audit-item';
import { environmentVariables as setting } from '../../functions/settings/environment';
import { type LambdaBundle, mailEventsBundle, notifyBundle, remindersBundle } from '../../infra/bundling';
import {
  defaultMailDomain,
  mailReputationAlarms,
  mailSenders,
  notifiedAuditActions,
} from '../../infra/constructs/notify';
import {
  auditChangeActions,
  auditItemsCondition,
  dynamoActions,
  listStreamsAction,
  mailSendActions,
  streamReadActions,
} from '../../infra/least-privilege';
import type { AuditEvent } from '../../shared/audit';
import { restrictedReadActions } from '../../shared/audit-actions';
import { eventOfAudit, notifyingActions } from '../../shared/notification';
import { type AwsUsage, awsUsageOf } from './aws-usage';
import { type Synthesized, sharedSynth, templateJson } from './synth';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

let portal: Synthesized;
let resources: Record<string, any>;

const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  portal.stack.getLogicalId(construct.node.defaultChild as never);
const ofType = (type: string) =>
  Object.entries(resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => ({ id, ...r }));
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
const withAction = (statements: Statement[], action: string) =>
  statements.filter((s) => [s.Action].flat().includes(action));

/** The statements of the one policy attached to a function's role. */
function roleStatements(fn: { role?: { node: { defaultChild?: unknown } } }): Statement[] {
  const role = logicalId(fn.role!);
  const policies = ofType('AWS::IAM::Policy').filter((p) =>
    p.Properties.Roles.some((ref: any) => ref.Ref === role),
  );
  expect(policies).toHaveLength(1);
  return policies[0]!.Properties.PolicyDocument.Statement;
}

/**
 * Whether an EventBridge-style filter pattern (as Lambda applies to stream records) matches a
 * record: every key of the pattern present, a list of values matching any of them. Enough for
 * the equality patterns the notify mapping uses; anything else fails the test.
 */
function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    for (const p of pattern) {
      if (typeof p !== 'string' && typeof p !== 'boolean')
        throw new Error(`unsupported rule ${JSON.stringify(p)}`);
    }
    return (typeof value === 'string' || typeof value === 'boolean') && pattern.includes(value);
  }
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([key, p]) => matches(p, (value as Record<string, unknown>)[key]));
  }
  throw new Error(`unsupported pattern ${JSON.stringify(pattern)}`);
}

/** A stream record of an audit item as the portal writes it (audit-item.ts), marshalled as the stream carries it. */
function streamRecord(
  action: string,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE' = 'INSERT',
  details: Record<string, unknown> = { round: 1, material: true },
) {
  const event: AuditEvent = {
    at: '2026-12-02T10:00:00.000Z',
    requestId: 'req-1',
    actor: { memberId: 'ben-antwerp', organisationId: 'antwerp', role: 'contributor' },
    action,
    object: { type: action.split('.')[0]!, id: 'b-1' },
    organisationId: 'antwerp',
    details,
  };
  const image = marshall(auditItem(event), { removeUndefinedValues: true });
  return { eventName, dynamodb: eventName === 'REMOVE' ? { OldImage: image } : { NewImage: image } };
}

beforeAll(() => {
  portal = sharedSynth();
  resources = templateJson(portal).Resources;
});

const notify = () => portal.stack.notify;
const identityArn = () => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ses:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':identity/',
      { Ref: logicalId(notify().emailIdentity) },
    ],
  ],
});
const configurationSetArn = () => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ses:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':configuration-set/',
      { Ref: logicalId(notify().configurationSet) },
    ],
  ],
});
const fromAddress = `${mailSenders.notifications}@${defaultMailDomain}`;

/** The one mail statement a role has: SendEmail, on the identity and the configuration set, from one address. */
function expectMailOnlyFromPortal(statements: Statement[]) {
  const ses = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
  expect(ses).toHaveLength(1);
  const [send] = ses;
  expect(send!.Effect).toBe('Allow');
  expect([send!.Action].flat()).toEqual([...mailSendActions]);
  const sorted = (arns: unknown) =>
    [arns]
      .flat()
      .map((a) => JSON.stringify(a))
      .sort();
  expect(sorted(send!.Resource)).toEqual(sorted([identityArn(), configurationSetArn()]));
  expect(send!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': fromAddress } });
}

/** What the notification functions may do to table items (bindNotificationTable): RW and deletes. */
const tableItemActions = [...dynamoActions.RW, 'dynamodb:DeleteItem'];

/**
 * The role's DynamoDB item grants (the stream aside): exactly `actions`, on this table and its
 * named indexes, never Scan; and the Deny that keeps audit items append-only, as for the api.
 */
function expectTableItems(statements: Statement[], actions: readonly string[]) {
  const table = logicalId(portal.stack.data.table);
  const allowed = statements.filter((s) => s.Effect === 'Allow');
  const dynamo = allowed.filter((s) =>
    actionsOf([s]).some((a) => a.startsWith('dynamodb:') && !streamReadActions.includes(a as never)),
  );
  const granted = new Set(
    actionsOf(dynamo).filter((a) => a.startsWith('dynamodb:') && a !== listStreamsAction),
  );
  expect(granted).toEqual(new Set(actions));
  expect(granted).not.toContain('dynamodb:Scan');
  for (const s of dynamo.filter((s) => !actionsOf([s]).includes(listStreamsAction))) {
    expect(JSON.stringify(s.Resource)).toContain(table);
    expect(JSON.stringify(s.Resource)).not.toContain('index/*');
  }
  const denies = statements.filter((s) => s.Effect === 'Deny');
  expect(denies).toHaveLength(1);
  expect([denies[0]!.Action].flat().sort()).toEqual([...auditChangeActions].sort());
  expect(denies[0]!.Resource).toEqual({ 'Fn::GetAtt': [table, 'Arn'] });
  expect(denies[0]!.Condition).toEqual(auditItemsCondition);
}

describe('the notify job’s role', () => {
  let statements: Statement[];
  let usage: AwsUsage;
  beforeAll(async () => {
    statements = roleStatements(notify().notify);
    usage = await awsUsageOf(notifyBundle);
  });

  it('has no AWS managed policy, no wildcard action, and only the services it uses', () => {
    expect(resources[logicalId(notify().notify.role!)].Properties.ManagedPolicyArns).toBeUndefined();
    for (const action of actionsOf(statements)) expect(action).not.toMatch(/\*/);
    expect(new Set(actionsOf(statements).map((a) => a.split(':')[0]))).toEqual(
      new Set(['logs', 'xray', 'dynamodb', 'ses', 'sqs', 'secretsmanager']),
    );
  });

  it('may send mail only from the portal’s identity and configuration set, with its one From address', () => {
    expectMailOnlyFromPortal(statements);
    const fn = resources[logicalId(notify().notify)].Properties.Environment.Variables;
    expect(fn[setting.mailFrom]).toBe(fromAddress);
    expect(fn[setting.sesConfigurationSet]).toEqual({ Ref: logicalId(notify().configurationSet) });
  });

  it('reads this table’s stream and no other', () => {
    const reads = withAction(statements, 'dynamodb:GetRecords');
    expect(reads).toHaveLength(1);
    expect([reads[0]!.Action].flat().sort()).toEqual([...streamReadActions].sort());
    expect(reads[0]!.Resource).toEqual({ 'Fn::GetAtt': [logicalId(portal.stack.data.table), 'StreamArn'] });
    // ListStreams names no resource in IAM; it is the only resource-less grant besides X-Ray.
    const anywhere = statements.filter((s) => s.Resource === '*');
    expect(actionsOf(anywhere).sort()).toEqual(
      [listStreamsAction, 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort(),
    );
  });

  it('is granted exactly the DynamoDB and SES calls its bundled code makes, on this table and its indexes', () => {
    expect(usage.unknown).toEqual(new Set());
    expect(usage.ownFiles).toContain('functions/jobs/notify.handler.ts');
    expect(usage.ses).toEqual(new Set(mailSendActions));
    expect(usage.s3).toEqual(new Set());
    expect(usage.cognito).toEqual(new Set());
    expect(usage.dynamodb).toEqual(new Set(tableItemActions));
    expectTableItems(statements, [...usage.dynamodb]);
  });

  it('may send to its failure queue, nothing more of SQS; logs to its own log group', () => {
    const sqs = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
    expect(actionsOf(sqs)).toEqual(['sqs:SendMessage']);
    expect(sqs[0]!.Resource).toEqual({ 'Fn::GetAtt': [logicalId(notify().notifyFailures), 'Arn'] });
    expect(withAction(statements, 'logs:PutLogEvents')[0]!.Resource).toEqual({
      'Fn::GetAtt': [logicalId(notify().notify.functionLogs), 'Arn'],
    });
  });
});

describe('the notify job’s stream mapping', () => {
  const mapping = () => {
    const found = ofType('AWS::Lambda::EventSourceMapping').filter(
      (m) => m.Properties.FunctionName.Ref === logicalId(notify().notify),
    );
    expect(found).toHaveLength(1);
    return found[0]!.Properties;
  };
  const patterns = () =>
    mapping().FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern) as unknown);
  const invokes = (record: unknown) => patterns().some((p: unknown) => matches(p, record));

  it('reads the table’s stream, isolates a bad record, retries a bounded number of times, then names the batch in its queue', () => {
    expect(mapping()).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [logicalId(portal.stack.data.table), 'StreamArn'] },
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 3600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'LATEST',
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(notify().notifyFailures), 'Arn'] } },
      },
    });
  });

  it('is invoked by new audit items of the events members are told of, as the portal writes them', () => {
    expect([...notifiedAuditActions].sort()).toEqual(Object.keys(notifyingActions).sort());
    for (const action of notifiedAuditActions) {
      expect(invokes(streamRecord(action)), action).toBe(true);
      // The job itself acts on each of them.
      expect(eventOfAudit(action, { material: true }), action).not.toBeNull();
    }
  });

  it('is not invoked by anything else: reads of restricted material, other actions, changes, removals, items that are not audit events', () => {
    for (const action of Object.values(restrictedReadActions)) {
      expect(invokes(streamRecord(action)), action).toBe(false);
    }
    for (const action of [
      'bulletin.drafted',
      'bulletin.edited',
      'bulletin.marked_read',
      'member.role_changed',
    ]) {
      expect(invokes(streamRecord(action)), action).toBe(false);
    }
    // A revision that is not material tells nobody (eventOfAudit, shared/notification.ts).
    expect(invokes(streamRecord('bulletin.revised', 'INSERT', { material: false, fields: ['title'] }))).toBe(
      false,
    );
    expect(invokes(streamRecord('bulletin.revised', 'INSERT', { fields: ['title'] }))).toBe(false);
    expect(invokes(streamRecord('bulletin.published', 'MODIFY'))).toBe(false);
    expect(invokes(streamRecord('bulletin.published', 'REMOVE'))).toBe(false);
    // The bulletin item itself, written in the same transaction as its audit event.
    const bulletin = marshall({
      pk: 'BULLETIN#b-1',
      sk: 'META',
      type: 'BULLETIN',
      action: 'bulletin.published',
    });
    expect(invokes({ eventName: 'INSERT', dynamodb: { NewImage: bulletin } })).toBe(false);
  });
});

/** A bundle's AWS calls equal its role's grants: DynamoDB items as bindNotificationTable, SES SendEmail. */
async function expectGrantsOfBundle(statements: Statement[], bundle: LambdaBundle) {
  const usage = await awsUsageOf(bundle);
  expect(usage.unknown).toEqual(new Set());
  expect(usage.ownFiles).toContain(bundle.entry);
  expect(usage.ses).toEqual(new Set(mailSendActions));
  expect(usage.s3).toEqual(new Set());
  expect(usage.cognito).toEqual(new Set());
  expect(usage.dynamodb).toEqual(new Set(tableItemActions));
  expectTableItems(statements, [...usage.dynamodb]);
  expectMailOnlyFromPortal(statements);
}

describe('reminders and digests', () => {
  it('run every hour on the hour from one EventBridge rule, retried twice within the hour', () => {
    const target = logicalId(notify().schedule);
    const rules = ofType('AWS::Events::Rule').filter((r) =>
      r.Properties.Targets.some((t: any) => JSON.stringify(t.Arn).includes(target)),
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0]!.Properties;
    expect(rule.ScheduleExpression).toBe('cron(0 * * * ? *)');
    expect(rule.State).toBe('ENABLED');
    expect(rule.Targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
  });

  it('the job’s role is granted exactly what its bundled code calls: table items and mail from the portal, no stream, no queue', async () => {
    const statements = roleStatements(notify().schedule);
    await expectGrantsOfBundle(statements, remindersBundle);
    expect(new Set(actionsOf(statements).map((a) => a.split(':')[0]))).toEqual(
      new Set(['logs', 'xray', 'dynamodb', 'ses', 'secretsmanager']),
    );
    expect(actionsOf(statements)).not.toContain('dynamodb:GetRecords');
  });
});

describe('SES', () => {
  it('has the portal’s domain identity with DKIM, sending with its configuration set by default', () => {
    const identities = ofType('AWS::SES::EmailIdentity');
    expect(identities).toHaveLength(1);
    expect(identities[0]!.Properties).toMatchObject({
      EmailIdentity: defaultMailDomain,
      DkimAttributes: { SigningEnabled: true },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(notify().configurationSet) } },
    });
  });

  it('has a configuration set that keeps reputation metrics, suppresses bounces and complaints, requires TLS', () => {
    expect(resources[logicalId(notify().configurationSet)].Properties).toMatchObject({
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
  });

  it('publishes bounces and complaints to SNS, which the bounce handler is subscribed to', () => {
    const destinations = ofType('AWS::SES::ConfigurationSetEventDestination');
    expect(destinations).toHaveLength(1);
    const destination = destinations[0]!.Properties;
    expect(destination.ConfigurationSetName).toEqual({ Ref: logicalId(notify().configurationSet) });
    expect(destination.EventDestination.MatchingEventTypes.sort()).toEqual(['bounce', 'complaint']);
    const topic = logicalId(notify().mailEvents);
    expect(destination.EventDestination.SnsDestination.TopicARN).toEqual({ Ref: topic });
    const subscriptions = ofType('AWS::SNS::Subscription').filter((s) => s.Properties.TopicArn.Ref === topic);
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]!.Properties).toMatchObject({
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [logicalId(notify().bounces), 'Arn'] },
    });
    // Only SES of this account, for this configuration set, may publish to the topic.
    const policy = ofType('AWS::SNS::TopicPolicy').find((p) => p.Properties.Topics[0].Ref === topic)!;
    const publish = policy.Properties.PolicyDocument.Statement.find(
      (s: any) => s.Action === 'sns:Publish' && s.Effect === 'Allow',
    );
    expect(publish.Principal).toEqual({ Service: 'ses.amazonaws.com' });
    expect(JSON.stringify(publish.Condition)).toContain('configuration-set/');
  });

  it('the bounce handler is granted exactly what its bundled code calls (it mails org admins, from the portal) and its failure queue', async () => {
    const statements = roleStatements(notify().bounces);
    await expectGrantsOfBundle(statements, mailEventsBundle);
    expect(new Set(actionsOf(statements).map((a) => a.split(':')[0]))).toEqual(
      new Set(['logs', 'xray', 'dynamodb', 'ses', 'sqs', 'secretsmanager']),
    );
    const config = ofType('AWS::Lambda::EventInvokeConfig').find(
      (c) => c.Properties.FunctionName.Ref === logicalId(notify().bounces),
    )!;
    expect(config.Properties.DestinationConfig.OnFailure.Destination).toEqual({
      'Fn::GetAtt': [logicalId(notify().bounceFailures), 'Arn'],
    });
  });

  it('sends Cognito’s invitations through the same identity and configuration set', () => {
    const pool = resources[logicalId(portal.stack.identity.userPool)];
    expect(pool.Properties.EmailConfiguration).toEqual({
      EmailSendingAccount: 'DEVELOPER',
      From: `Alliance portal <${mailSenders.accounts}@${defaultMailDomain}>`,
      ConfigurationSet: { Ref: logicalId(notify().configurationSet) },
      SourceArn: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':ses:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            `:identity/${defaultMailDomain}`,
          ],
        ],
      },
    });
    // Cognito checks the identity when the pool is created or changed: it must exist first.
    expect(pool.DependsOn).toContain(logicalId(notify().emailIdentity));
  });
});

describe('alarms on notifications', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map((a) => a.Properties);
  const topic = () => ({ Ref: logicalId(portal.stack.observability.topic as never) });
  const about = (fn: { node: { defaultChild?: unknown } }, metric: string) =>
    alarms().filter(
      (a) => a.MetricName === metric && JSON.stringify(a.Dimensions ?? []).includes(logicalId(fn)),
    );

  it('ring on the SES bounce and complaint rates at SES’s review thresholds', () => {
    for (const [metric, threshold] of [
      ['Reputation.BounceRate', mailReputationAlarms.bounceRate],
      ['Reputation.ComplaintRate', mailReputationAlarms.complaintRate],
    ] as const) {
      const found = alarms().filter((a) => a.MetricName === metric);
      expect(found, metric).toHaveLength(1);
      expect(found[0]).toMatchObject({
        Namespace: 'AWS/SES',
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [topic()],
      });
    }
    expect(mailReputationAlarms).toEqual({ bounceRate: 0.05, complaintRate: 0.001 });
  });

  it('ring when any of the three functions fails, when the notify job falls behind or gives up on a batch', () => {
    for (const fn of [notify().notify, notify().schedule, notify().bounces]) {
      expect(about(fn, 'Errors'), fn.node.path).toHaveLength(1);
      expect(about(fn, 'Errors')[0]!.AlarmActions).toEqual([topic()]);
    }
    expect(about(notify().notify, 'IteratorAge')).toHaveLength(1);
    const depth = (queue: { node: { defaultChild?: unknown } }) =>
      alarms().filter(
        (a) =>
          a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(a.Dimensions).includes(logicalId(queue)),
      );
    for (const queue of [notify().notifyFailures, notify().bounceFailures]) {
      expect(depth(queue)).toHaveLength(1);
      expect(depth(queue)[0]).toMatchObject({ Threshold: 1, AlarmActions: [topic()] });
    }
  });

  it('ring when EventBridge cannot start the reminders and digests', () => {
    const failed = alarms().filter((a) => a.MetricName === 'FailedInvocations');
    expect(failed.map((a) => a.Dimensions[0].Value.Ref)).toEqual([logicalId(notify().rule)]);
    expect(failed[0]!.AlarmActions).toEqual([topic()]);
  });
});

describe('one-click unsubscribe', () => {
  it('signs links in the three mailing jobs with the key the api checks them with, read at run time', () => {
    const cursorKey = { Ref: logicalId(portal.stack.api.cursorKey) };
    for (const fn of [notify().notify, notify().schedule, notify().bounces, portal.stack.api.function]) {
      const variables = resources[logicalId(fn)].Properties.Environment.Variables as Record<string, unknown>;
      expect(variables[setting.cursorKeySecret], fn.node.path).toEqual(cursorKey);
      // Never the key itself in the configuration.
      expect(JSON.stringify(variables), fn.node.path).not.toContain('resolve:secretsmanager');
    }
  });

  it('is routed to the api for GET and POST without the authorizer: a mail client posts it signed out', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').filter((r) =>
      r.Properties.RouteKey.endsWith(' /api/v1/unsubscribe/{proxy+}'),
    );
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual([
      'GET /api/v1/unsubscribe/{proxy+}',
      'POST /api/v1/unsubscribe/{proxy+}',
    ]);
    for (const route of routes) expect(route.Properties.AuthorizationType).not.toBe('JWT');
  });
});
