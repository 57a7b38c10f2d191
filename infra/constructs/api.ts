import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { publicBaseUrlVariable } from '../../functions/api/public-site';
import { fileKeyPrefixes } from '../../shared/files';
import { bundledCode, lambdaHandler } from '../bundled-code';
import {
  bindBucketPrefixes,
  bindMemberAdministration,
  bindObjectDeletes,
  bindTable,
  denyAuditChanges,
} from '../least-privilege';

export interface ApiProps {
  /** Repository root: the api is bundled from here with the local esbuild (infra/bundling.ts). */
  projectRoot: string;
  table: dynamodb.ITable;
  filesBucket: s3.IBucket;
  userPool: cognito.IUserPool;
  webClient: cognito.IUserPoolClient;
  issuerUrl: string;
  /** The site's address: the API builds the Atom feed's ids and links from it, not from Host. */
  siteUrl: string;
  /** Browser origins allowed to call the API cross-origin; the site itself calls it same-origin. */
  corsOrigins: string[];
}

/** Same-origin traffic through CloudFront is the norm; these are ceilings against abuse. */
export const apiThrottle = { rateLimit: 50, burstLimit: 100 } as const;

/** Paths anyone may call (docs/api.md); every other route needs a Cognito token at the edge too. */
export const openRoutes = [
  { path: '/api/v1/health', methods: [apigw.HttpMethod.GET] },
  { path: '/api/v1/health/ready', methods: [apigw.HttpMethod.GET] },
  { path: '/api/v1/public/{proxy+}', methods: [apigw.HttpMethod.GET] },
] as const;

/**
 * The `api` Lambda (the Hono app behind `hono/aws-lambda`) behind an HTTP API: a JWT authorizer
 * on Cognito on every route but health and the public feed, throttling and access logs.
 */
export class Api extends Construct {
  readonly function: lambda.Function;
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly logGroup: logs.LogGroup;
  readonly accessLogGroup: logs.LogGroup;
  readonly cursorKey: secrets.Secret;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Our own role: no AWS managed policy, log writing limited to this function's log group.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'The api Lambda: its table, its file prefixes, member administration',
    });
    this.logGroup.grantWrite(role);

    // 64 letters and digits are valid base64 and decode to 48 bytes (~381 bits of entropy).
    this.cursorKey = new secrets.Secret(this, 'CursorKey', {
      description: 'HMAC key that seals list cursors (CURSOR_KEY, base64)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });

    this.function = new lambda.Function(this, 'Function', {
      code: bundledCode(props.projectRoot, 'api'),
      handler: lambdaHandler,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.seconds(10),
      role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        TABLE_NAME: props.table.tableName,
        FILES_BUCKET: props.filesBucket.bucketName,
        AUTH_ISSUER: props.issuerUrl,
        AUTH_AUDIENCE: props.webClient.userPoolClientId,
        USER_POOL_ID: props.userPool.userPoolId,
        [publicBaseUrlVariable]: props.siteUrl,
        // A dynamic reference: CloudFormation resolves it at deploy time, the template holds none.
        CURSOR_KEY: this.cursorKey.secretValue.unsafeUnwrap(),
        POWERTOOLS_SERVICE_NAME: 'alliance-api',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'AlliancePortal',
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
      },
      description: 'Alliance portal API (Hono)',
    });

    // DeleteItem: Powertools idempotency removes its in-progress record when a write fails.
    bindTable(this.function, props.table, 'RW', { deletes: true });
    // The trail is append-only for the api, whatever the grant above allows.
    denyAuditChanges(role, props.table);
    bindBucketPrefixes(this.function, props.filesBucket, Object.values(fileKeyPrefixes), 'RW');
    // Discarding an unfinished document upload removes its file; no other area deletes files.
    bindObjectDeletes(this.function, props.filesBucket, [fileKeyPrefixes.documents]);
    bindMemberAdministration(this.function, props.userPool);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Alliance portal API',
      createDefaultStage: false,
      ...(props.corsOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: props.corsOrigins,
              allowMethods: [apigw.CorsHttpMethod.ANY],
              allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: apiThrottle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('Lambda', this.function, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    for (const route of openRoutes) {
      this.httpApi.addRoutes({ path: route.path, methods: [...route.methods], integration });
    }
    this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [apigw.HttpMethod.ANY],
      integration,
      authorizer: new HttpUserPoolAuthorizer('Members', props.userPool, {
        userPoolClients: [props.webClient],
      }),
    });
  }

  /** `https://<id>.execute-api.<region>.amazonaws.com` without the scheme, for CloudFront. */
  get originDomain(): string {
    return `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }
}
