import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
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

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.retainsData,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
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
        { id: 'archive-after-a-quarter', transitions: [transitionToGlacier(90)] },
        { id: 'abort-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }
}

function transitionToInfrequentAccess(days: number): s3.Transition {
  return { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(days) };
}

function transitionToGlacier(days: number): s3.Transition {
  return { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(days) };
}
