import { beforeAll, describe, expect, it } from 'vitest';
import { auditPut } from '../../functions/adapters/dynamodb/audit-item';
import { archiveKey } from '../../functions/jobs/audit-archive';
import { jobMetrics } from '../../functions/jobs/metrics';
import { apiBundle, auditArchiveBundle, auditCompareBundle } from '../../infra/bundling';
import { auditChangeActions, listStreamsAction, streamReadActions } from '../../infra/least-privilege';
import type { AuditEvent } from '../../shared/audit';
import { auditArchivePrefix, fileKeyPrefixes } from '../../shared/files';
import { keys } from '../../shared/table';
import { type AwsUsage, awsUsageOf } from './aws-usage';
import { type Synthesized, sharedSynth, templateJson } from './synth';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };
let portal: Synthesized;
let statements: Statement[];
let usage: AwsUsage;
let archiveStatements: Statement[];
let archiveUsage: AwsUsage;
let compareStatements: Statement[];
let compareUsage: AwsUsage;

/** The actions a role is allowed (an explicit Deny takes some away, it grants none). */
const actionsIn = (of: Statement[], prefix: string) =>
  new Set(
    of
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => [s.Action].flat())
      .filter((a) => a.startsWith(`${prefix}:`)),
  );
const actionsOf = (prefix: string) => actionsIn(statements, prefix);
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  portal.stack.getLogicalId(construct.node.defaultChild as never);

/** The statements of the one policy attached to a function's role. */
function roleStatements(fn: { role?: { node: { defaultChild?: unknown } } }): Statement[] {
  const role = logicalId(fn.role!);
  const policies = Object.values<any>(templateJson(portal).Resources).filter(
    (r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: any) => ref.Ref === role),
  );
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

beforeAll(async () => {
  portal = sharedSynth();
  statements = roleStatements(portal.stack.api.function);
  archiveStatements = roleStatements(portal.stack.jobs.auditArchive.function);
  compareStatements = roleStatements(portal.stack.jobs.auditComparison.function);
  [usage, archiveUsage, compareUsage] = await Promise.all([
    awsUsageOf(apiBundle),
    awsUsageOf(auditArchiveBundle),
    awsUsageOf(auditCompareBundle),
  ]);
});

