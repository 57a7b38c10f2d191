import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnResource, CloudFormationValidatePlugin, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { type Synthesized, sharedSynth, synthPortal, templateJson } from './synth';

interface ValidationReport {
  pluginReports: { pluginName: string; violations: unknown[] }[];
}

const report = (synthesized: Synthesized): ValidationReport =>
  JSON.parse(readFileSync(join(synthesized.outdir, 'validation-report.json'), 'utf8'));

/** Runs aws-cdk-lib's built-in CloudFormation validation on the synthesized templates. */
function builtInValidation(synthesized: Synthesized) {
  const templatePath = join(synthesized.outdir, synthesized.stack.templateFile);
  return new CloudFormationValidatePlugin().validate({
    templatePaths: [templatePath],
    stackTemplates: [
      {
        stackConstructPath: synthesized.stack.node.path,
        templatePath,
        accountId: undefined,
        region: undefined,
      },
    ],
    appConstruct: synthesized.app,
  });
}

/** Resource ids each resource refers to (Ref, GetAtt, DependsOn): CloudFormation's dependency graph. */
function dependencies(template: Record<string, any>): Map<string, Set<string>> {
  const ids = new Set(Object.keys(template.Resources));
  const graph = new Map<string, Set<string>>();
  const collect = (value: unknown, into: Set<string>) => {
    if (Array.isArray(value)) for (const v of value) collect(v, into);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'Ref' && typeof v === 'string' && ids.has(v)) into.add(v);
        else if (key === 'Fn::GetAtt' && Array.isArray(v) && ids.has(v[0])) into.add(v[0]);
        else collect(v, into);
      }
    }
  };
  for (const [id, resource] of Object.entries<any>(template.Resources)) {
    const refs = new Set<string>();
    collect(resource.Properties, refs);
    for (const d of [resource.DependsOn ?? []].flat()) refs.add(d);
    graph.set(id, refs);
  }
  return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of graph.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return null;
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the environment-agnostic stack', () => {
    const synthesized = sharedSynth();
    expect(synthesized.stack.environment).toBe('aws://unknown-account/unknown-region');
    expect(report(synthesized).pluginReports.flatMap((r) => r.violations)).toEqual([]);
  });

  it('finds nothing unacknowledged in a stack for a concrete account and region', () => {
    const synthesized = sharedSynth({ context: { account: '123456789012', region: 'eu-west-1' } });
    expect(synthesized.stack.environment).toBe('aws://123456789012/eu-west-1');
    expect(report(synthesized).pluginReports.flatMap((r) => r.violations)).toEqual([]);
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    expect(() =>
      synthPortal({
        before: (stack) => {
          new s3.Bucket(stack, 'CarelessBucket');
        },
      }),
    ).toThrow(/AwsSolutions-S10[\s\S]*CarelessBucket|CarelessBucket[\s\S]*AwsSolutions-S10/);
  });

  it('keeps every acknowledgement, with its reason, in infra/nag-acknowledgements.ts', () => {
    const infra = join(import.meta.dirname, '..', '..', 'infra');
    const files = readdirSync(infra, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const acknowledging = files.filter((f) => readFileSync(join(infra, f), 'utf8').includes('.acknowledge('));
    expect(acknowledging).toEqual(['nag-acknowledgements.ts']);

    const synthesized = sharedSynth();
    const acknowledgements = synthesized.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(reason.length, `${id} needs a written reason`).toBeGreaterThanOrEqual(40);
    }
  });
});

describe('the template', () => {
  it('passes aws-cdk-lib’s built-in CloudFormation validation', () => {
    const result = builtInValidation(sharedSynth());
    expect(result.violations).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('fails synthesis when that validation finds a malformed resource', () => {
    expect(() =>
      synthPortal({
        before: (stack) => {
          const bucket = new s3.Bucket(stack, 'MalformedBucket');
          (bucket.node.defaultChild as CfnResource).addPropertyOverride(
            'VersioningConfiguration.Status',
            'Sometimes',
          );
        },
      }),
    ).toThrow(/'Sometimes' is not one of/);
  });

  it('has no dependency cycle CloudFormation would refuse', () => {
    const synthesized = sharedSynth();
    expect(findCycle(dependencies(templateJson(synthesized)))).toBeNull();
  });

  it('is the same on every synthesis', () => {
    const first = sharedSynth();
    const second = synthPortal();
    expect(templateJson(second)).toEqual(templateJson(first));
    expect(readFileSync(join(second.outdir, `${second.stack.stackName}.assets.json`), 'utf8')).toBe(
      readFileSync(join(first.outdir, `${first.stack.stackName}.assets.json`), 'utf8'),
    );
  });
});

describe('the cycle detector', () => {
  it('sees a cycle when there is one', () => {
    const app = new App();
    const stack = new Stack(app, 'Cyclic');
    const a = new CfnResource(stack, 'A', { type: 'AWS::SNS::Topic' });
    const b = new CfnResource(stack, 'B', { type: 'AWS::SNS::Topic', properties: { DisplayName: a.ref } });
    a.addPropertyOverride('DisplayName', b.ref);
    const template = app.synth().getStackByName('Cyclic').template;
    expect(findCycle(dependencies(template))).toEqual(expect.arrayContaining(['A', 'B']));
  });
});
