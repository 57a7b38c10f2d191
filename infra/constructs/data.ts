import { Aws, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/table';

export interface DataProps {
  /** Lower-case prefix of the globally unique bucket names. */
  namePrefix: string;
  /** Days an audit export stays immutable (Object Lock, compliance mode). */
  auditRetentionDays: number;
  /** Production keeps table and buckets when the stack goes; staging's are deleted, objects too. */
  retainsData: boolean;
}

/**
 * Settings every bucket shares: private, TLS only, versioned, encrypted; kept on stack deletion in
 * production, emptied and deleted with a staging stack.
 */
const privateBucketFor = (retainsData: boolean) =>
  ({
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: retainsData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    autoDeleteObjects: !retainsData,
  }) satisfies s3.BucketProps;

/**
 * The single DynamoDB table (from `tableDefinition`, the same source the local bootstrap reads;
 * its stream is a deployment property, so it is set here) and the buckets: files, web, audit (Object Lock) and the access-log bucket they all log to.
 */
export class Data extends Construct {
  readonly table: dynamodb.Table;
  /** Encrypts the table and the files bucket; only the roles `allowKeyUse` names may use it. */
  readonly dataKey: kms.Key;
  readonly filesBucket: s3.Bucket;
  readonly webBucket: s3.Bucket;
  readonly auditBucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  /**
   * The files bucket's name, spelled without referring to the bucket resource: the CSP and the
   * bucket's own CORS rule both need it, and a reference would close a dependency cycle.
   */
  readonly filesBucketName: string;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    const privateBucket = privateBucketFor(props.retainsData);

    // The account may administer the key (its policy, rotation, deletion: each a management event
    // in CloudTrail) but not use it: no IAM policy, however broad, lets anyone decrypt. Who may is
    // named in the key policy by allowKeyUse (docs/security.md).
    this.dataKey = new kms.Key(this, 'DataKey', {
      description: 'Alliance portal: the table and the files bucket (TLP:RED content)',
      enableKeyRotation: true,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AccountAdministersButCannotUse',
            principals: [new iam.AccountRootPrincipal()],
            actions: keyAdministration,
            resources: ['*'],
          }),
        ],
      }),
      removalPolicy: props.retainsData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.retainsData,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // The audit archive job (./jobs.ts) reads audit items off the stream. Old images too: a
      // changed or deleted audit item is archived as evidence of tampering.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: props.retainsData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of tableDefinition.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // The access-log bucket receives S3 server access logs (bucket policy) and CloudFront standard
    // logs, which CloudFront can still only deliver through ACLs: hence BUCKET_OWNER_PREFERRED.
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...privateBucket,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [
        { id: 'expire-logs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
        { id: 'abort-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.filesBucketName = Fn.join('-', [props.namePrefix, 'files', Aws.ACCOUNT_ID, Aws.REGION]);
    this.filesBucket = new s3.Bucket(this, 'Files', {
      ...privateBucket,
      bucketName: this.filesBucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      // One data key per bucket, not per object: far fewer KMS requests, same key policy.
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'files/',
      lifecycleRules: [
        // A replaced or deleted attachment stays recoverable for a quarter, then goes.
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(90) },
        { id: 'abort-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'cheaper-after-a-month', transitions: [transitionToInfrequentAccess(30)] },
      ],
    });

    this.webBucket = new s3.Bucket(this, 'Web', {
      ...privateBucket,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'web/',
      lifecycleRules: [
        { id: 'expire-old-builds', noncurrentVersionExpiration: Duration.days(30) },
        { id: 'abort-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    // Audit exports must survive an insider with admin rights: compliance-mode Object Lock.
    this.auditBucket = new s3.Bucket(this, 'Audit', {
      ...privateBucket,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(props.auditRetentionDays)),
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'audit/',
      lifecycleRules: [
        // S3 does not move objects under 128 KB by default, and that is right for the ~1 KB audit
        // copies: Glacier Instant Retrieval bills every object as 128 KB and charges per
        // transition, so a 1 KB copy costs ~20x more there than in Standard (docs/operations.md).
        // The floor is written out so nobody "fixes" it into a bill: larger exports still move.
        {
          id: 'archive-after-a-quarter',
          objectSizeGreaterThan: smallestWorthArchiving,
          transitions: [transitionToGlacier(90)],
        },
        { id: 'abort-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    // CloudFormation types the size as a string; aws-cdk-lib writes a number, which its own
    // validation then warns about.
    (this.auditBucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(
      'LifecycleConfiguration.Rules.0.ObjectSizeGreaterThan',
      String(smallestWorthArchiving),
    );
  }
}

/** Bytes below which Glacier Instant Retrieval's 128 KB minimum billable size makes a transition cost more. */
export const smallestWorthArchiving = 128 * 1024;

/** What the account may do with the data key: everything but use it. */
const keyAdministration = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/** What a role may do with the data key, and only through DynamoDB or S3 (kms:ViaService). */
export const keyUse = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
  'kms:DescribeKey',
  'kms:CreateGrant',
];

/**
 * Names `roles` in the data key's policy: they may use it through DynamoDB and S3 (never call
 * KMS for plaintext themselves), and nobody else may at all.
 */
export function allowKeyUse(data: Data, roles: iam.IRole[]): void {
  const stack = Stack.of(data);
  data.dataKey.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'NamedRolesUseThroughDynamoDbAndS3',
      principals: roles.map((role) => new iam.ArnPrincipal(role.roleArn)),
      actions: keyUse,
      resources: ['*'],
      conditions: {
        StringEquals: {
          'kms:ViaService': [
            `dynamodb.${stack.region}.${stack.urlSuffix}`,
            `s3.${stack.region}.${stack.urlSuffix}`,
          ],
          'kms:CallerAccount': stack.account,
        },
      },
    }),
  );
}

function transitionToInfrequentAccess(days: number): s3.Transition {
  return { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(days) };
}

function transitionToGlacier(days: number): s3.Transition {
  return { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(days) };
}