describe('the api Lambda’s role', () => {
  it('has no AWS managed policy and no wildcard action', () => {
    const template = templateJson(portal);
    const role =
      template.Resources[
        portal.stack.getLogicalId(portal.stack.api.function.role!.node.defaultChild as never)
      ];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    for (const action of statements.flatMap((s) => [s.Action].flat())) {
      expect(action).not.toMatch(/\*/);
    }
  });

  it('never grants Scan, and the bundled code never calls it', () => {
    expect(actionsOf('dynamodb')).not.toContain('dynamodb:Scan');
    expect(usage.dynamodb).not.toContain('dynamodb:Scan');
  });

  it('grants exactly the DynamoDB actions the bundled code sends, on the table and its indexes', () => {
    expect(usage.unknown).toEqual(new Set());
    expect(usage.ownFiles).toContain('functions/api/lambda.ts');
    expect(actionsOf('dynamodb')).toEqual(usage.dynamodb);
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    const table = portal.stack.getLogicalId(portal.stack.data.table.node.defaultChild as never);
    for (const statement of dynamo) {
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toContain(table);
      expect(resources).not.toContain('index/*');
    }
  });

  it('reads and writes files only under the prefixes the code builds keys with', () => {
    expect(actionsOf('s3')).toEqual(new Set([...usage.s3, 's3:ListBucket']));
    const objects = statements.find((s) => [s.Action].flat().includes('s3:PutObject'))!;
    const suffixes = [objects.Resource]
      .flat()
      .map((r: any) => r['Fn::Join'][1][1])
      .sort();
    expect(suffixes).toEqual(
      Object.values(fileKeyPrefixes)
        .map((p) => `/${p}*`)
        .sort(),
    );
    // Deletes only where the code deletes: the files of discarded document uploads and bulletin attachments.
    expect(usage.s3).toContain('s3:DeleteObject');
    const deletes = statements.filter((s) => [s.Action].flat().includes('s3:DeleteObject'));
    expect(deletes).toHaveLength(1);
    expect([deletes[0]!.Action].flat()).toEqual(['s3:DeleteObject']);
    expect(
      [deletes[0]!.Resource]
        .flat()
        .map((r: any) => r['Fn::Join'][1][1])
        .sort(),
    ).toEqual([`/${fileKeyPrefixes.bulletins}*`, `/${fileKeyPrefixes.documents}*`]);
    const list = statements.find((s) => [s.Action].flat().includes('s3:ListBucket'))!;
    expect(list.Resource).toEqual({
      'Fn::GetAtt': [
        portal.stack.getLogicalId(portal.stack.data.filesBucket.node.defaultChild as never),
        'Arn',
      ],
    });
  });

  it('administers members of its own user pool only, with the calls the identity directory makes', () => {
    expect(actionsOf('cognito-idp')).toEqual(usage.cognito);
    expect(usage.cognito).toEqual(
      new Set([
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminDeleteUser',
        // Suspending (disable, sign out everywhere), reinstating and changing a member's role.
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminUserGlobalSignOut',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminRemoveUserFromGroup',
      ]),
    );
    const cognito = statements.find((s) => [s.Action].flat().some((a) => a.startsWith('cognito-idp:')))!;
    expect(cognito.Resource).toEqual({
      'Fn::GetAtt': [
        portal.stack.getLogicalId(portal.stack.identity.userPool.node.defaultChild as never),
        'Arn',
      ],
    });
  });

  it('may never change or remove an audit item: an explicit Deny on keys starting AUDIT#', () => {
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(denies).toHaveLength(1);
    const deny = denies[0]!;
    expect([deny.Action].flat().sort()).toEqual(
      ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'].sort(),
    );
    expect([...auditChangeActions].sort()).toEqual([deny.Action].flat().sort());
    expect(deny.Resource).toEqual({ 'Fn::GetAtt': [logicalId(portal.stack.data.table), 'Arn'] });
    expect(deny.Condition).toEqual({
      'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] },
    });
    // The pattern matches every key the code writes audit events under, and nothing else it writes.
    const audit = keys.audit('antwerp', '2026-11-26T10:00:00.000Z', 'r1');
    expect(audit.pk.startsWith('AUDIT#')).toBe(true);
    for (const other of [
      keys.organisation('antwerp'),
      keys.member('antwerp', 'm'),
      keys.accessReview('antwerp'),
      keys.bulletin('b'),
      keys.document('d'),
      keys.checklist('c'),
    ]) {
      expect(other.pk.startsWith('AUDIT')).toBe(false);
    }
    // The one write the api makes to audit items is a put that never overwrites.
    const put = auditPut('t', {
      at: '2026-11-26T10:00:00.000Z',
      requestId: 'r1',
      actor: { memberId: 'a', organisationId: 'antwerp', role: 'org_admin' },
      action: 'member.invited',
      object: { type: 'member', id: 'x' },
      organisationId: 'antwerp',
    });
    expect(put.Put.ConditionExpression).toBe('attribute_not_exists(pk)');
    // It is the bundled code's own UpdateItem and DeleteItem that the Deny narrows.
    expect(usage.dynamodb).toContain('dynamodb:UpdateItem');
    expect(usage.dynamodb).toContain('dynamodb:DeleteItem');
  });

  it('writes logs to its own log group only; X-Ray is the one resource-less grant', () => {
    const logs = statements.find((s) => [s.Action].flat().some((a) => a.startsWith('logs:')))!;
    expect(logs.Resource).toEqual({
      'Fn::GetAtt': [portal.stack.getLogicalId(portal.stack.api.logGroup.node.defaultChild as never), 'Arn'],
    });
    const anywhere = statements.filter((s) => s.Resource === '*');
    expect(anywhere.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });
});

describe('the audit archive job’s role', () => {
  const archive = () => portal.stack.jobs.auditArchive;
  const withAction = (action: string) => archiveStatements.find((s) => [s.Action].flat().includes(action))!;

  it('has no AWS managed policy and no wildcard action', () => {
    const role = templateJson(portal).Resources[logicalId(archive().function.role!)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const actions = archiveStatements.flatMap((s) => [s.Action].flat());
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).not.toMatch(/\*/);
  });

  it('adds objects to the audit bucket only under audit/, the one S3 call the bundled code makes', () => {
    expect(archiveUsage.unknown).toEqual(new Set());
    expect(archiveUsage.ownFiles).toContain('functions/jobs/audit-archive.handler.ts');
    expect(archiveUsage.s3).toEqual(new Set(['s3:PutObject']));
    expect(actionsIn(archiveStatements, 's3')).toEqual(archiveUsage.s3);
    expect(withAction('s3:PutObject').Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(portal.stack.data.auditBucket), 'Arn'] }, '/audit/*']],
    });
  });

  it('grants the prefix the code really archives under, tamper evidence included', () => {
    const event: AuditEvent = {
      at: '2026-03-02T10:15:00.000Z',
      requestId: 'req-1',
      actor: { memberId: 'ben-antwerp', organisationId: 'antwerp', role: 'org_admin' },
      action: 'member.invited',
      object: { type: 'member', id: 'x' },
      organisationId: 'antwerp',
    };
    expect(auditArchivePrefix).toBe('audit/');
    expect(archiveKey(event).startsWith(auditArchivePrefix)).toBe(true);
  });

  it('reads this table’s stream and nothing of the table itself', () => {
    expect(archiveUsage.dynamodb).toEqual(new Set());
    expect(actionsIn(archiveStatements, 'dynamodb')).toEqual(
      new Set([...streamReadActions, listStreamsAction]),
    );
    const reads = withAction('dynamodb:GetRecords');
    expect([reads.Action].flat().sort()).toEqual([...streamReadActions].sort());
    expect(reads.Resource).toEqual({ 'Fn::GetAtt': [logicalId(portal.stack.data.table), 'StreamArn'] });
  });

  it('may send to its failure queue, nothing more of SQS', () => {
    expect(actionsIn(archiveStatements, 'sqs')).toEqual(new Set(['sqs:SendMessage']));
    expect(withAction('sqs:SendMessage').Resource).toEqual({
      'Fn::GetAtt': [logicalId(archive().failures), 'Arn'],
    });
  });

  it('writes logs to its own log group only; X-Ray and ListStreams are the resource-less grants', () => {
    expect(withAction('logs:PutLogEvents').Resource).toEqual({
      'Fn::GetAtt': [logicalId(archive().logGroup), 'Arn'],
    });
    const anywhere = archiveStatements.filter((s) => s.Resource === '*');
    expect(anywhere.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      listStreamsAction,
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    const services = new Set(archiveStatements.flatMap((s) => [s.Action].flat()).map((a) => a.split(':')[0]));
    expect(services).toEqual(new Set(['logs', 'xray', 'dynamodb', 's3', 'sqs']));
  });
});

