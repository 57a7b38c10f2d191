import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { Role } from '../../shared/organisation';

/** The hosted UI's base URL, spelled from the prefix alone so others may use it before the pool exists. */
export function hostedUiUrl(domainPrefix: string): string {
  return Fn.join('', ['https://', domainPrefix, '.auth.', Aws.REGION, '.amazoncognito.com']);
}

export interface IdentityProps {
  /** Hosted-UI domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique per region. */
  domainPrefix: string;
  /** Where the site lives, e.g. `https://d111.cloudfront.net`: OAuth callback and logout target. */
  siteUrl: string;
  /** How invitations are mailed: the portal's SES identity (./notify.ts); Cognito's own mail without. */
  email?: cognito.UserPoolEmail | undefined;
}

/**
 * Members are Cognito users: MFA required, the role is a group, the organisation rides in
 * `custom:org`, which only the API (AdminCreateUser) sets and no app client can write.
 */
export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`, spelled without a resource reference. */
  readonly hostedUiUrl: string;
  /** The JWT issuer the API and the HTTP API authorizer verify against. */
  readonly issuerUrl: string;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'Members', {
      // Members are invited by their org_admin, never signed up by themselves.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: true, mutable: true },
      },
      customAttributes: {
        // Immutable: moving a member to another organisation means a new member.
        org: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
      },
      mfa: cognito.Mfa.REQUIRED,
      // TOTP only: SMS costs per message and is open to SIM swapping.
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus tier: compromised-credential checks and adaptive authentication, enforced.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Your invitation to the ports alliance portal',
        emailBody:
          'You have been invited to the ports alliance portal. Sign in with {username} and the temporary password {####}, then set up an authenticator app.',
      },
      ...(props.email ? { email: props.email } : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of Role.options) {
      new cognito.UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: `Members with the ${role} role`,
      });
    }

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });
    this.hostedUiUrl = hostedUiUrl(props.domainPrefix);
    this.issuerUrl = Fn.join('', [
      'https://cognito-idp.',
      Aws.REGION,
      '.amazonaws.com/',
      this.userPool.userPoolId,
    ]);

    // A public client (no secret) for the SPA: authorization code + PKCE, no implicit flow.
    this.webClient = this.userPool.addClient('Web', {
      generateSecret: false,
      authFlows: { userSrp: false, userPassword: false, adminUserPassword: false, custom: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.siteUrl}/auth/callback`],
        logoutUrls: [`${props.siteUrl}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('org'),
      // Members may change their name; never their organisation.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }
}
