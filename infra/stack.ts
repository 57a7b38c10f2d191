import {
  AspectPriority,
  Aspects,
  Aws,
  CfnOutput,
  CfnResource,
  Duration,
  Fn,
  type IAspect,
  Lazy,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { CfnUserPool } from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { HttpMethods } from 'aws-cdk-lib/aws-s3';
import type { Construct, IConstruct } from 'constructs';
import { Api } from './constructs/api';
import { Backups } from './constructs/backups';
import { allowKeyUse, Data } from './constructs/data';
import { hostedUiUrl, Identity } from './constructs/identity';
import { Jobs } from './constructs/jobs';
import { MalwareScan } from './constructs/malware-scan';
import { Notify } from './constructs/notify';
import { Observability } from './constructs/observability';
import { Trail } from './constructs/trail';
import { type CustomDomain, Web } from './constructs/web';
import type { StageName } from './stages';

export interface PortalSettings {
  /** Repository root (the api bundle is built from here). */
  projectRoot: string;
  /** Built frontend to deploy. */
  webDistPath: string;
  stage: StageName;
  /** Production keeps its data when the stack or a resource goes; staging may be torn down whole. */
  retainsData: boolean;
  /** Where AWS Backup copies recovery points (infra/constructs/backups.ts). */
  backupRegion: string;
  /** The edge stack's CloudFront web ACL (infra/edge-stack.ts). */
  webAclArn?: string;
  /** Lower-case prefix of global names (buckets, the hosted-UI domain); carries the stage. */
  namePrefix: string;
  auditRetentionDays: number;
  customDomain?: CustomDomain;
  alarmEmail?: string;
  /** The domain the portal mails from, verified in SES (docs/notifications-aws.md). */
  mailDomain: string;
  /** The origin secret's version CloudFront sends, named after a rotation (infra/stages.ts). */
  originSecretVersion?: string;
}

/** The whole alliance portal in one stack: one construct per concern (docs/architecture.md). */
export class PortalStack extends Stack {
  readonly data: Data;
  readonly identity: Identity;
  readonly api: Api;
  readonly web: Web;
  readonly jobs: Jobs;
  readonly observability: Observability;
  readonly stage: StageName;
  readonly retainsData: boolean;
  readonly backups: Backups;
  readonly malwareScan: MalwareScan;
  readonly trail: Trail;
  /** The one human way to the data key (the first admin, a restore): assumed with MFA, logged. */
  readonly operatorRole: iam.Role;
  readonly notify: Notify;

  constructor(scope: Construct, id: string, settings: PortalSettings, props: StackProps = {}) {
    super(scope, id, props);
    this.stage = settings.stage;
    this.retainsData = settings.retainsData;
    // Staging is torn down whole: nothing of it outlives its stack (docs/runbooks.md).
    if (!settings.retainsData) Aspects.of(this).add(new Destroyable(), { priority: AspectPriority.MUTATING });

    this.data = new Data(this, 'Data', {
      namePrefix: settings.namePrefix,
      auditRetentionDays: settings.auditRetentionDays,
      retainsData: settings.retainsData,
    });

    // Spelled from pseudo parameters, not resource attributes: the CSP, the OAuth client and the
    // bucket CORS rule refer to each other's addresses, and references would form a cycle.
    const domainPrefix = Fn.join('-', [settings.namePrefix, Aws.ACCOUNT_ID]);
    const hostedUi = hostedUiUrl(domainPrefix);
    const filesBucketUrl = Fn.join('', [
      'https://',
      this.data.filesBucketName,
      '.s3.',
      Aws.REGION,
      '.',
      Aws.URL_SUFFIX,
    ]);

    // CloudFront points at the HTTP API resource, which itself depends on nothing; the API's
    // authorizer and Lambda depend on the OAuth client, which depends on the site's address.
    this.web = new Web(this, 'Web', {
      webBucket: this.data.webBucket,
      accessLogsBucket: this.data.accessLogsBucket,
      apiOriginDomain: Lazy.string({ produce: () => this.api.originDomain }),
      // A dynamic reference, never a literal. CloudFormation resolves it again only when it changes:
      // naming the version after a rotation is what sends CloudFront the new value (docs/runbooks.md).
      originSecret: Lazy.string({
        produce: () =>
          (settings.originSecretVersion
            ? SecretValue.secretsManager(this.api.originSecret.secretArn, {
                versionId: settings.originSecretVersion,
              })
            : this.api.originSecret.secretValue
          ).unsafeUnwrap(),
      }),
      ...(settings.webAclArn ? { webAclArn: settings.webAclArn } : {}),
      webDistPath: settings.webDistPath,
      hostedUiUrl: hostedUi,
      filesBucketUrl,
      ...(settings.customDomain ? { customDomain: settings.customDomain } : {}),
    });
    this.notify = new Notify(this, 'Notify', {
      projectRoot: settings.projectRoot,
      table: this.data.table,
      siteUrl: this.web.siteUrl,
      mailDomain: settings.mailDomain,
    });
    this.identity = new Identity(this, 'Identity', {
      domainPrefix,
      siteUrl: this.web.siteUrl,
      email: this.notify.cognitoEmail,
    });
    // Production's pool cannot be deleted by accident; staging's goes with its stack.
    (this.identity.userPool.node.defaultChild as CfnUserPool).deletionProtection = settings.retainsData
      ? 'ACTIVE'
      : 'INACTIVE';
    // Cognito checks the SES identity of its mail when the pool is created or changed.
    this.identity.userPool.node.addDependency(this.notify.emailIdentity);
    this.api = new Api(this, 'Api', {
      projectRoot: settings.projectRoot,
      table: this.data.table,
      filesBucket: this.data.filesBucket,
      userPool: this.identity.userPool,
      webClient: this.identity.webClient,
      issuerUrl: this.identity.issuerUrl,
      siteUrl: this.web.siteUrl,
      corsOrigins: settings.customDomain ? [`https://${settings.customDomain.domainName}`] : [],
    });
    // Browsers upload attachments straight to the files bucket with presigned POSTs.
    this.data.filesBucket.addCorsRule({
      allowedOrigins: [this.web.siteUrl],
      allowedMethods: [HttpMethods.POST],
      allowedHeaders: ['*'],
      maxAge: 3600,
    });
    this.web.deploySite({
      auth: {
        mode: 'cognito',
        domain: hostedUi,
        clientId: this.identity.webClient.userPoolClientId,
        redirectUri: `${this.web.siteUrl}/auth/callback`,
        logoutUri: `${this.web.siteUrl}/`,
      },
    });
    this.jobs = new Jobs(this, 'Jobs', {
      projectRoot: settings.projectRoot,
      table: this.data.table,
      auditBucket: this.data.auditBucket,
    });
    const { auditArchive, auditComparison } = this.jobs;
    const { notify } = this;
    this.observability = new Observability(this, 'Observability', {
      functions: [
        this.api.function,
        auditArchive.function,
        auditComparison.function,
        notify.notify,
        notify.schedule,
        notify.bounces,
        notify.webhooks.function,
      ],
      streamJobs: [
        { function: auditArchive.function, failures: auditArchive.failures },
        { function: notify.notify, failures: notify.notifyFailures },
        { function: notify.webhooks.function, failures: notify.webhooks.failures },
      ],
      auditTrail: true,
      httpApi: this.api.httpApi,
      table: this.data.table,
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
    });

    this.backups = new Backups(this, 'Backups', {
      namePrefix: settings.namePrefix,
      table: this.data.table,
      buckets: [this.data.filesBucket, this.data.auditBucket],
      copyRegion: settings.backupRegion,
    });
    this.malwareScan = new MalwareScan(this, 'MalwareScan', {
      filesBucket: this.data.filesBucket,
      dataKey: this.data.dataKey,
    });
    this.trail = new Trail(this, 'Trail', {
      auditBucket: this.data.auditBucket,
      filesBucket: this.data.filesBucket,
    });
    this.operatorRole = new iam.Role(this, 'Operator', {
      assumedBy: new iam.AccountRootPrincipal().withConditions({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      }),
      description: 'Break-glass: the first admin and restores; every use of the data key is in the trail',
      maxSessionDuration: Duration.hours(1),
    });
    // Nobody else: not the account's administrators, not the deploy role (docs/security.md).
    allowKeyUse(this.data, [
      this.api.function.executionRole,
      auditArchive.function.executionRole,
      auditComparison.function.executionRole,
      this.backups.role,
      this.operatorRole,
      // The notify jobs read the table and its stream.
      notify.notify.executionRole,
      notify.schedule.executionRole,
      notify.bounces.executionRole,
      notify.webhooks.function.executionRole,
    ]);
    notify.reportTo(this.observability.topic);
    notify.readLinkKeysFrom(this.api.cursorKey);

    new CfnOutput(this, 'SiteUrl', { value: this.web.siteUrl });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'HostedUiUrl', { value: hostedUi });
  }
}

/** Deletes with the stack what would otherwise be retained (log groups, the user pool, …). */
class Destroyable implements IAspect {
  visit(node: IConstruct): void {
    if (CfnResource.isCfnResource(node) && node.cfnOptions.deletionPolicy !== undefined) {
      node.applyRemovalPolicy(RemovalPolicy.DESTROY);
    }
  }
}
