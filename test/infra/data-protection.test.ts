import { beforeAll, describe, expect, it } from 'vitest';
import { backupManagedPolicies, backupRetention, copyVaultName } from '../../infra/constructs/backups';
import { keyUse, smallestWorthArchiving } from '../../infra/constructs/data';
import { trailPrefix } from '../../infra/constructs/trail';
import { backupCopyStackId } from '../../infra/stages';
import { prodContext, type Synthesized, sharedSynth, templateJson } from './synth';

let prod: Synthesized;
let resources: Record<string, any>;
const ofType = (type: string) =>
  Object.entries(resources).filter(([, r]) => r.Type === type) as [string, any][];
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  prod.stack.getLogicalId(construct.node.defaultChild as never);
const roleArn = (role: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [logicalId(role), 'Arn'] });

beforeAll(() => {
  prod = sharedSynth({ context: prodContext });
  resources = templateJson(prod).Resources;
});

describe('the data key', () => {
  it('encrypts the table and the files bucket', () => {
    const key = logicalId(prod.stack.data.dataKey);
    const table = resources[logicalId(prod.stack.data.table)];
    expect(table.Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] },
    });
    const files = resources[logicalId(prod.stack.data.filesBucket)];
    expect(files.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: {
        SSEAlgorithm: 'aws:kms',
        KMSMasterKeyID: { 'Fn::GetAtt': [key, 'Arn'] },
      },
    });
    expect(resources[key].Properties.EnableKeyRotation).toBe(true);
    expect(resources[key].DeletionPolicy).toBe('Retain');
  });

  it('lets the account administer it but only the named roles use it, through DynamoDB and S3', () => {
    const statements = resources[logicalId(prod.stack.data.dataKey)].Properties.KeyPolicy.Statement as any[];
    const using = statements.filter((s) =>
      [s.Action].flat().some((a: string) => ['kms:Decrypt', 'kms:*', 'kms:GenerateDataKey*'].includes(a)),
    );
    // Besides the named roles, GuardDuty's scanner decrypts through S3 (test/infra/malware-scan.test.ts).
    const scanner = using.filter((s) => s.Sid === 'AllowDecryptForMalwareScan');
    expect(scanner.map((s) => s.Principal.AWS)).toEqual([roleArn(prod.stack.malwareScan.role)]);
    const named = using.filter((s) => s.Sid !== 'AllowDecryptForMalwareScan');
    expect(named).toHaveLength(1);
    const [use] = named;
    expect([...use.Action].sort()).toEqual([...keyUse].sort());
    const { api, jobs, backups, operatorRole, notify } = prod.stack;
    expect(use.Principal.AWS.map((p: unknown) => JSON.stringify(p)).sort()).toEqual(
      [
        api.function.executionRole,
        jobs.auditArchive.function.executionRole,
        jobs.auditComparison.function.executionRole,
        backups.role,
        operatorRole,
        notify.notify.executionRole,
        notify.schedule.executionRole,
        notify.bounces.executionRole,
        // Reads webhook items and writes deliveries in the encrypted table (infra/constructs/webhooks.ts).
        notify.webhooks.function.executionRole,
      ]
        .map((role) => JSON.stringify(roleArn(role)))
        .sort(),
    );
    expect(Object.keys(use.Condition.StringEquals).sort()).toEqual(['kms:CallerAccount', 'kms:ViaService']);
    const [account] = statements.filter((s) => s.Sid === 'AccountAdministersButCannotUse');
    expect(JSON.stringify(account.Principal)).toContain(':root');
    for (const action of [account.Action].flat() as string[]) {
      expect(action, 'no use of the key for the account').not.toMatch(
        /^kms:(\*|Decrypt|Encrypt|GenerateDataKey|ReEncrypt)/,
      );
    }
  });

  it('asks the operator role for MFA', () => {
    const operator = resources[logicalId(prod.stack.operatorRole)];
    expect(operator.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    });
  });
});

describe('the trail', () => {
  it('logs every object read and write of the files bucket and every KMS call into the audit bucket', () => {
    const [[, trail]] = ofType('AWS::CloudTrail::Trail') as [[string, any]];
    expect(trail.Properties.S3BucketName).toEqual({ Ref: logicalId(prod.stack.data.auditBucket) });
    expect(trail.Properties.S3KeyPrefix).toBe(trailPrefix);
    expect(trail.Properties.EnableLogFileValidation).toBe(true);
    const selectors = trail.Properties.EventSelectors as any[];
    expect(selectors).toContainEqual(
      expect.objectContaining({
        IncludeManagementEvents: true,
        ReadWriteType: 'All',
        DataResources: [
          {
            Type: 'AWS::S3::Object',
            Values: [
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(prod.stack.data.filesBucket), 'Arn'] }, '/']] },
            ],
          },
        ],
      }),
    );
  });
});

describe('backups', () => {
  it('backs up the table and the files and audit buckets daily, copied to a vault in another region', () => {
    const [[, plan]] = ofType('AWS::Backup::BackupPlan') as [[string, any]];
    const [rule] = plan.Properties.BackupPlan.BackupPlanRule;
    expect(rule.Lifecycle.DeleteAfterDays).toBe(backupRetention.toDays());
    const [copy] = rule.CopyActions;
    expect(JSON.stringify(copy.DestinationBackupVaultArn)).toContain(
      `:backup:eu-central-1:${prodContext.account}:backup-vault:${copyVaultName('alliance-prod')}`,
    );
    expect(copy.Lifecycle.DeleteAfterDays).toBe(backupRetention.toDays());
    const copyStack = prod.app.synth().getStackByName(backupCopyStackId('prod'));
    expect(copyStack.environment.region).toBe('eu-central-1');
    expect(Object.values(copyStack.template.Resources as Record<string, any>)).toContainEqual(
      expect.objectContaining({
        Type: 'AWS::Backup::BackupVault',
        Properties: expect.objectContaining({ BackupVaultName: copyVaultName('alliance-prod') }),
      }),
    );
    const [[, selection]] = ofType('AWS::Backup::BackupSelection') as [[string, any]];
    expect(selection.Properties.BackupSelection.Resources).toEqual([
      { 'Fn::GetAtt': [logicalId(prod.stack.data.table), 'Arn'] },
      { 'Fn::GetAtt': [logicalId(prod.stack.data.filesBucket), 'Arn'] },
      { 'Fn::GetAtt': [logicalId(prod.stack.data.auditBucket), 'Arn'] },
    ]);
    expect(selection.Properties.BackupSelection.IamRoleArn).toEqual(roleArn(prod.stack.backups.role));
    const managed = resources[logicalId(prod.stack.backups.role)].Properties.ManagedPolicyArns;
    expect(JSON.stringify(managed)).toContain(backupManagedPolicies[2]!);
  });
});

describe('the audit archive lifecycle', () => {
  it('moves only objects large enough to be cheaper in Glacier Instant Retrieval, and says so', () => {
    const audit = resources[logicalId(prod.stack.data.auditBucket)];
    const [rule] = audit.Properties.LifecycleConfiguration.Rules;
    expect(rule).toMatchObject({
      Id: 'archive-after-a-quarter',
      ObjectSizeGreaterThan: String(smallestWorthArchiving),
      Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
    });
  });
});
