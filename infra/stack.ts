import { Aws, CfnOutput, Fn, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpMethods } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { Data } from './constructs/data';
import { hostedUiUrl, Identity } from './constructs/identity';
import { Jobs } from './constructs/jobs';
import { Notify } from './constructs/notify';
import { Observability } from './constructs/observability';
import { type CustomDomain, Web } from './constructs/web';

export interface PortalSettings {
  /** Repository root (the api bundle is built from here). */
  projectRoot: string;
  /** Built frontend to deploy. */
  webDistPath: string;
  /** Lower-case prefix of global names (buckets, the hosted-UI domain). */
  namePrefix: string;
  auditRetentionDays: number;
  customDomain?: CustomDomain;
  alarmEmail?: string;
  /** The domain the portal mails from, verified in SES (docs/notifications-aws.md). */
  mailDomain: string;
}

/** The whole alliance portal in one stack: one construct per concern (docs/architecture.md). */
export class PortalStack extends Stack {
  readonly data: Data;
  readonly identity: Identity;
  readonly api: Api;
  readonly web: Web;
  readonly jobs: Jobs;
  readonly observability: Observability;
  readonly notify: Notify;

  constructor(scope: Construct, id: string, settings: PortalSettings, props: StackProps = {}) {
    super(scope, id, props);

    this.data = new Data(this, 'Data', {
      namePrefix: settings.namePrefix,
      auditRetentionDays: settings.auditRetentionDays,
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
      ],
      streamJobs: [
        { function: auditArchive.function, failures: auditArchive.failures },
        { function: notify.notify, failures: notify.notifyFailures },
      ],
      auditTrail: true,
      httpApi: this.api.httpApi,
      table: this.data.table,
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
    });

    notify.reportTo(this.observability.topic);
    notify.giveUnsubscribeKey(this.api.function);

    new CfnOutput(this, 'SiteUrl', { value: this.web.siteUrl });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'HostedUiUrl', { value: hostedUi });
  }
}