describe('the daily audit comparison job’s role', () => {
  const comparison = () => portal.stack.jobs.auditComparison;
  const withAction = (action: string) => compareStatements.find((s) => [s.Action].flat().includes(action))!;

  it('has no AWS managed policy, no wildcard action, no Deny needed: it cannot write at all', () => {
    const role = templateJson(portal).Resources[logicalId(comparison().function.role!)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const actions = compareStatements.flatMap((s) => [s.Action].flat());
    for (const action of actions) expect(action).not.toMatch(/\*/);
    const services = new Set(actions.map((a) => a.split(':')[0]));
    expect(services).toEqual(new Set(['logs', 'xray', 'dynamodb', 's3']));
    expect(compareStatements.every((s) => s.Effect === 'Allow')).toBe(true);
  });

  it('queries only the audit partitions of the table, the one DynamoDB call the bundled code makes', () => {
    expect(compareUsage.unknown).toEqual(new Set());
    expect(compareUsage.ownFiles).toContain('functions/jobs/audit-compare.handler.ts');
    expect(compareUsage.dynamodb).toEqual(new Set(['dynamodb:Query']));
    expect(actionsIn(compareStatements, 'dynamodb')).toEqual(compareUsage.dynamodb);
    const query = withAction('dynamodb:Query');
    expect(query.Resource).toEqual({ 'Fn::GetAtt': [logicalId(portal.stack.data.table), 'Arn'] });
    expect(query.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } });
  });

  it('lists and reads the audit bucket under audit/ only, the S3 calls the bundled code makes', () => {
    expect(compareUsage.s3).toEqual(new Set(['s3:ListBucket', 's3:GetObject']));
    expect(actionsIn(compareStatements, 's3')).toEqual(compareUsage.s3);
    const bucket = logicalId(portal.stack.data.auditBucket);
    expect(withAction('s3:GetObject').Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${auditArchivePrefix}*`]],
    });
    const list = withAction('s3:ListBucket');
    expect(list.Resource).toEqual({ 'Fn::GetAtt': [bucket, 'Arn'] });
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': [`${auditArchivePrefix}*`] } });
  });

  it('writes logs to its own log group only; X-Ray is the one resource-less grant', () => {
    expect(withAction('logs:PutLogEvents').Resource).toEqual({
      'Fn::GetAtt': [logicalId(comparison().logGroup), 'Arn'],
    });
    const anywhere = compareStatements.filter((s) => s.Resource === '*');
    expect(anywhere.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });
});

describe('alarms on the audit trail', () => {
  const alarms = () =>
    Object.values<any>(templateJson(portal).Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  const alarmOn = (metricName: string) => {
    const found = alarms().filter((a) => a.Properties.MetricName === metricName);
    expect(found).toHaveLength(1);
    return found[0].Properties;
  };
  const topic = () => ({ Ref: logicalId(portal.stack.observability.topic as never) });

  it('rings within five minutes of any change or removal of an audit item', () => {
    const alarm = alarmOn(jobMetrics.auditItemsChanged);
    expect(alarm).toMatchObject({
      Namespace: jobMetrics.namespace,
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm.AlarmActions).toEqual([topic()]);
  });

  it('rings on any difference the daily comparison finds, and runs the comparison daily', () => {
    const alarm = alarmOn(jobMetrics.auditArchiveDifferences);
    expect(alarm).toMatchObject({
      Namespace: jobMetrics.namespace,
      Statistic: 'Maximum',
      Period: 86_400,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm.AlarmActions).toEqual([topic()]);
    const rules = Object.values<any>(templateJson(portal).Resources).filter(
      (r) => r.Type === 'AWS::Events::Rule',
    );
    const daily = rules.filter((r) =>
      r.Properties.Targets?.some(
        (t: any) =>
          JSON.stringify(t.Arn) ===
          JSON.stringify({ 'Fn::GetAtt': [logicalId(portal.stack.jobs.auditComparison.function), 'Arn'] }),
      ),
    );
    expect(daily).toHaveLength(1);
    expect(daily[0].Properties.ScheduleExpression).toBe('cron(15 3 * * ? *)');
    expect(daily[0].Properties.State).toBe('ENABLED');
    // The job's own failures ring too (an Errors alarm per function).
    const errors = alarms().filter(
      (a) =>
        a.Properties.MetricName === 'Errors' &&
        JSON.stringify(a.Properties.Dimensions).includes(
          logicalId(portal.stack.jobs.auditComparison.function),
        ),
    );
    expect(errors).toHaveLength(1);
  });
});
