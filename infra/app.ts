import { App, Validations } from 'aws-cdk-lib';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { HearthEdgeStack } from './constructs/edge';
import { readSettings } from './constructs/settings';
import { HearthStack, nagPacks } from './stack';

/**
 * `npx cdk synth` (cdk.json runs this file). Works offline without credentials: the stack is
 * environment-agnostic unless the CLI knows an account and region. Context: docs/aws.md.
 */
// HEARTH_SYNTH_WITHOUT_BUNDLES=1: the templates alone, without building a bundle per function (the
// CLI synth tests). Such a template refuses to deploy (infra/stack.ts). The CLI always asks for every
// bundle, so this overrides it after the CLI's context.
const withoutBundles = process.env.HEARTH_SYNTH_WITHOUT_BUNDLES === '1';
const app = new App(withoutBundles ? { postCliContext: { [BUNDLING_STACKS]: [] } } : {});
const { stage, waf, wafRateLimit } = readSettings(app);

const account = process.env.CDK_DEFAULT_ACCOUNT;
const tags = { project: 'hearth', stage };

// -c waf=true: the web ACL a CloudFront distribution uses must be in us-east-1 (infra/constructs/edge.ts).
const edge = waf
  ? new HearthEdgeStack(app, `Hearth-${stage}-edge`, {
      description: `Hearth (${stage}): the per-client rate limit in front of the site`,
      env: { account, region: 'us-east-1' },
      stage,
      rateLimit: wafRateLimit,
      tags,
    })
  : undefined;

new HearthStack(app, `Hearth-${stage}`, {
  description: `Hearth (${stage}): event-driven serverless platform for peer-led mental-health organisations`,
  env: { account, region: process.env.CDK_DEFAULT_REGION },
  tags,
  ...(edge ? { webAclArn: edge.webAcl.attrArn } : {}),
});

// cdk-nag v3 runs as a policy-validation plugin: any unacknowledged finding fails the synth.
Validations.of(app).addPlugins(...nagPacks(app));

app.synth();
