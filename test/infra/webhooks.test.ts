import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditItem } from '../../functions/adapters/dynamodb/audit-item';
import { webhooksBundle } from '../../infra/bundling';
import { webhookSchedule } from '../../infra/constructs/webhooks';
import {
  auditChangeActions,
  dynamoActions,
  listStreamsAction,
  mailSendActions,
  streamReadActions,
} from '../../infra/least-privilege';
import type { AuditEvent } from '../../shared/audit';
import { webhookEvents } from '../../shared/webhook';
import { awsUsageOf } from './aws-usage';
import { type Synthesized, sharedSynth, templateJson } from './synth';

/**
 * The webhook job in AWS (infra/constructs/webhooks.ts): its role is granted exactly what its
 * bundled code calls (`bindWebhookJob`, infra/least-privilege.ts), its stream mapping is invoked by
 * the bulletin events webhooks are told of and nothing else, and its schedule runs every minute.
 */

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };
let portal: Synthesized;
let resources: Record<string, any>;
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  portal.stack.getLogicalId(construct.node.defaultChild as never);
const ofType = (type: string) => Object.values<any>(resources).filter((r) => r.Type === type);
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
const hooks = () => portal.stack.notify.webhooks;

function roleStatements(): Statement[] {
  const role = logicalId(hooks().function.role!);
  const policies = ofType('AWS::IAM::Policy').filter((p) =>
    p.Properties.Roles.some((r: any) => r.Ref === role),
  );
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

/** Equality patterns as Lambda applies them to stream records (enough for this mapping). */
function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.includes(value);
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([k, p]) => matches(p, (value as Record<string, unknown>)[k]));
  }
  throw new Error(`unsupported pattern ${JSON.stringify(pattern)}`);
}

function streamRecord(action: string, details: Record<string, unknown> = { material: true }) {
  const event: AuditEvent = {
    at: '2026-12-03T10:00:00.000Z',
    requestId: 'req-1',
    actor: { memberId: 'ruth-rotterdam', organisationId: 'rotterdam', role: 'contributor' },
    action,
    object: { type: action.split('.')[0]!, id: 'b-1' },
    organisationId: 'rotterdam',
    details,
  };
  return {
    eventName: 'INSERT',
    dynamodb: { NewImage: marshall(auditItem(event), { removeUndefinedValues: true }) },
  };
}

beforeAll(() => {
  portal = sharedSynth();
  resources = templateJson(portal).Resources;
});

describe('the webhook job’s role', () => {
  it('is granted exactly the DynamoDB and SES calls its bundled code makes, the stream, its queue, no wildcard', async () => {
    const statements = roleStatements();
    const usage = await awsUsageOf(webhooksBundle);
    expect(usage.unknown).toEqual(new Set());
    expect(usage.ownFiles).toContain('functions/jobs/webhooks.handler.ts');
    expect(usage.ses).toEqual(new Set(mailSendActions));
    expect(usage.s3).toEqual(new Set());
    expect(usage.cognito).toEqual(new Set());
    expect(usage.dynamodb).toEqual(new Set([...dynamoActions.RW, 'dynamodb:DeleteItem']));
    const allowed = new Set(actionsOf(statements.filter((s) => s.Effect === 'Allow')));
    const dynamo = [...allowed].filter(
      (a) => a.startsWith('dynamodb:') && a !== listStreamsAction && !streamReadActions.includes(a as never),
    );
    expect(new Set(dynamo)).toEqual(usage.dynamodb);
    for (const a of actionsOf(statements)) expect(a).not.toMatch(/\*/);
    expect(new Set(actionsOf(statements).map((a) => a.split(':')[0]))).toEqual(
      new Set(['logs', 'xray', 'dynamodb', 'ses', 'sqs', 'secretsmanager']),
    );
    // Audit items stay append-only for it too.
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect([denies[0]!.Action].flat().sort()).toEqual([...auditChangeActions].sort());
    const reads = statements.filter((s) => [s.Action].flat().includes('dynamodb:GetRecords'));
    expect(reads[0]!.Resource).toEqual({ 'Fn::GetAtt': [logicalId(portal.stack.data.table), 'StreamArn'] });
    const sqs = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('sqs:')));
    expect(actionsOf(sqs)).toEqual(['sqs:SendMessage']);
    expect(sqs[0]!.Resource).toEqual({ 'Fn::GetAtt': [logicalId(hooks().failures), 'Arn'] });
  });
});

describe('the webhook job’s triggers', () => {
  const mapping = () => {
    const found = ofType('AWS::Lambda::EventSourceMapping').filter(
      (m) => m.Properties.FunctionName.Ref === logicalId(hooks().function),
    );
    expect(found).toHaveLength(1);
    return found[0].Properties;
  };
  const invokes = (record: unknown) =>
    mapping().FilterCriteria.Filters.some((f: { Pattern: string }) => matches(JSON.parse(f.Pattern), record));

  it('reads the stream for new audit items of bulletin events (material revisions only), nothing else', () => {
    expect(mapping()).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      StartingPosition: 'LATEST',
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(hooks().failures), 'Arn'] } },
      },
    });
    for (const action of webhookEvents) expect(invokes(streamRecord(action)), action).toBe(true);
    expect(invokes(streamRecord('bulletin.revised', { material: false }))).toBe(false);
    for (const action of ['bulletin.read', 'bulletin.drafted', 'document.published', 'webhook.created']) {
      expect(invokes(streamRecord(action)), action).toBe(false);
    }
  });

  it('runs the retry pass every minute', () => {
    expect(webhookSchedule).toEqual({ minute: '*' });
    const target = logicalId(hooks().function);
    const rules = ofType('AWS::Events::Rule').filter((r) =>
      r.Properties.Targets.some((t: any) => JSON.stringify(t.Arn).includes(target)),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0].Properties.ScheduleExpression).toBe('cron(* * * * ? *)');
  });
});
