/**
 * The environment variables the Lambdas read, each named once: the CDK constructs set them
 * (infra/constructs/*.ts; `bindTable` in infra/least-privilege.ts sets the table's with its grant)
 * and the handlers read them (functions/api/lambda.ts, functions/jobs/*.handler.ts).
 */
export const environmentVariables = {
  /** The portal's one table (shared/table.ts). */
  tableName: 'TABLE_NAME',
  /** Uploaded files (shared/files.ts). */
  filesBucket: 'FILES_BUCKET',
  /** The Object Lock copy of the audit trail. */
  auditBucket: 'AUDIT_BUCKET',
  /** The token issuer (Cognito user pool URL) and the web client's id, its audience. */
  authIssuer: 'AUTH_ISSUER',
  authAudience: 'AUTH_AUDIENCE',
  /** The pool member administration acts on. */
  userPoolId: 'USER_POOL_ID',
  /** The site's address, for the Atom feed's links (functions/api/public-site.ts). */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** The Secrets Manager secret holding the key that seals list cursors, base64 (functions/api/keys.ts). */
  cursorKeySecret: 'CURSOR_KEY_SECRET_ARN',
  /** The Secrets Manager secret CloudFront sends the API in a header (functions/api/origin.ts). */
  originSecret: 'ORIGIN_SECRET_ARN',
  /** The sender of notification mail: an address of the SES identity. */
  mailFrom: 'MAIL_FROM',
  /** The SES configuration set (bounce and complaint events) every mail is sent with. */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
} as const;

/** The versions of those secrets the api reads and may read: the one in use and the one before a rotation. */
export const readableVersionStages = ['AWSCURRENT', 'AWSPREVIOUS'] as const;

export type Setting = keyof typeof environmentVariables;

/** A setting's value; a Lambda started without it fails at once, naming the variable. */
export function requiredSetting(
  setting: Setting,
  env: Record<string, string | undefined> = process.env,
): string {
  const name = environmentVariables[setting];
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
