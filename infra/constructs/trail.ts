import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface TrailProps {
  /** The Object Lock audit bucket: the trail's files are as unchangeable as the audit copies. */
  auditBucket: s3.IBucket;
  filesBucket: s3.IBucket;
}

/** Where the trail writes in the audit bucket. */
export const trailPrefix = 'cloudtrail';

/**
 * Who touched TLP:RED files and the data key: every read and write of the files bucket's objects
 * (data events) and every KMS call, decrypts included (management events), into the audit bucket.
 */
export class Trail extends Construct {
  readonly trail: cloudtrail.Trail;

  constructor(scope: Construct, id: string, props: TrailProps) {
    super(scope, id);
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      bucket: props.auditBucket,
      s3KeyPrefix: trailPrefix,
      enableFileValidation: true,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: false,
      managementEvents: cloudtrail.ReadWriteType.ALL,
    });
    this.trail.addS3EventSelector([{ bucket: props.filesBucket }], {
      readWriteType: cloudtrail.ReadWriteType.ALL,
      includeManagementEvents: true,
    });
  }
}
