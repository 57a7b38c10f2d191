import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { readableVersionStages, environmentVariables as setting } from '../../functions/settings/environment';
import {
  publicMethods,
  publicPaths,
  unsubscribeMethods,
  unsubscribePath,
} from '../../functions/settings/public-paths';
import { tokenAcknowledgePath, tokenReadPrefixes } from '../../shared/api-token-rules';
import { fileKeyPrefixes } from '../../shared/files';
import {
  bindBucketPrefixes,
  bindMemberAdministration,
  bindObjectDeletes,
  bindScanStatusReads,
  bindTable,
  denyAuditChanges,
} from '../least-privilege';
import { PortalFunction } from './portal-function';

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

/**
 * The paths anyone may call (functions/settings/public-paths.ts, which the api's auth middleware
 * reads too), routed without the authorizer; every other route needs a Cognito token at the edge.
 */
export const openRoutes = publicPaths.map((path) => ({
  path,
  // RFC 8058: a mail client POSTs the one-click unsubscribe, signed out; the token is the proof.
  methods: (path === unsubscribePath ? unsubscribeMethods : publicMethods).map(
    (method) => apigw.HttpMethod[method],
  ),
}));

/**
 * What an API token may call (shared/api-token-rules.ts), routed without the Cognito authorizer:
 * a token (`alp.…`) is not a JWT, so the edge cannot check it, and the api's auth middleware
 * verifies every request on these paths itself, a member's JWT and a machine's token alike.
 */
export const tokenRoutes = [
  ...tokenReadPrefixes.flatMap(({ prefix }) =>
    [prefix, `${prefix}/{proxy+}`].map((path) => ({
      path,
      methods: [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD],
    })),
  ),
  { path: tokenAcknowledgePath, methods: [apigw.HttpMethod.POST] },
];

/**
 * The `api` Lambda (the Hono app behind `hono/aws-lambda`) behind an HTTP API: a JWT authorizer
 * on Cognito on every route but the public paths, throttling and access logs.
 */
export class Api extends Construct {
  readonly function: PortalFunction;
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly logGroup: logs.LogGroup;
  readonly accessLogGroup: logs.LogGroup;
  readonly cursorKey: secrets.Secret;
  readonly originSecret: secrets.Secret;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.function = new PortalFunction(this, 'Function', {
      projectRoot: props.projectRoot,
      bundle: 'api',
      serviceName: 'alliance-api',
      description: 'Alliance portal API (Hono)',
      roleDescription: 'The api Lambda: its table, its file prefixes, member administration',
      memorySize: 1024,
      timeout: Duration.seconds(10),
      environment: {
        [setting.filesBucket]: props.filesBucket.bucketName,
        [setting.authIssuer]: props.issuerUrl,
        [setting.authAudience]: props.webClient.userPoolClientId,
        [setting.userPoolId]: props.userPool.userPoolId,
        [setting.publicBaseUrl]: props.siteUrl,
      },
    });
    this.logGroup = this.function.functionLogs;
    const role = this.function.executionRole;

    // 64 letters and digits are valid base64 and decode to 48 bytes (~381 bits of entropy). Read at
    // run time (functions/api/keys.ts): the function's configuration holds the ARN only.
    this.cursorKey = new secrets.Secret(this, 'CursorKey', {
      description: 'Key that seals list cursors (base64); AWSCURRENT seals, AWSPREVIOUS still opens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    this.function.addEnvironment(setting.cursorKeySecret, this.cursorKey.secretArn);
    // The header value CloudFront sends with every request to the API (./web.ts); the api refuses
    // requests without it (functions/api/origin.ts), which is all a direct call to execute-api is.
    this.originSecret = new secrets.Secret(this, 'OriginSecret', {
      description: 'Header value only CloudFront sends the API; AWSCURRENT and AWSPREVIOUS both pass',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    this.function.addEnvironment(setting.originSecret, this.originSecret.secretArn);
    for (const secret of [this.cursorKey, this.originSecret]) {
      // The current and the previous version, nothing older (functions/api/keys.ts names the stage).
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [secret.secretArn],
          conditions: { StringEquals: { 'secretsmanager:VersionStage': [...readableVersionStages] } },
        }),
      );
    }

    // Sets TABLE_NAME with the grant. DeleteItem: Powertools idempotency removes its in-progress record when a write fails.
    bindTable(this.function, props.table, 'RW', { deletes: true });
    // The trail is append-only for the api, whatever the grant above allows.
    denyAuditChanges(role, props.table);
    bindBucketPrefixes(this.function, props.filesBucket, Object.values(fileKeyPrefixes), 'RW');
    // Every download reads the file's malware scan tag first (./malware-scan.ts).
    bindScanStatusReads(this.function, props.filesBucket, Object.values(fileKeyPrefixes));
    // Discarding an unfinished document upload or a bulletin attachment removes its file; no other
    // area deletes files.
    bindObjectDeletes(this.function, props.filesBucket, [
      fileKeyPrefixes.documents,
      fileKeyPrefixes.bulletins,
    ]);
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
    for (const route of [...openRoutes, ...tokenRoutes]) {
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
