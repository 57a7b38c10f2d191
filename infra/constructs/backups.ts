import { ArnFormat, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** How long a daily recovery point is kept, here and in the copy region. */
export const backupRetention = Duration.days(35);

/** The copy vault's name: fixed, so the portal stack can name it in another region without a reference. */
export const copyVaultName = (namePrefix: string) => `${namePrefix}-backup-copy`;

export interface BackupsProps {
  namePrefix: string;
  table: dynamodb.ITable;
  buckets: s3.IBucket[];
  /** Where the copy vault is (infra/backup-copy-stack.ts): another EU region than the stack's. */
  copyRegion: string;
}

/**
 * AWS Backup: a daily recovery point of the table and the buckets (PITR stays on for the table's
 * last 35 days to the second), each copied to a vault in another region, so losing a region or a
 * deleted table still leaves a restorable copy (docs/runbooks.md, restore from backup).
 */
export class Backups extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BackupsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.vault = new backup.BackupVault(this, 'Vault', { backupVaultName: `${props.namePrefix}-backups` });
    const copyVault = backup.BackupVault.fromBackupVaultArn(
      this,
      'CopyVault',
      stack.formatArn({
        service: 'backup',
        region: props.copyRegion,
        resource: 'backup-vault',
        resourceName: copyVaultName(props.namePrefix),
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    );
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'DailyWithCopy',
          scheduleExpression: events.Schedule.cron({ hour: '2', minute: '30' }),
          deleteAfter: backupRetention,
          copyActions: [{ destinationBackupVault: copyVault, deleteAfter: backupRetention }],
        }),
      ],
    });
    // AWS Backup's own managed policies: S3 needs two of its own beside the general ones.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup: back up and restore the portal table and buckets',
      managedPolicies: backupManagedPolicies.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    this.plan.addSelection('Data', {
      role: this.role,
      resources: [
        backup.BackupResource.fromDynamoDbTable(props.table),
        ...props.buckets.map((bucket) => backup.BackupResource.fromArn(bucket.bucketArn)),
      ],
    });
  }
}

export const backupManagedPolicies = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Backup',
  'AWSBackupServiceRolePolicyForS3Restore',
];

/** The copy region's vault: a stack of its own there, deployed before the portal stack. */
export class BackupCopyStack extends Stack {
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, namePrefix: string, props: StackProps) {
    super(scope, id, props);
    this.vault = new backup.BackupVault(this, 'Vault', { backupVaultName: copyVaultName(namePrefix) });
  }
}
