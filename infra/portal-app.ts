import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defaultMailDomain } from './constructs/notify';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { PortalStack } from './stack';

export interface PortalAppOptions {
  /** Defaults to the repository root this file lives in. */
  projectRoot?: string;
  /** Defaults to `<projectRoot>/web/dist`. */
  webDistPath?: string;
  /** Stack id; `AlliancePortal` unless told otherwise. */
  stackId?: string;
}

const repositoryRoot = join(import.meta.dirname, '..');

function context(app: App, key: string): string | undefined {
  const value = app.node.tryGetContext(key);
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

/**
 * Builds the portal stack from context (`-c key=value` or cdk.json) and makes cdk-nag's
 * AwsSolutions pack fail synthesis on any finding that nag-acknowledgements.ts does not explain.
 * Without `account` and `region` context the stack stays environment-agnostic, so synthesis
 * needs no credentials and gives the same template on every machine.
 */
export function buildPortal(app: App, options: PortalAppOptions = {}): PortalStack {
  const projectRoot = options.projectRoot ?? repositoryRoot;
  const account = context(app, 'account');
  const region = context(app, 'region');
  const domainName = context(app, 'domainName');
  const certificateArn = context(app, 'certificateArn');
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    throw new Error('Set both domainName and certificateArn (an ACM certificate in us-east-1), or neither.');
  }
  const alarmEmail = context(app, 'alarmEmail');

  const stack = new PortalStack(
    app,
    options.stackId ?? 'AlliancePortal',
    {
      projectRoot,
      webDistPath: options.webDistPath ?? join(projectRoot, 'web', 'dist'),
      namePrefix: context(app, 'namePrefix') ?? 'alliance',
      auditRetentionDays: Number(context(app, 'auditRetentionDays') ?? 365),
      ...(domainName && certificateArn ? { customDomain: { domainName, certificateArn } } : {}),
      ...(alarmEmail ? { alarmEmail } : {}),
      mailDomain: context(app, 'mailDomain') ?? defaultMailDomain,
    },
    {
      description: 'Alliance portal: European sea ports against cocaine trafficking',
      ...(account || region ? { env: { account, region } } : {}),
    },
  );
  acknowledgeNagFindings(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
