import * as fs from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearthEdgeStack } from '../../infra/constructs/edge';
import { readSettings } from '../../infra/constructs/settings';
import { HearthStack, nagPacks } from '../../infra/stack';

/**
 * `-c waf=true`: a web ACL with a per-client rate-based rule (us-east-1, where CloudFront's web
 * ACLs live) attached to a CloudFront distribution in front of the HTTP API, in another region.
 * The same wiring as infra/app.ts, synthesized without bundles.
 */

type Json = any;

let app: App;
let edge: HearthEdgeStack;
let stack: HearthStack;
let edgeResources: Record<string, Json>;
let resources: Record<string, Json>;

beforeAll(() => {
  app = new App({ context: { waf: 'true', wafRateLimit: '600', 'aws:cdk:bundling-stacks': [] } });
  const { waf, wafRateLimit } = readSettings(app);
  expect(waf).toBe(true);
  edge = new HearthEdgeStack(app, 'Hearth-dev-edge', { env: { region: 'us-east-1' }, stage: 'dev', rateLimit: wafRateLimit });
  stack = new HearthStack(app, 'Hearth-dev', { env: { region: 'eu-west-1' }, webAclArn: edge.webAcl.attrArn });
  app.synth();
  edgeResources = Template.fromStack(edge).toJSON().Resources;
  resources = Template.fromStack(stack).toJSON().Resources;
}, 120_000);

afterAll(() => {
  if (app) fs.rmSync(app.outdir, { recursive: true, force: true });
});

const ofType = (of: Record<string, Json>, type: string) => Object.entries(of).filter(([, resource]) => resource.Type === type);

describe('-c waf=true', () => {
  it('has a web ACL for CloudFront whose rate-based rule answers 429 per client address', () => {
    const acls = ofType(edgeResources, 'AWS::WAFv2::WebACL');
    expect(acls).toHaveLength(1);
    const acl = acls[0]![1].Properties;
    expect(acl.Scope).toBe('CLOUDFRONT');
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    const rules = acl.Rules as Json[];
    expect(rules).toHaveLength(1);
    expect(rules[0].Statement.RateBasedStatement).toEqual({ Limit: 600, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    expect(rules[0].Action.Block.CustomResponse.ResponseCode).toBe(429);
    expect(acl.VisibilityConfig.SampledRequestsEnabled).toBe(false);
  });

  it('attaches it to a distribution in front of the HTTP API, which the links in mails use', () => {
    const distributions = ofType(resources, 'AWS::CloudFront::Distribution');
    expect(distributions).toHaveLength(1);
    const [distributionId, distribution] = distributions[0]!;
    const config = distribution.Properties.DistributionConfig;
    // The web ACL's ARN, read across regions from the edge stack.
    const reader = resources[config.WebACLId['Fn::GetAtt'][0]];
    expect(reader.Type).toBe('Custom::CrossRegionExportReader');
    expect(JSON.stringify(reader.Properties.ReaderProps.imports)).toContain('WebAcl');
    const [[, edgeWriter]] = ofType(edgeResources, 'Custom::CrossRegionExportWriter') as [[string, Json]];
    const aclId = ofType(edgeResources, 'AWS::WAFv2::WebACL')[0]![0];
    expect(Object.values(edgeWriter.Properties.WriterProps.exports)).toContainEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });

    const apiId = ofType(resources, 'AWS::ApiGatewayV2::Api')[0]![0];
    expect(JSON.stringify(config.Origins[0].DomainName)).toContain(apiId);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.AllowedMethods).toHaveLength(7);
    const functions = ofType(resources, 'AWS::CloudFormation::Stack');
    expect(functions.length).toBeGreaterThan(0);
    for (const [, nested] of functions) {
      expect(JSON.stringify(nested.Properties.Parameters ?? {})).not.toContain('ApiEndpoint');
    }
    expect(JSON.stringify(Object.values(functions[0]![1].Properties.Parameters ?? {}))).toContain(distributionId);
  });

  it('adds HSTS to every answer CloudFront gives, its own and the WAF\'s 429 too (a response headers policy on the default behaviour)', () => {
    const policies = ofType(resources, 'AWS::CloudFront::ResponseHeadersPolicy');
    expect(policies).toHaveLength(1);
    const [policyId, policy] = policies[0]!;
    expect(policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.StrictTransportSecurity).toEqual({
      AccessControlMaxAgeSec: 63072000,
      IncludeSubdomains: true,
      Override: false,
    });
    const [[, distribution]] = ofType(resources, 'AWS::CloudFront::Distribution') as [[string, Json]];
    expect(distribution.Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
  });

  it('passes cdk-nag in both stacks', () => {
    for (const target of [edge, stack]) {
      for (const pack of nagPacks()) {
        expect(pack.validateScope(target).violations.map((v) => v.ruleName), `${target.stackName} ${pack.readPackName}`).toEqual([]);
      }
    }
  });
});
