import { existsSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as deployment from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { contentSecurityPolicyHeader } from '../../functions/settings/content-security-policy';
import { edgeHeaders } from '../../functions/settings/edge';

/**
 * Sets the viewer's address on every `/api/*` request, replacing any the client sent, so the api
 * records the member's address, not the edge server's (functions/api/audit.ts).
 */
export const viewerAddressFunctionCode = `function handler(event) { event.request.headers['${edgeHeaders.viewerAddress}'] = { value: event.viewer.ip }; return event.request; }`;

/** What CloudFront sends to the api rather than the site: the API and the TAXII server (`/taxii2`, `/taxii2/…`). */
export const apiPathPatterns = ['/api/*', '/taxii2*'] as const;

export interface CustomDomain {
  /** e.g. `portal.ports-alliance.eu` */
  domainName: string;
  /** An ACM certificate for it in us-east-1 (CloudFront's region). */
  certificateArn: string;
}

export interface WebProps {
  webBucket: s3.IBucket;
  accessLogsBucket: s3.IBucket;
  /** The HTTP API's `<id>.execute-api.<region>.amazonaws.com`. */
  apiOriginDomain: string;
  /** What CloudFront sends the API in `edgeHeaders.originVerify`: a dynamic reference, resolved at deploy. */
  originSecret: string;
  /** The edge stack's WAF web ACL (infra/edge-stack.ts); staging may run without until it is deployed. */
  webAclArn?: string;
  /** Built frontend (`web/dist`). */
  webDistPath: string;
  /** Origins the browser may talk to besides the site: the Cognito hosted UI, the files bucket. */
  hostedUiUrl: string;
  filesBucketUrl: string;
  customDomain?: CustomDomain;
}

/** What the frontend reads from `/config.json` at run time to sign in against Cognito. */
export interface WebConfig {
  auth: { mode: 'cognito'; domain: string; clientId: string; redirectUri: string; logoutUri: string };
}

/**
 * CloudFront in front of everything: the web bucket through origin access control, `/api/*` to
 * the HTTP API with the Authorization header and no caching, strict security headers on all.
 */
export class Web extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  readonly hasCustomDomain: boolean;
  readonly hasWebAcl: boolean;
  /** `https://<site>`: the custom domain if there is one, else the distribution's domain. */
  readonly siteUrl: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: WebProps,
  ) {
    super(scope, id);

    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Strict CSP, HSTS and friends for the alliance portal',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The local server's policy (functions/settings/content-security-policy.ts), with the
          // hosted UI and the files bucket, which in AWS are origins of their own.
          contentSecurityPolicy: contentSecurityPolicyHeader({
            https: true,
            signIn: props.hostedUiUrl,
            files: props.filesBucketUrl,
          }),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
            override: true,
          },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    // Client-side routes (no file extension) get the app shell; /api/* never reaches this.
    const spaRoutes = new cloudfront.Function(this, 'SpaRoutes', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Serve index.html for client-side routes',
      code: cloudfront.FunctionCode.fromInline(
        "function handler(event) { var request = event.request; if (request.uri.indexOf('.') === -1) { request.uri = '/index.html'; } return request; }",
      ),
    });

    const viewerAddress = new cloudfront.Function(this, 'ViewerAddress', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Tell the API the viewer address',
      code: cloudfront.FunctionCode.fromInline(viewerAddressFunctionCode),
    });

    const apiOrigin = new origins.HttpOrigin(props.apiOriginDomain, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      // Only CloudFront knows it: the api refuses whatever comes without it (functions/api/origin.ts).
      customHeaders: { [edgeHeaders.originVerify]: props.originSecret },
    });

    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      // With caching disabled, an origin request policy may forward Authorization.
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.headers,
      compress: true,
      functionAssociations: [
        { function: viewerAddress, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
      ],
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Alliance portal',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogsBucket,
      logFilePrefix: 'cloudfront/',
      ...(props.customDomain
        ? {
            domainNames: [props.customDomain.domainName],
            // Only a custom certificate lets the distribution refuse TLS below 1.2.
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'Certificate',
              props.customDomain.certificateArn,
            ),
          }
        : {}),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(props.webBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
        functionAssociations: [
          { function: spaRoutes, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      // The API, and the TAXII server beside it (functions/api/routes/taxii.ts): both the api Lambda.
      additionalBehaviors: Object.fromEntries(apiPathPatterns.map((pattern) => [pattern, apiBehavior])),
    });

    this.hasCustomDomain = Boolean(props.customDomain);
    this.hasWebAcl = Boolean(props.webAclArn);
    this.siteUrl = props.customDomain
      ? `https://${props.customDomain.domainName}`
      : `https://${this.distribution.distributionDomainName}`;
  }

  /** Uploads `web/dist` and the run-time `config.json`, then invalidates the distribution. */
  deploySite(config: WebConfig): deployment.BucketDeployment {
    if (!existsSync(this.props.webDistPath)) {
      throw new Error(`${this.props.webDistPath} is missing: run \`npm run build:web\` before synthesizing.`);
    }
    return new deployment.BucketDeployment(this, 'Site', {
      sources: [
        deployment.Source.asset(this.props.webDistPath),
        deployment.Source.jsonData('config.json', config),
      ],
      destinationBucket: this.props.webBucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      memoryLimit: 256,
      // Revalidate every file; the invalidation above makes a new build visible at once.
      cacheControl: [deployment.CacheControl.fromString('public, max-age=0, must-revalidate')],
    });
  }
}
