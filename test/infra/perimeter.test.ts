import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { edgeHeaders } from '../../functions/settings/edge';
import { readableVersionStages } from '../../functions/settings/environment';
import { viewerAddressFunctionCode } from '../../infra/constructs/web';
import { managedRuleGroups, perAddressLimit, perTokenLimit, signInLimit } from '../../infra/edge-stack';
import { edgeStackId } from '../../infra/stages';
import { prodContext, type Synthesized, sharedSynth, templateJson } from './synth';

let prod: Synthesized;
let resources: Record<string, any>;
let edge: Record<string, any>;
const ofType = (type: string) =>
  Object.entries(resources).filter(([, r]) => r.Type === type) as [string, any][];
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  prod.stack.getLogicalId(construct.node.defaultChild as never);

/** The header value CloudFront sends with every request to the API origin, as synthesized. */
function originHeaderValue(synthesized: Synthesized): unknown {
  const [distribution] = Object.values(templateJson(synthesized).Resources as Record<string, any>).filter(
    (r) => r.Type === 'AWS::CloudFront::Distribution',
  );
  const apiOrigin = distribution.Properties.DistributionConfig.Origins.find((o: any) => o.CustomOriginConfig);
  return apiOrigin.OriginCustomHeaders.find((h: any) => h.HeaderName === edgeHeaders.originVerify)
    .HeaderValue;
}

/** A dynamic reference to the stack's origin secret: its current value, or the version named. */
const originSecretReference = (synthesized: Synthesized, versionId: string) => ({
  'Fn::Join': [
    '',
    [
      '{{resolve:secretsmanager:',
      {
        Ref: synthesized.stack.getLogicalId(
          synthesized.stack.api.originSecret.node.defaultChild as CfnElement,
        ),
      },
      `:SecretString:::${versionId}}}`,
    ],
  ],
});

beforeAll(() => {
  prod = sharedSynth({ context: prodContext });
  resources = templateJson(prod).Resources;
  edge = prod.app.synth().getStackByName(edgeStackId('prod')).template.Resources;
});

describe('the perimeter', () => {
  it('attaches the web ACL to the distribution', () => {
    const [[, distribution]] = ofType('AWS::CloudFront::Distribution') as [[string, any]];
    expect(distribution.Properties.DistributionConfig.WebACLId).toBe(prodContext.webAclArn);
  });

  it('keeps the web ACL in us-east-1 with the managed rule groups and the rate limits', () => {
    const acls = Object.values(edge).filter((r: any) => r.Type === 'AWS::WAFv2::WebACL') as any[];
    expect(acls).toHaveLength(1);
    const acl = acls[0].Properties;
    expect(acl.Scope).toBe('CLOUDFRONT');
    const rules = acl.Rules as any[];
    expect(rules.map((r) => r.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean)).toEqual([
      ...managedRuleGroups,
    ]);
    const rate = (name: string) => rules.find((r) => r.Name === name);
    expect(rate('PerAddress').Statement.RateBasedStatement).toMatchObject({
      Limit: perAddressLimit,
      AggregateKeyType: 'IP',
    });
    expect(rate('PerAddress').Action).toEqual({ Block: {} });
    expect(rate('SignIn').Statement.RateBasedStatement.Limit).toBe(signInLimit);
    expect(
      rate('SignIn').Statement.RateBasedStatement.ScopeDownStatement.ByteMatchStatement.SearchString,
    ).toBe('/auth/');
    expect(rate('PerToken').Statement.RateBasedStatement).toMatchObject({
      Limit: perTokenLimit,
      AggregateKeyType: 'CUSTOM_KEYS',
      CustomKeys: [
        { Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } },
      ],
    });
  });

  it('sends the API the origin secret by dynamic reference, never as a literal', () => {
    expect(originHeaderValue(prod)).toEqual(originSecretReference(prod, ''));
  });

  it('names the secret’s version once one is set, so the redeploy after a rotation sends the new value', () => {
    // CloudFormation resolves a dynamic reference again only when the reference itself changes.
    const version = '3f1c2a9e-7b4d-4e8f-9a0b-1c2d3e4f5a6b';
    const pinned = sharedSynth({ context: { ...prodContext, originSecretVersion: version } });
    expect(originHeaderValue(pinned)).toEqual(originSecretReference(pinned, version));
  });

  it('leaves no route that answers without CloudFront: the api refuses requests without the secret', () => {
    // Every route integrates the api Lambda, whose handler checks the header first (bundle.test.ts
    // invokes the deployed bundle without it and gets 403).
    const integrations = ofType('AWS::ApiGatewayV2::Integration');
    expect(integrations).toHaveLength(1);
    expect(JSON.stringify(integrations[0]![1].Properties.IntegrationUri)).toContain(
      logicalId(prod.stack.api.function),
    );
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
      expect(route.Properties.Target).toEqual({
        'Fn::Join': ['', ['integrations/', { Ref: integrations[0]![0] }]],
      });
    }
  });

  it('tells the API the viewer address on every /api/* request', () => {
    const [[, distribution]] = ofType('AWS::CloudFront::Distribution') as [[string, any]];
    const api = distribution.Properties.DistributionConfig.CacheBehaviors.find(
      (b: any) => b.PathPattern === '/api/*',
    );
    expect(api.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.any(String), 'FunctionARN'] } },
    ]);
    const fnId = api.FunctionAssociations[0].FunctionARN['Fn::GetAtt'][0];
    expect(resources[fnId].Properties.FunctionCode).toBe(viewerAddressFunctionCode);
    // The function itself: the viewer's address replaces whatever the client sent.
    const handler = new Function(`${viewerAddressFunctionCode}; return handler;`)() as (
      event: unknown,
    ) => any;
    const request = handler({
      viewer: { ip: '198.51.100.7' },
      request: { headers: { [edgeHeaders.viewerAddress]: { value: '10.0.0.1' } } },
    });
    expect(request.headers[edgeHeaders.viewerAddress]).toEqual({ value: '198.51.100.7' });
  });

  it('lets the api role read its two secrets, the current and the previous version only', () => {
    const policy = resources[logicalId(prod.stack.api.function.role!.node.findChild('DefaultPolicy') as any)];
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    const reads = statements.filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith('secretsmanager:')),
    );
    const readable = reads.flatMap((s) => [s.Resource].flat()).map((r: { Ref: string }) => r.Ref);
    expect(readable.sort()).toEqual(
      [logicalId(prod.stack.api.cursorKey), logicalId(prod.stack.api.originSecret)].sort(),
    );
    for (const s of reads) {
      expect(s.Action).toBe('secretsmanager:GetSecretValue');
      expect(s.Condition).toEqual({
        StringEquals: { 'secretsmanager:VersionStage': [...readableVersionStages] },
      });
    }
  });
});
