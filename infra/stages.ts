/**
 * Stages: staging and production side by side in one account and region, each with the settings
 * it deploys with checked in (cdk.json's `stages` context), so `npx cdk deploy -c stage=prod`
 * alone deploys production with its account, region, alarm e-mail and domain (docs/runbooks.md).
 */
import type { App } from 'aws-cdk-lib';

export const stageNames = ['staging', 'prod'] as const;
export type StageName = (typeof stageNames)[number];

/** Without `-c stage=…` the app is staging: production is only ever deployed by asking for it. */
export const defaultStage: StageName = 'staging';

/** What one stage deploys with. Every key may also be given (and overridden) as `-c key=value`. */
export interface StageSettings {
  account?: string;
  region?: string;
  /** Who hears about alarms (required for prod). */
  alarmEmail?: string;
  /** e.g. `portal.ports-alliance.eu`, with an ACM certificate for it in us-east-1. */
  domainName?: string;
  certificateArn?: string;
  /** The edge stack's web ACL (required for prod): see infra/edge-stack.ts. */
  webAclArn?: string;
  /** Days an audit export stays immutable (Object Lock, compliance mode). */
  auditRetentionDays?: number;
  /** Lower-case prefix of global names; `alliance-<stage>` by default. */
  namePrefix?: string;
  /** Who answers for the stage, the `owner` tag. */
  owner?: string;
  /** Where AWS Backup copies recovery points: another EU region (eu-central-1 by default). */
  backupRegion?: string;
  /** The domain SES sends notification mail from (infra/constructs/notify.ts). */
  mailDomain?: string;
  /**
   * The origin secret's version CloudFront sends, after a rotation (docs/runbooks.md): CloudFormation
   * reads a secret again only when its reference changes, so a rotated secret reaches CloudFront by
   * naming its new version. Unset: the version current when the distribution was last written.
   */
  originSecretVersion?: string;
}

export const stageSettingKeys = [
  'account',
  'region',
  'alarmEmail',
  'domainName',
  'certificateArn',
  'webAclArn',
  'auditRetentionDays',
  'namePrefix',
  'owner',
  'backupRegion',
  'mailDomain',
  'originSecretVersion',
] as const satisfies readonly (keyof StageSettings)[];

export interface Stage {
  name: StageName;
  /** Production keeps its data when the stack or a resource goes; staging may be torn down whole. */
  retainsData: boolean;
  settings: StageSettings;
}

/** Tags every taggable resource carries (tested in test/infra/stages.test.ts). */
export function stageTags(stage: Stage): Record<string, string> {
  return {
    project: 'alliance-portal',
    stage: stage.name,
    owner: stage.settings.owner ?? 'alliance-operations',
    // The highest TLP the stage may hold: both hold members' TLP:RED material.
    'data-classification': 'tlp-red',
  };
}

/** The portal stack's id for a stage: `AlliancePortal-staging`, `AlliancePortal-prod`. */
export const portalStackId = (stage: StageName) => `AlliancePortal-${stage}`;
/** The stack holding the stage's backup copy vault, in its backup region. */
export const backupCopyStackId = (stage: StageName) => `AlliancePortal-${stage}-BackupCopy`;
/** The us-east-1 stack holding the stage's CloudFront web ACL. */
export const edgeStackId = (stage: StageName) => `AlliancePortal-${stage}-Edge`;

/** What Secrets Manager's VersionId looks like (a UUID unless the caller chose one: 32 to 64 characters). */
const secretVersionId = /^[A-Za-z0-9-]{32,64}$/;

function present(value: unknown): value is string | number {
  return value !== undefined && value !== null && value !== '';
}

/**
 * The stage `-c stage=…` names (staging by default), with its cdk.json settings and any
 * `-c key=value` on top. Refuses an unknown stage, and a production without the settings it must
 * not run without, naming what is missing and where to put it.
 */
export function stageOf(app: App): Stage {
  const requested = app.node.tryGetContext('stage') ?? defaultStage;
  if (!stageNames.includes(requested)) {
    throw new Error(`Unknown stage "${requested}": use -c stage=${stageNames.join(' or -c stage=')}.`);
  }
  const name = requested as StageName;
  const all = (app.node.tryGetContext('stages') ?? {}) as Record<string, Record<string, unknown>>;
  const fromFile = all[name] ?? {};
  const settings: Record<string, string | number> = {};
  for (const key of stageSettingKeys) {
    const value = app.node.tryGetContext(key) ?? fromFile[key];
    if (present(value)) settings[key] = key === 'auditRetentionDays' ? Number(value) : String(value);
  }
  const stage: Stage = { name, retainsData: name === 'prod', settings: settings as StageSettings };
  if (present(settings.originSecretVersion) && !secretVersionId.test(String(settings.originSecretVersion))) {
    throw new Error(
      `originSecretVersion "${settings.originSecretVersion}" is not a secret's VersionId: use the VersionId` +
        ' that `aws secretsmanager put-secret-value` printed (docs/runbooks.md).',
    );
  }
  if (name === 'prod') {
    const missing = (['account', 'region', 'alarmEmail', 'webAclArn'] as const).filter(
      (key) => !present(settings[key]),
    );
    if (missing.length > 0) {
      throw new Error(
        `Production needs ${missing.join(', ')}: set them in cdk.json under context.stages.prod` +
          ' (or pass -c key=value). Without an alarm e-mail nobody hears that the portal is down;' +
          ` the web ACL comes from deploying ${edgeStackId('prod')} first (docs/runbooks.md).`,
      );
    }
  }
  return stage;
}
