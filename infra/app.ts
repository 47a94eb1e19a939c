import { App, Validations } from 'aws-cdk-lib';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
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
const { stage } = readSettings(app);

new HearthStack(app, `Hearth-${stage}`, {
  description: `Hearth (${stage}): event-driven serverless platform for peer-led mental-health organisations`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  tags: { project: 'hearth', stage },
});

// cdk-nag v3 runs as a policy-validation plugin: any unacknowledged finding fails the synth.
Validations.of(app).addPlugins(...nagPacks(app));

app.synth();
