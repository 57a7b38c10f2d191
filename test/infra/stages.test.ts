import { CfnResource, TagManager } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { edgeStackId, portalStackId } from '../../infra/stages';
import { prodContext, type Synthesized, synthPortal, templateJson } from './synth';

let staging: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  staging = synthPortal();
  prod = synthPortal({ context: prodContext });
});

const resourcesOf = (s: Synthesized) =>
  Object.entries(templateJson(s).Resources as Record<string, any>) as [string, any][];

/** Tags as a map, whichever of CloudFormation's two spellings the resource uses. */
function tagsOf(properties: Record<string, any> | undefined): Record<string, string> {
  const tags = properties?.Tags ?? properties?.tags ?? properties?.UserPoolTags ?? properties?.TagList;
  if (!tags) return {};
  if (Array.isArray(tags))
    return Object.fromEntries(tags.map((t: any) => [t.Key ?? t.key, t.Value ?? t.value]));
  return tags;
}

describe('stages', () => {
  it('names the stack and every global name after the stage', () => {
    expect(staging.stack.stackName).toBe(portalStackId('staging'));
    expect(prod.stack.stackName).toBe(portalStackId('prod'));
    const names = (s: Synthesized) =>
      JSON.stringify(
        resourcesOf(s)
          .filter(([, r]) => r.Type === 'AWS::S3::Bucket' || r.Type === 'AWS::Cognito::UserPoolDomain')
          .map(([, r]) => r.Properties.BucketName ?? r.Properties.Domain)
          .filter(Boolean),
      );
    expect(names(staging)).toContain('alliance-staging');
    expect(names(staging)).not.toContain('alliance-prod');
    expect(names(prod)).toContain('alliance-prod');
    expect(names(prod)).not.toContain('alliance-staging');
  });

  it('synthesizes the edge stack of the stage in us-east-1', () => {
    const edge = prod.app.node.findChild(edgeStackId('prod')) as any;
    expect(edge.region).toBe('us-east-1');
    expect(edge.account).toBe(prodContext.account);
  });

  it('retains production data and lets staging be torn down whole, buckets emptied', () => {
    const stateful = [
      'AWS::DynamoDB::Table',
      'AWS::S3::Bucket',
      'AWS::Cognito::UserPool',
      'AWS::Logs::LogGroup',
    ];
    for (const [id, r] of resourcesOf(prod).filter(([, r]) => stateful.includes(r.Type))) {
      expect(r.DeletionPolicy, id).toBe('Retain');
    }
    for (const [id, r] of resourcesOf(staging).filter(([, r]) => stateful.includes(r.Type))) {
      expect(r.DeletionPolicy, id).toBe('Delete');
    }
    const table = (s: Synthesized) => resourcesOf(s).find(([, r]) => r.Type === 'AWS::DynamoDB::Table')![1];
    expect(table(prod).Properties.DeletionProtectionEnabled).toBe(true);
    expect(table(staging).Properties.DeletionProtectionEnabled).toBe(false);
    const pool = (s: Synthesized) => resourcesOf(s).find(([, r]) => r.Type === 'AWS::Cognito::UserPool')![1];
    expect(pool(prod).Properties.DeletionProtection).toBe('ACTIVE');
    expect(pool(staging).Properties.DeletionProtection).toBe('INACTIVE');
    const autoDeleted = (s: Synthesized) =>
      resourcesOf(s).filter(([, r]) => r.Type === 'Custom::S3AutoDeleteObjects').length;
    expect(autoDeleted(staging)).toBe(
      resourcesOf(staging).filter(([, r]) => r.Type === 'AWS::S3::Bucket').length,
    );
    expect(autoDeleted(prod)).toBe(0);
  });

  it('refuses to synthesize production without an alarm destination, saying where to set it', () => {
    const { alarmEmail: _, ...withoutAlarm } = prodContext;
    expect(() => synthPortal({ context: { ...withoutAlarm, stages: {} } })).toThrow(
      /Production needs alarmEmail: set them in cdk\.json under context\.stages\.prod/,
    );
  });

  it('refuses an origin secret version that is no VersionId, saying where the right one comes from', () => {
    expect(() => synthPortal({ context: { ...prodContext, originSecretVersion: 'AWSCURRENT' } })).toThrow(
      /originSecretVersion "AWSCURRENT" is not a secret's VersionId: .*put-secret-value/,
    );
  });

  it('refuses a stage it does not know', () => {
    expect(() => synthPortal({ context: { stage: 'production' } })).toThrow(/Unknown stage "production"/);
  });

  it('tags every taggable resource of both stacks with project, stage, owner and data classification', () => {
    for (const [s, stage] of [
      [staging, 'staging'],
      [prod, 'prod'],
    ] as const) {
      const taggable = s.app.node
        .findAll()
        .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && TagManager.isTaggable(c));
      expect(taggable.length).toBeGreaterThan(20);
      for (const stack of [s.stack, s.app.node.findChild(edgeStackId(stage))]) {
        const template = JSON.parse(
          JSON.stringify(s.app.synth().getStackByName((stack as any).stackName).template),
        ) as { Resources: Record<string, any> };
        for (const resource of taggable.filter((r) => r.stack === stack)) {
          const id = (stack as any).getLogicalId(resource);
          expect(tagsOf(template.Resources[id]?.Properties), `${stage} ${resource.node.path}`).toMatchObject({
            project: 'alliance-portal',
            stage,
            owner: 'alliance-operations',
            'data-classification': 'tlp-red',
          });
        }
      }
    }
  });
});
