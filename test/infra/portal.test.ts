import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditPut } from '../../functions/adapters/dynamodb/audit-item';
import { createTableInput } from '../../functions/adapters/dynamodb/table';
import { isPublicPath } from '../../functions/api/middleware/auth';
import { publicBaseUrlVariable } from '../../functions/api/public-site';
import { LocalIssuer } from '../../functions/local/issuer';
import { localServer } from '../../functions/local/server';
import {
  publicMethods,
  publicPaths,
  unsubscribeMethods,
  unsubscribePath,
} from '../../functions/settings/public-paths';
import { apiThrottle } from '../../infra/constructs/api';
import { auditArchiveStream } from '../../infra/constructs/jobs';
import { requiredScope, tokenAcknowledgePath, tokenReadPrefixes } from '../../shared/api-token-rules';
import type { AuditEvent } from '../../shared/audit';
import { Role } from '../../shared/organisation';
import { tableDefinition } from '../../shared/table';
import { fixtureWebDist, type Synthesized, sharedSynth, templateJson } from './synth';

let portal: Synthesized;
let template: Template;
let resources: Record<string, { Type: string; Properties?: any; DeletionPolicy?: string }>;

const ofType = (type: string) =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type) as [string, any][];
/** A template value with `Fn::Join`s joined and references spelled `<Name>`, as one string. */
const joined = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const v = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string };
  if (v['Fn::Join']) return v['Fn::Join'][1].map(joined).join(v['Fn::Join'][0]);
  if (v.Ref) return `<${v.Ref}>`;
  throw new Error(`cannot join ${JSON.stringify(value)}`);
};
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  portal.stack.getLogicalId(construct.node.defaultChild as never);

beforeAll(() => {
  portal = sharedSynth();
  template = portal.template;
  resources = templateJson(portal).Resources;
});

describe('data', () => {
  it('builds the table from the same definition as the local bootstrap', () => {
    const local = createTableInput('ignored');
    const [, table] = ofType('AWS::DynamoDB::Table')[0]!;
    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(1);
    expect(table.Properties.KeySchema).toEqual(local.KeySchema);
    expect(new Set(table.Properties.AttributeDefinitions)).toEqual(new Set(local.AttributeDefinitions));
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
  });

  it('keeps the table on demand, recoverable and encrypted, with TTL (retention by stage: stages.test.ts)', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      },
    });
  });

  it('streams each item’s new and old image, for the audit archive', () => {
    const table = resources[logicalId(portal.stack.data.table)]!;
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('makes every bucket private, TLS-only, versioned, encrypted and lifecycle-managed', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(4);
    const policies = ofType('AWS::S3::BucketPolicy');
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.VersioningConfiguration, id).toEqual({ Status: 'Enabled' });
      // The files bucket has the data key (data-protection.test.ts); the others S3's own.
      expect(
        bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
          .SSEAlgorithm,
        id,
      ).toBe(id === logicalId(portal.stack.data.filesBucket) ? 'aws:kms' : 'AES256');
      expect(bucket.Properties.LifecycleConfiguration.Rules.length, id).toBeGreaterThan(0);
      // The default synthesis is staging, torn down whole; production retains (stages.test.ts).
      expect(bucket.DeletionPolicy, id).toBe('Delete');
      const policy = policies.find(([, p]) => p.Properties.Bucket.Ref === id);
      expect(policy, `${id} has a bucket policy`).toBeDefined();
      expect(policy![1].Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('logs access to the files, web and audit buckets into the access-log bucket', () => {
    const logs = logicalId(portal.stack.data.accessLogsBucket);
    for (const bucket of [
      portal.stack.data.filesBucket,
      portal.stack.data.webBucket,
      portal.stack.data.auditBucket,
    ]) {
      expect(resources[logicalId(bucket)]!.Properties.LoggingConfiguration.DestinationBucketName).toEqual({
        Ref: logs,
      });
    }
  });

  it('locks audit exports in compliance mode', () => {
    const audit = resources[logicalId(portal.stack.data.auditBucket)]!;
    expect(audit.Properties.ObjectLockEnabled).toBe(true);
    expect(audit.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      // Staging's copies stay locked a day, so its bucket can be emptied (docs/runbooks.md).
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
    });
  });

  it('expires old versions of attachments and aborts stale uploads', () => {
    const files = resources[logicalId(portal.stack.data.filesBucket)]!;
    expect(files.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }),
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
      ]),
    );
  });
});

