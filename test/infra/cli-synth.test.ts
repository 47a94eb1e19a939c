import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { projectRoot } from '../../infra/stack';

/**
 * `npx cdk synth --quiet`, exactly as README's "Deploy to AWS" writes it, run by the real CDK CLI
 * in a clean copy of the tree (the files git tracks, nothing else but a link to node_modules), as
 * on a fresh clone. The CLI always resolves a region before it runs the app (the SDK's chain, then
 * us-east-1), and cdk-nag runs inside the synth: every case must exit 0 without a finding.
 *
 * The three runs go at once, each without bundles (HEARTH_SYNTH_WITHOUT_BUNDLES, infra/app.ts):
 * building 43 esbuild bundles three times over would cost minutes of CPU on a shared machine, and
 * what differs between the cases is the environment, not the bundles; stack.test.ts builds and
 * loads every bundle once.
 */

const run = promisify(execFile);

const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
const deploySection = readme.slice(readme.indexOf('## Deploy to AWS'));
// eslint-disable-next-line security/detect-unsafe-regex -- run once on the repo's own README; the optional group holds no quantified group
const synthLine = /^(npx cdk synth[^#\n]*?)\s*(#.*)?$/m.exec(deploySection)?.[1];

interface Case {
  name: string;
  /** What this case sets; nothing else about AWS reaches the CLI. */
  env: Record<string, string>;
  /** ~/.aws/config in the case's own HOME. */
  awsConfig?: string;
  /** The environment the CLI handed the app: manifest.json's `aws://account/region`. */
  environment: string;
  /** The scheduler grant's resource in the template, as cdk-nag reads it. */
  scheduleArn: string;
}

const cases: Case[] = [
  {
    name: 'no region or account (the CLI falls back to us-east-1)',
    env: {},
    environment: 'aws://unknown-account/us-east-1',
    scheduleArn: 'arn:<AWS::Partition>:scheduler:us-east-1:<AWS::AccountId>:schedule/hearth-dev/*',
  },
  {
    name: "the CLI's own default: the region of the default profile in ~/.aws/config",
    env: {},
    awsConfig: '[default]\nregion = ca-central-1\n',
    environment: 'aws://unknown-account/ca-central-1',
    scheduleArn: 'arn:<AWS::Partition>:scheduler:ca-central-1:<AWS::AccountId>:schedule/hearth-dev/*',
  },
  {
    name: 'CDK_DEFAULT_ACCOUNT=111111111111 CDK_DEFAULT_REGION=eu-west-1',
    env: { CDK_DEFAULT_ACCOUNT: '111111111111', CDK_DEFAULT_REGION: 'eu-west-1' },
    // The CLI hands the app the region it resolved itself, over CDK_DEFAULT_REGION; without
    // credentials it leaves CDK_DEFAULT_ACCOUNT as it was. Both end up literal in the ARN.
    environment: 'aws://111111111111/us-east-1',
    scheduleArn: 'arn:<AWS::Partition>:scheduler:us-east-1:111111111111:schedule/hearth-dev/*',
  },
];

interface Outcome {
  code: number;
  output: string;
  outdir: string;
}

let scratch: string;
const outcomes = new Map<string, Promise<Outcome>>();

/** The tracked files of the tree as they are in the working copy, and node_modules linked. */
const cleanCopy = (into: string): void => {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: projectRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of tracked) {
    const from = path.join(projectRoot, file);
    if (!fs.existsSync(from)) continue; // deleted in the working copy, not yet committed
    fs.mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    fs.copyFileSync(from, path.join(into, file));
  }
  fs.symlinkSync(fs.realpathSync(path.join(projectRoot, 'node_modules')), path.join(into, 'node_modules'), 'dir');
};

const synth = async (spec: Case, dir: string): Promise<Outcome> => {
  const tree = path.join(dir, 'tree');
  const home = path.join(dir, 'home');
  cleanCopy(tree);
  fs.mkdirSync(home);
  // The CLI's user settings: no notices fetched from the network.
  fs.writeFileSync(path.join(home, '.cdk.json'), JSON.stringify({ notices: false }));
  if (spec.awsConfig) {
    fs.mkdirSync(path.join(home, '.aws'));
    fs.writeFileSync(path.join(home, '.aws', 'config'), spec.awsConfig);
  }
  const [command, ...args] = synthLine!.split(/\s+/);
  try {
    const { stdout, stderr } = await run(command!, args, {
      cwd: tree,
      timeout: 400_000,
      maxBuffer: 64 * 1024 * 1024,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        // Nothing leaves this machine: no instance metadata service, no notices, telemetry or
        // update checks. None of these sets a region or an account.
        AWS_EC2_METADATA_DISABLED: 'true',
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        CDK_DISABLE_VERSION_CHECK: 'true',
        npm_config_update_notifier: 'false',
        HEARTH_SYNTH_WITHOUT_BUNDLES: '1',
        ...spec.env,
      },
    });
    return { code: 0, output: stdout + stderr, outdir: path.join(tree, 'cdk.out') };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}`, outdir: path.join(tree, 'cdk.out') };
  }
};

beforeAll(() => {
  expect(synthLine, "README's Deploy to AWS names the synth command").toBe('npx cdk synth --quiet');
  scratch = fs.mkdtempSync(path.join(tmpdir(), 'hearth-cli-synth-'));
  cases.forEach((spec, i) => {
    const dir = path.join(scratch, String(i));
    fs.mkdirSync(dir);
    outcomes.set(spec.name, synth(spec, dir));
  });
});

afterAll(async () => {
  await Promise.allSettled(outcomes.values());
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}, 400_000);

/** Every template of the assembly: the stack's and its nested stacks'. */
const templates = (outdir: string): Record<string, any> =>
  Object.fromEntries(
    fs
      .readdirSync(outdir)
      .filter((file) => file.endsWith('.template.json'))
      .map((file) => [file, JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8'))]),
  );

describe.concurrent(`README's ${synthLine ?? 'synth command'} in a clean copy of the tree`, () => {
  it.each(cases)('$name', async (spec) => {
    const outcome = await outcomes.get(spec.name)!;
    expect(outcome.output).not.toMatch(/AwsSolutions-|Serverless-|\bERROR\b/);
    expect(outcome.code, outcome.output.slice(-4000)).toBe(0);

    const manifest = JSON.parse(fs.readFileSync(path.join(outcome.outdir, 'manifest.json'), 'utf8'));
    const report = JSON.parse(fs.readFileSync(path.join(outcome.outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((plugin: any) => plugin.violations ?? [])).toEqual([]);
    expect(manifest.artifacts['Hearth-dev'].environment).toBe(spec.environment);

    // The case really reached the stack: the scheduler grant names the region and account the CLI resolved.
    const scheduleArns = Object.values(templates(outcome.outdir))
      .flatMap((template) => Object.values(template.Resources as Record<string, any>))
      .filter((resource) => resource.Type === 'AWS::IAM::Policy')
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as any[])
      .filter((statement) => [statement.Action].flat().includes('scheduler:CreateSchedule'))
      .flatMap((statement) => [statement.Resource].flat().map(flattenCfnReference));
    expect(scheduleArns.length).toBeGreaterThan(0);
    for (const arn of scheduleArns) expect(arn).toBe(spec.scheduleArn);
  }, 400_000);
});
