import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Requests per client IP per five minutes: a whole port office shares one address behind NAT. */
export const perAddressLimit = 2000;
/** The same for sign-in paths (the OAuth callback), which a person visits a few times a day. */
export const signInLimit = 100;
/** Requests per bearer token per five minutes: one member's script must not starve the rest (docs/decisions.md). */
export const perTokenLimit = 1000;
export const signInPathPrefix = '/auth/';

export const managedRuleGroups = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/**
 * The stage's CloudFront web ACL. WAF keeps CLOUDFRONT-scoped web ACLs in us-east-1 only, and a
 * stack has one region, so it is a stack of its own there; the portal stack is given its ARN
 * (cdk.json `stages.<stage>.webAclArn`, from this stack's `WebAclArn` output) rather than a
 * cross-region reference, which would need custom resources and a concrete account at synth time.
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const managed = (
      name: (typeof managedRuleGroups)[number],
      priority: number,
      excluded: string[] = [],
    ) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(excluded.length > 0
            ? { ruleActionOverrides: excluded.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: visibility(name),
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'Alliance portal: managed rules, per-address and per-token rate limits',
      visibilityConfig: visibility('AlliancePortal'),
      rules: [
        // Bulletins and checklists are JSON bodies that may exceed the set's 8 KB body limit;
        // files never pass here (browsers upload them to S3 with presigned POSTs). Counted, not blocked.
        managed('AWSManagedRulesCommonRuleSet', 0, ['SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
        {
          name: 'PerAddress',
          priority: 2,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: perAddressLimit, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('PerAddress'),
        },
        {
          name: 'SignIn',
          priority: 3,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: signInLimit,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: signInPathPrefix,
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('SignIn'),
        },
        {
          // Keyed on the bearer token: each member's session gets its own budget whatever address
          // it comes from (docs/decisions.md: why here and not in the app).
          name: 'PerToken',
          priority: 4,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: perTokenLimit,
              aggregateKeyType: 'CUSTOM_KEYS',
              customKeys: [
                { header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } },
              ],
            },
          },
          visibilityConfig: visibility('PerToken'),
        },
      ],
    });
    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn });
  }
}