describe('identity', () => {
  it('requires MFA (TOTP), admin-only sign-up and strong passwords, with threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      // Staging, the default synthesis, may be torn down; production's pool is protected (stages.test.ts).
      DeletionProtection: 'INACTIVE',
    });
  });

  it('has one group per role', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...Role.options].sort());
  });

  it('keeps custom:org out of every app client’s write attributes', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'org', AttributeDataType: 'String', Mutable: false }),
      ]),
    });
    const clients = ofType('AWS::Cognito::UserPoolClient');
    expect(clients.length).toBeGreaterThan(0);
    for (const [, client] of clients) {
      expect(client.Properties.WriteAttributes).toBeDefined();
      expect(client.Properties.WriteAttributes).not.toContain('custom:org');
    }
  });

  it('gives the web a public code + PKCE client returning to the site', () => {
    const [, client] = ofType('AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email', 'profile']),
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
    expect(client.Properties.ReadAttributes).toContain('custom:org');
    const callback = JSON.stringify(client.Properties.CallbackURLs);
    expect(callback).toContain(logicalId(portal.stack.web.distribution));
    expect(callback).toContain('/auth/callback');
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });
});

describe('api', () => {
  it('runs the api Lambda on nodejs22.x arm64 with explicit memory, timeout, tracing and log group', () => {
    const fn = resources[logicalId(portal.stack.api.function)]!;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 10,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: logicalId(portal.stack.api.logGroup) } },
      Handler: 'index.handler',
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 90 },
      DeletionPolicy: 'Delete',
    });
    expect(resources[logicalId(portal.stack.api.logGroup)]!.Properties.RetentionInDays).toBe(90);
  });

  it('configures the Lambda only through its environment, the secrets by ARN, never by value', () => {
    const env = resources[logicalId(portal.stack.api.function)]!.Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'TABLE_NAME',
        'FILES_BUCKET',
        'AUTH_ISSUER',
        'AUTH_AUDIENCE',
        'USER_POOL_ID',
        'CURSOR_KEY_SECRET_ARN',
        'ORIGIN_SECRET_ARN',
        'POWERTOOLS_SERVICE_NAME',
        'POWERTOOLS_LOG_LEVEL',
      ]),
    );
    expect(env.TABLE_NAME).toEqual({ Ref: logicalId(portal.stack.data.table) });
    expect(env.AUTH_AUDIENCE).toEqual({ Ref: logicalId(portal.stack.identity.webClient) });
    expect(JSON.stringify(env.AUTH_ISSUER)).toContain('https://cognito-idp.');
    // The keys are read at run time (functions/api/keys.ts): no value, not even a dynamic reference.
    expect(env.CURSOR_KEY_SECRET_ARN).toEqual({ Ref: logicalId(portal.stack.api.cursorKey) });
    expect(env.ORIGIN_SECRET_ARN).toEqual({ Ref: logicalId(portal.stack.api.originSecret) });
    expect(JSON.stringify(env)).not.toContain('resolve:secretsmanager');
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
  });

  it('puts the Cognito JWT authorizer on every route except the paths the api itself leaves public', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route');
    const open = routes
      .filter(([, r]) => r.Properties.AuthorizationType !== 'JWT')
      .map(([, r]) => r.Properties.RouteKey);
    // The api's own lists (functions/settings/public-paths.ts, shared/api-token-rules.ts), so the
    // edge and the app agree: the public paths, and what an API token (not a JWT) may call.
    const publicKeys = publicPaths.flatMap((path) =>
      (path === unsubscribePath ? unsubscribeMethods : publicMethods).map((method) => `${method} ${path}`),
    );
    const tokenKeys = [
      ...tokenReadPrefixes.flatMap(({ prefix }) =>
        [prefix, `${prefix}/{proxy+}`].flatMap((path) => [`GET ${path}`, `HEAD ${path}`]),
      ),
      `POST ${tokenAcknowledgePath}`,
    ];
    expect(open.sort()).toEqual([...publicKeys, ...tokenKeys].sort());
    expect(tokenKeys).toEqual(
      expect.arrayContaining([
        'GET /taxii2',
        'GET /taxii2/{proxy+}',
        'POST /api/v1/bulletins/{id}/acknowledgements',
      ]),
    );
    // A mail client's one-click unsubscribe (RFC 8058) is a POST with no token.
    expect(open).toContain('POST /api/v1/unsubscribe/{proxy+}');
    for (const key of open) {
      const [method, path] = key.split(' ') as [string, string];
      const sample = path.replace('{proxy+}', 'x/y').replace('{id}', 'b1');
      // Each open route is public in the app, or one the app lets a token call (and so checks itself).
      expect(isPublicPath(sample) || requiredScope(method, sample) !== null, key).toBe(true);
    }
    const guarded = routes.filter(([, r]) => r.Properties.AuthorizationType === 'JWT');
    expect(guarded.map(([, r]) => r.Properties.RouteKey)).toEqual(['ANY /api/{proxy+}']);
    const [authorizerId, authorizer] = ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
    for (const [, route] of guarded) expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: logicalId(portal.stack.identity.webClient) }] },
    });
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('cognito-idp.');
  });

  it('throttles and logs every request at the stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: apiThrottle.rateLimit,
        ThrottlingBurstLimit: apiThrottle.burstLimit,
      },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logicalId(portal.stack.api.accessLogGroup), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });

  it("tells the API the site's address for the Atom feed's links: the distribution's, or the custom domain", () => {
    const env = resources[logicalId(portal.stack.api.function)]!.Properties.Environment.Variables;
    expect(env[publicBaseUrlVariable]).toEqual({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [logicalId(portal.stack.web.distribution), 'DomainName'] }],
      ],
    });
    const custom = sharedSynth({
      context: {
        domainName: 'portal.ports-alliance.example',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      },
    });
    const customEnv =
      templateJson(custom).Resources[
        custom.stack.getLogicalId(custom.stack.api.function.node.defaultChild as never)
      ].Properties.Environment.Variables;
    expect(customEnv[publicBaseUrlVariable]).toBe('https://portal.ports-alliance.example');
  });

  it('allows no cross-origin browser calls when the site and the API share an origin', () => {
    const [, api] = ofType('AWS::ApiGatewayV2::Api')[0]!;
    expect(api.Properties.CorsConfiguration).toBeUndefined();
  });

  it('limits CORS to the site when the site has its own domain', () => {
    const custom = sharedSynth({
      context: {
        domainName: 'portal.ports-alliance.example',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      },
    });
    custom.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://portal.ports-alliance.example'] }),
    });
    custom.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['portal.ports-alliance.example'],
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        }),
      }),
    });
    custom.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://portal.ports-alliance.example/auth/callback'],
    });
  });
});

