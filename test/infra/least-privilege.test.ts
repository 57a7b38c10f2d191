import { beforeAll, describe, expect, it } from 'vitest';
import { archiveKey } from '../../functions/jobs/audit-archive';
import { apiBundle, auditArchiveBundle } from '../../infra/bundling';
import { listStreamsAction, streamReadActions } from '../../infra/least-privilege';
import type { AuditEvent } from '../../shared/audit';
import { auditArchivePrefix, fileKeyPrefixes } from '../../shared/files';
import { type AwsUsage, awsUsageOf } from './aws-usage';
import { type Synthesized, synthPortal, templateJson } from './synth';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };
let portal: Synthesized;
let statements: Statement[];
let usage: AwsUsage;
let archiveStatements: Statement[];
let archiveUsage: AwsUsage;

const actionsIn = (of: Statement[], prefix: string) =>
  new Set(of.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith(`${prefix}:`)));
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
  portal = synthPortal();
  statements = roleStatements(portal.stack.api.function);
  archiveStatements = roleStatements(portal.stack.jobs.auditArchive.function);
  [usage, archiveUsage] = await Promise.all([awsUsageOf(apiBundle), awsUsageOf(auditArchiveBundle)]);
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
    // Deletes only where the code deletes: the files of discarded document uploads.
    expect(usage.s3).toContain('s3:DeleteObject');
    const deletes = statements.filter((s) => [s.Action].flat().includes('s3:DeleteObject'));
    expect(deletes).toHaveLength(1);
    expect([deletes[0]!.Action].flat()).toEqual(['s3:DeleteObject']);
    expect((deletes[0]!.Resource as any)['Fn::Join'][1][1]).toBe(`/${fileKeyPrefixes.documents}*`);
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
