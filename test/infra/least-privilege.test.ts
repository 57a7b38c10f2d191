import { beforeAll, describe, expect, it } from 'vitest';
import { apiBundle } from '../../infra/bundling';
import { fileKeyPrefixes } from '../../shared/files';
import { type AwsUsage, awsUsageOf } from './aws-usage';
import { type Synthesized, synthPortal, templateJson } from './synth';

let portal: Synthesized;
let statements: { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown }[];
let usage: AwsUsage;

const actionsOf = (prefix: string) =>
  new Set(statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith(`${prefix}:`)));

beforeAll(async () => {
  portal = synthPortal();
  const template = templateJson(portal);
  const role = portal.stack.getLogicalId(portal.stack.api.function.role!.node.defaultChild as never);
  const policies = Object.values<any>(template.Resources).filter(
    (r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: any) => ref.Ref === role),
  );
  expect(policies).toHaveLength(1);
  statements = policies[0].Properties.PolicyDocument.Statement;
  usage = await awsUsageOf(apiBundle);
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