describe('web', () => {
  const distribution = () =>
    resources[logicalId(portal.stack.web.distribution)]!.Properties.DistributionConfig;

  it('serves the web bucket through origin access control only', () => {
    const s3Origin = distribution().Origins.find((o: any) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const webPolicy = ofType('AWS::S3::BucketPolicy').find(
      ([, p]) => p.Properties.Bucket.Ref === logicalId(portal.stack.data.webBucket),
    )!;
    expect(webPolicy[1].Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: expect.objectContaining({ StringEquals: expect.anything() }),
      }),
    );
  });

  it('sends /api/* and the TAXII server (/taxii2*) to the HTTP API alike', () => {
    const [api, taxii] = ['/api/*', '/taxii2*'].map((pattern) =>
      distribution().CacheBehaviors.find((b: any) => b.PathPattern === pattern),
    );
    expect(taxii).toEqual(api && { ...api, PathPattern: '/taxii2*' });
  });

  it('sends /api/* to the HTTP API uncached, forwarding every viewer header but Host', () => {
    const api = distribution().CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId:
        cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    });
    const apiOrigin = distribution().Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain(logicalId(portal.stack.api.httpApi));
    expect(apiOrigin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('sends the local server’s CSP, plus the hosted UI and the files bucket, and upgrades plain requests', async () => {
    const [, policy] = ofType('AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    const cloudfront = joined(
      policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
        .ContentSecurityPolicy,
    );
    const issuer = await LocalIssuer.create('http://127.0.0.1:9/local');
    const home = localServer({
      dynamo: new DynamoDBClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9' }),
      s3Endpoint: 'http://127.0.0.1:9',
      issuer,
      webDist: fixtureWebDist,
      baseUrl: 'http://127.0.0.1:9',
    });
    const local = (await home.request('/config.json')).headers.get('content-security-policy');
    // In AWS, sign-in and uploads go to origins of their own, and the site is HTTPS only.
    const otherOrigins = cloudfront.match(/ https:\/\/[^ ;]+/g) ?? [];
    expect(otherOrigins.map((origin) => origin.trim().split('.')[0])).toEqual([
      'https://alliance-staging-<AWS::AccountId>',
      'https://alliance-staging-files-<AWS::AccountId>-<AWS::Region>',
      'https://alliance-staging-<AWS::AccountId>',
    ]);
    expect(cloudfront.endsWith('; upgrade-insecure-requests')).toBe(true);
    const withoutThem = otherOrigins
      .reduce((csp, origin) => csp.replace(origin, ''), cloudfront)
      .replace(/; upgrade-insecure-requests$/, '');
    expect(withoutThem).toBe(local);
  });

  it('answers everything with a strict CSP, HSTS and the other security headers', () => {
    const [, policy] = ofType('AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    const security = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(security.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 730 * 24 * 3600,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(security.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(security.ContentTypeOptions).toMatchObject({ Override: true });
    const behaviours = [distribution().DefaultCacheBehavior, ...distribution().CacheBehaviors];
    for (const b of behaviours) expect(b.ResponseHeadersPolicyId).toEqual({ Ref: expect.any(String) });
  });

  it('deploys web/dist with a config.json for Cognito sign-in and invalidates CloudFront', () => {
    const [, site] = ofType('Custom::CDKBucketDeployment')[0]!;
    expect(site.Properties.DistributionPaths).toEqual(['/*']);
    expect(site.Properties.SourceObjectKeys).toHaveLength(2);
    const markers = JSON.stringify(site.Properties.SourceMarkers);
    expect(markers).toContain(logicalId(portal.stack.identity.webClient));
    expect(markers).toContain(logicalId(portal.stack.web.distribution));
    expect(markers).toContain('.amazoncognito.com');
  });
});

describe('observability', () => {
  it('alarms on Lambda errors and throttles, API 5xx, DynamoDB throttles and the stream job, into one topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const watched = alarms.map((a) => `${a.Namespace}/${a.MetricName}`).sort();
    expect(watched).toEqual(
      [
        'AWS/ApiGateway/5xx',
        'AWS/DynamoDB/ReadThrottleEvents',
        'AWS/DynamoDB/WriteThrottleEvents',
        // The api, the audit archive and the daily audit comparison each.
        'AWS/Lambda/Errors',
        'AWS/Lambda/Errors',
        'AWS/Lambda/Errors',
        'AWS/Lambda/Throttles',
        'AWS/Lambda/Throttles',
        'AWS/Lambda/Throttles',
        'AWS/Lambda/IteratorAge',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        // The audit trail's tamper alarms (test/infra/least-privilege.test.ts checks them).
        'AlliancePortal/AuditItemsChanged',
        'AlliancePortal/AuditArchiveDifferences',
        // Notifications (test/infra/notify.test.ts checks them): the notify job, reminders and
        // digests, the bounce handler each; the notify job's stream; SES reputation; the hourly rule.
        ...['Errors', 'Throttles'].flatMap((m) => Array(3).fill(`AWS/Lambda/${m}`)),
        'AWS/Lambda/IteratorAge',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        'AWS/SES/Reputation.BounceRate',
        'AWS/SES/Reputation.ComplaintRate',
        'AWS/Events/FailedInvocations',
        // Webhooks (test/infra/webhooks.test.ts): the job's errors and throttles, its stream and failure queue.
        'AWS/Lambda/Errors',
        'AWS/Lambda/Throttles',
        'AWS/Lambda/IteratorAge',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
      ].sort(),
    );
    const topicId = logicalId(portal.stack.observability.topic);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('watches each Lambda’s errors by its own function name', () => {
    const errors = ofType('AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .filter((a) => a.MetricName === 'Errors');
    const functions = errors.flatMap((a) => a.Dimensions);
    expect(functions).toEqual(
      expect.arrayContaining([
        { Name: 'FunctionName', Value: { Ref: logicalId(portal.stack.api.function) } },
        { Name: 'FunctionName', Value: { Ref: logicalId(portal.stack.jobs.auditArchive.function) } },
      ]),
    );
  });

  it('calls someone at the first batch the audit archive gives up on, and when it falls an hour behind', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const archiveFailures = logicalId(portal.stack.jobs.auditArchive.failures);
    const queueDepth = alarms.find(
      (a) =>
        a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(a.Dimensions).includes(archiveFailures),
    )!;
    expect(queueDepth).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(portal.stack.jobs.auditArchive.failures), 'QueueName'] },
        },
      ],
    });
    const archiveFunction = logicalId(portal.stack.jobs.auditArchive.function);
    const iteratorAge = alarms.find(
      (a) => a.MetricName === 'IteratorAge' && JSON.stringify(a.Dimensions).includes(archiveFunction),
    )!;
    expect(iteratorAge).toMatchObject({
      Statistic: 'Maximum',
      Threshold: 3_600_000,
      Dimensions: [
        { Name: 'FunctionName', Value: { Ref: logicalId(portal.stack.jobs.auditArchive.function) } },
      ],
    });
  });
});

