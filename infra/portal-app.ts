import { join } from 'node:path';
import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BackupCopyStack } from './constructs/backups';
import { defaultMailDomain } from './constructs/notify';
import { EdgeStack } from './edge-stack';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { PortalStack } from './stack';
import { backupCopyStackId, edgeStackId, portalStackId, type Stage, stageOf, stageTags } from './stages';

export interface PortalAppOptions {
  /** Defaults to the repository root this file lives in. */
  projectRoot?: string;
  /** Defaults to `<projectRoot>/web/dist`. */
  webDistPath?: string;
  /** Stack id; `AlliancePortal-<stage>` unless told otherwise. */
  stackId?: string;
}

const repositoryRoot = join(import.meta.dirname, '..');

/**
 * Builds the stage's stacks from context (`-c stage=staging|prod`, its settings in cdk.json's
 * `stages`, any `-c key=value` on top; infra/stages.ts) and makes cdk-nag's AwsSolutions pack fail
 * synthesis on any finding that nag-acknowledgements.ts does not explain. Without `account` and
 * `region` the portal stack stays environment-agnostic, so synthesis needs no credentials and gives
 * the same template on every machine. Beside it, the stage's edge stack in us-east-1 holds the
 * CloudFront web ACL (WAF requires CLOUDFRONT-scoped ACLs there; infra/edge-stack.ts).
 */
export function buildPortal(app: App, options: PortalAppOptions = {}): PortalStack {
  const projectRoot = options.projectRoot ?? repositoryRoot;
  const stage = stageOf(app);
  const { account, region, domainName, certificateArn, alarmEmail, webAclArn } = stage.settings;
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    throw new Error('Set both domainName and certificateArn (an ACM certificate in us-east-1), or neither.');
  }

  const edge = new EdgeStack(app, edgeStackId(stage.name), {
    description: `Alliance portal (${stage.name}): the CloudFront web ACL, in us-east-1 as WAF requires`,
    env: { ...(account ? { account } : {}), region: 'us-east-1' },
  });
  tagStage(edge, stage);

  const namePrefix = stage.settings.namePrefix ?? `alliance-${stage.name}`;
  const backupRegion = stage.settings.backupRegion ?? 'eu-central-1';
  if (backupRegion === region)
    throw new Error('backupRegion must differ from region: the copy is for losing a region.');
  const copy = new BackupCopyStack(app, backupCopyStackId(stage.name), namePrefix, {
    description: `Alliance portal (${stage.name}): the backup copy vault, in another region`,
    env: { ...(account ? { account } : {}), region: backupRegion },
  });
  tagStage(copy, stage);

  const stack = new PortalStack(
    app,
    options.stackId ?? portalStackId(stage.name),
    {
      projectRoot,
      webDistPath: options.webDistPath ?? join(projectRoot, 'web', 'dist'),
      stage: stage.name,
      retainsData: stage.retainsData,
      namePrefix,
      backupRegion,
      auditRetentionDays: stage.settings.auditRetentionDays ?? (stage.retainsData ? 365 : 1),
      ...(domainName && certificateArn ? { customDomain: { domainName, certificateArn } } : {}),
      ...(alarmEmail ? { alarmEmail } : {}),
      ...(webAclArn ? { webAclArn } : {}),
      mailDomain: stage.settings.mailDomain ?? defaultMailDomain,
      ...(stage.settings.originSecretVersion
        ? { originSecretVersion: stage.settings.originSecretVersion }
        : {}),
    },
    {
      description: `Alliance portal (${stage.name}): European sea ports against cocaine trafficking`,
      ...(account || region ? { env: { account, region } } : {}),
    },
  );
  tagStage(stack, stage);
  acknowledgeNagFindings(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

function tagStage(scope: App | PortalStack | EdgeStack | BackupCopyStack, stage: Stage) {
  for (const [key, value] of Object.entries(stageTags(stage))) Tags.of(scope).add(key, value);
}
