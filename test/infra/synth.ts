import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildPortal } from '../../infra/portal-app';
import type { PortalStack } from '../../infra/stack';

const root = join(import.meta.dirname, '..', '..');
const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};

/** The web build is another engineer's concern: infra tests deploy a one-file fixture instead. */
export const fixtureWebDist = join(import.meta.dirname, 'fixtures', 'web-dist');

export interface SynthOptions {
  /** Extra context (account, region, domainName, …) on top of cdk.json's. */
  context?: Record<string, unknown>;
  /** Real esbuild bundling of the Lambdas; off by default to keep the tests fast. */
  bundling?: boolean;
  /** Changes the stack before synthesis (tests that must see synthesis fail). */
  before?: (stack: PortalStack) => void;
}

export interface Synthesized {
  app: App;
  stack: PortalStack;
  template: Template;
  outdir: string;
}

/** The synthesized template of a stack, as CloudFormation reads it. */
export function templateJson(synthesized: Synthesized): Record<string, any> {
  return JSON.parse(readFileSync(join(synthesized.outdir, synthesized.stack.templateFile), 'utf8'));
}

/** A complete production stage, as cdk.json's `stages.prod` will hold it once filled in. */
export const prodContext = {
  stage: 'prod',
  account: '123456789012',
  region: 'eu-west-1',
  alarmEmail: 'alarms@ports-alliance.example',
  webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/alliance-prod/0000',
};

const shared = new Map<string, Synthesized>();

/**
 * One synthesis per distinct `options` per test worker, for tests that only read it: the infra
 * project runs its files in one worker without isolation (vitest.config.ts), so the default
 * portal is synthesized (and validated) once per run, not once per file and test.
 */
export function sharedSynth(options: Pick<SynthOptions, 'context' | 'bundling'> = {}): Synthesized {
  const key = JSON.stringify(options);
  let synthesized = shared.get(key);
  if (!synthesized) {
    synthesized = synthPortal(options);
    shared.set(key, synthesized);
  }
  return synthesized;
}

/** Synthesizes the portal the way `cdk synth` does (cdk.json context, cdk-nag plugin) into a temp dir. */
export function synthPortal(options: SynthOptions = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'alliance-cdk-'));
  const app = new App({
    outdir,
    context: {
      ...cdkJson.context,
      ...(options.bundling ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const stack = buildPortal(app, { webDistPath: fixtureWebDist });
  options.before?.(stack);
  app.synth();
  return { app, stack, template: Template.fromStack(stack), outdir };
}