/**
 * Lambda's event filtering for the subset the archive's filters use: objects nest, and an array
 * lists the exact values a field may have. Anything else in a pattern fails the test rather than
 * being misread.
 */
function matchesPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    for (const option of pattern) {
      if (typeof option === 'object') throw new Error(`unsupported filter rule ${JSON.stringify(option)}`);
    }
    return pattern.includes(value);
  }
  if (typeof pattern !== 'object' || pattern === null) throw new Error('a pattern leaf must be an array');
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(pattern).every(([key, inner]) =>
    matchesPattern(inner, (value as Record<string, unknown>)[key]),
  );
}

describe('jobs: the audit archive', () => {
  const archive = () => portal.stack.jobs.auditArchive;
  // The archive's own mapping (the notify job reads the stream too: test/infra/notify.test.ts).
  const mapping = () =>
    ofType('AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => m.Properties.FunctionName.Ref === logicalId(archive().function),
    );
  const filters = (): unknown[] =>
    mapping()[0]![1].Properties.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));

  const event: AuditEvent = {
    at: '2026-03-02T10:15:00.000Z',
    requestId: 'req-1',
    actor: { memberId: 'ben-antwerp', organisationId: 'antwerp', role: 'org_admin' },
    action: 'member.invited',
    object: { type: 'member', id: 'new-antwerp' },
    organisationId: 'antwerp',
  };
  /** The audit item exactly as the api writes it (in the same transaction as the write it records). */
  const auditImage = marshall(auditPut('alliance', event).Put.Item, { removeUndefinedValues: true });
  const memberImage = marshall({ pk: 'ORG#antwerp', sk: 'MEMBER#ben-antwerp', type: 'MEMBER' });
  const record = (eventName: string, images: Record<string, unknown>) => ({
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: { Keys: {}, SequenceNumber: '1', StreamViewType: 'NEW_AND_OLD_IMAGES', ...images },
  });
  const invokes = (r: unknown) => filters().some((f) => matchesPattern(f, r));

  it('runs on nodejs22.x arm64 with explicit memory, timeout, tracing, JSON logs and its own log group', () => {
    const fn = resources[logicalId(archive().function)]!;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 60,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(archive().logGroup) } },
      Handler: 'index.handler',
    });
    const logs = resources[logicalId(archive().logGroup)]!;
    expect(logs.Properties.RetentionInDays).toBe(90);
    expect(logs.DeletionPolicy).toBe('Delete');
    // Both bundles are assets of the same directory: aws-cdk-lib must not stage them as one.
    expect(fn.Properties.Code.S3Key).not.toBe(
      resources[logicalId(portal.stack.api.function)]!.Properties.Code.S3Key,
    );
  });

  it('is told the audit bucket and its Powertools service name, and nothing of the table or the api', () => {
    const env = resources[logicalId(archive().function)]!.Properties.Environment.Variables;
    expect(env.AUDIT_BUCKET).toEqual({ Ref: logicalId(portal.stack.data.auditBucket) });
    expect(env).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'alliance-audit-archive',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_LOGGER_LOG_EVENT: 'false',
    });
    for (const secret of [
      'TABLE_NAME',
      'CURSOR_KEY_SECRET_ARN',
      'ORIGIN_SECRET_ARN',
      'USER_POOL_ID',
      'FILES_BUCKET',
    ]) {
      expect(env[secret], secret).toBeUndefined();
    }
  });

  it('reads the table’s stream from its oldest record, reporting the failed record, in batches split and retried on error', () => {
    expect(mapping()).toHaveLength(1);
    const [, { Properties: props }] = mapping()[0]!;
    expect(props).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [logicalId(portal.stack.data.table), 'StreamArn'] },
      FunctionName: { Ref: logicalId(archive().function) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: auditArchiveStream.batchSize,
      MaximumBatchingWindowInSeconds: auditArchiveStream.maxBatchingWindow.toSeconds(),
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: auditArchiveStream.retryAttempts,
      MaximumRecordAgeInSeconds: auditArchiveStream.maxRecordAge.toSeconds(),
    });
    // The job names the record that failed, so a retry does not re-archive the ones before it.
    expect(props.FunctionResponseTypes).toContain('ReportBatchItemFailures');
    // Given up on while the stream (24 hours) still holds the records, so they can be replayed.
    expect(props.MaximumRecordAgeInSeconds).toBeLessThan(24 * 3600);
    expect(props.MaximumRetryAttempts).toBeGreaterThan(0);
  });

  it('is invoked only for audit items: filtered on the new or the old image’s type', () => {
    expect(filters()).toEqual([
      { dynamodb: { NewImage: { type: { S: ['AUDIT'] } } } },
      { dynamodb: { OldImage: { type: { S: ['AUDIT'] } } } },
    ]);
  });

  it('lets through what the api writes to the trail and a later change or removal of it, nothing else', () => {
    expect(auditImage.type).toEqual({ S: 'AUDIT' });
    expect(invokes(record('INSERT', { NewImage: auditImage }))).toBe(true);
    expect(
      invokes(record('MODIFY', { NewImage: { ...auditImage, action: { S: 'x' } }, OldImage: auditImage })),
    ).toBe(true);
    expect(invokes(record('REMOVE', { OldImage: auditImage }))).toBe(true);
    expect(invokes(record('INSERT', { NewImage: memberImage }))).toBe(false);
    expect(invokes(record('REMOVE', { OldImage: memberImage }))).toBe(false);
    expect(invokes(record('INSERT', { NewImage: { ...memberImage, type: { S: 'AUDIT-ish' } } }))).toBe(false);
  });

  it('reports the batches it gives up on to an encrypted, TLS-only queue', () => {
    const [, { Properties: props }] = mapping()[0]!;
    const queue = logicalId(archive().failures);
    expect(props.DestinationConfig).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } });
    expect(resources[queue]!.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const [, policy] = ofType('AWS::SQS::QueuePolicy').find(([, p]) =>
      p.Properties.Queues.some((q: { Ref: string }) => q.Ref === queue),
    )!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sqs:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });
});
