import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionTag, nodeRuntime } from '../../infra/constructs/functions';
import { HearthStack, nagPacks, type HearthStackProps } from '../../infra/stack';
import { catalog } from '../../shared/catalog';

const httpFunctions = catalog.filter((spec) => spec.trigger.kind === 'http');
/** Functions an EventBridge rule invokes. */
const eventFunctions = catalog.filter((spec) => spec.trigger.kind === 'event');
import { capabilities, type FunctionSpec } from '../../shared/function-spec';
import { table as tableDefinition } from '../../shared/db/table';
import { EMPTY_SECRET } from '../../shared/link-secret';

/**
 * The stack as CloudFormation: every catalog entry produced exactly one function with its routes or
 * its rule, its dead-letter queue and alarm, and exactly the grants its `access` lists.
 */

type Json = any;
type Resources = Record<string, Json>;

interface Synthesized {
  app: App;
  stack: HearthStack;
  /** The top-level stack's template. */
  template: Template;
  /**
   * Every resource of the stack and of its nested capability stacks, each nested parameter replaced
   * by the value the stack passes it, so a reference reads as in one template.
   */
  resources: Resources;
  /** Resources per template: the stack's and each capability's. */
  counts: Record<string, number>;
}

/** Replaces `{ Ref: <parameter> }` by the parameter's value, everywhere in `node`. */
const substitute = (node: Json, values: Record<string, Json>): Json => {
  if (Array.isArray(node)) return node.map((item) => substitute(item, values));
  if (node === null || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && typeof node.Ref === 'string' && node.Ref in values) return values[node.Ref];
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, substitute(value, values)]));
};

const synthesize = (context: Record<string, unknown>, props: HearthStackProps = {}): Synthesized => {
  const app = new App({ context: { 'aws:cdk:enable-asset-metadata': true, ...context } });
  const stack = new HearthStack(app, 'Hearth', props);
  const template = Template.fromStack(stack);
  const top = template.toJSON().Resources as Resources;
  const resources: Resources = { ...top };
  const counts: Record<string, number> = { Hearth: Object.keys(top).length };
  for (const [capability, nested] of stack.capabilities) {
    const stackResource = top[stack.resolve((nested.nestedStackResource as CfnResource).logicalId) as string];
    expect(stackResource.Type).toBe('AWS::CloudFormation::Stack');
    const nestedResources = Template.fromStack(nested).toJSON().Resources as Resources;
    counts[capability] = Object.keys(nestedResources).length;
    for (const [id, resource] of Object.entries(nestedResources)) {
      expect(resources[id], `logical id ${id} in two templates`).toBeUndefined();
      resources[id] = substitute(resource, stackResource.Properties.Parameters ?? {});
    }
  }
  return { app, stack, template, resources, counts };
};

const ofType = (resources: Resources, type: string): [string, Json][] =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);

const ref = (logicalId: string) => ({ Ref: logicalId });
const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const statementsOfRole = (resources: Resources, roleId: string): Json[] =>
  ofType(resources, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles as Json[]).some((role) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Json[]);

const readActions = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** Everything a Hearth function may be allowed, by the access that allows it. */
const permitted = (action: string, access: FunctionSpec['access']): boolean => {
  if (['logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage'].includes(action)) return true;
  if (action.startsWith('dynamodb:')) return access.table === 'readwrite' || (access.table === 'read' && !writeActions.includes(action));
  if (action === 'events:PutEvents') return access.bus === true;
  if (action === 'ses:SendEmail' || action === 'ses:SendRawEmail') return access.mail === true;
  if (action === 'secretsmanager:GetSecretValue' || action === 'secretsmanager:DescribeSecret') return access.linkSecret === true;
  if (action.startsWith('scheduler:') || action === 'iam:PassRole') return access.schedules === true;
  if (action === 'ses:GetAccount') return access.sendQuota === true;
  return false;
};

/** The constructs each rule is acknowledged on, anywhere in the tree; every reason is spelled out. */
const acknowledgements = (root: IConstruct): Map<string, IConstruct[]> => {
  const found = new Map<string, IConstruct[]>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        const ruleId = id.replace(/^annotation::/i, '').replace(/\[.*\]$/, '');
        expect(reason.length, `reason for ${ruleId}`).toBeGreaterThan(40);
        found.set(ruleId, [...(found.get(ruleId) ?? []), construct]);
      }
    }
  }
  return found;
};

let dev: Synthesized;
let prod: Synthesized;

const fn = (spec: FunctionSpec, stage = 'dev', resources = dev.resources): [string, Json] => {
  const matches = ofType(resources, 'AWS::Lambda::Function').filter(
    ([, resource]) => resource.Properties.FunctionName === `hearth-${stage}-${spec.name}`,
  );
  expect(matches, spec.name).toHaveLength(1);
  return matches[0]!;
};

const singleId = (resources: Resources, type: string): string => {
  const matches = ofType(resources, type);
  expect(matches, type).toHaveLength(1);
  return matches[0]![0];
};

beforeAll(() => {
  // The dev stack bundles every entry with esbuild, like `cdk synth`; the prod stack skips bundling.
  dev = synthesize({});
  prod = synthesize({
    stage: 'prod',
    'aws:cdk:bundling-stacks': [],
    mailFrom: 'Hearth <hello@mail.example.org>',
    domain: 'example.org',
    baseUrl: 'https://hearth.example.org/',
    orgName: 'Peer Support Collective',
    crisisResources: JSON.stringify([{ name: 'Samaritans', contact: 'Call 116 123' }]),
    orgPostalAddress: '12 Example Street, Springfield',
    sesMaxSendRate: 40,
    alarmEmail: 'ops@example.org',
  });
}, 300_000);

afterAll(() => {
  // Each synthesis writes its bundles to a fresh temporary directory.
  for (const synthesized of [dev, prod]) {
    if (synthesized) fs.rmSync(synthesized.app.outdir, { recursive: true, force: true });
  }
});

describe('functions', () => {
  it('uses the newest Node.js runtime this aws-cdk-lib offers', () => {
    const version = (runtime: lambda.Runtime) => Number(/^nodejs(\d+)/.exec(runtime.name)?.[1] ?? 0);
    const newest = Math.max(...lambda.Runtime.ALL.filter((r) => r.family === lambda.RuntimeFamily.NODEJS).map(version));
    expect(version(nodeRuntime)).toBe(newest);
  });

  it('creates exactly one function per catalog entry, and no other', () => {
    expect(ofType(dev.resources, 'AWS::Lambda::Function')).toHaveLength(catalog.length);
    expect(new Set(catalog.map((spec) => spec.name)).size).toBe(catalog.length);
  });

  it.each(catalog.map((spec) => [spec.name, spec] as const))('%s: arm64, newest Node.js, JSON logs, configuration', (_, spec) => {
    const [, resource] = fn(spec);
    const props = resource.Properties;
    expect(props.Runtime).toBe(nodeRuntime.name);
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(props.Description).toBe(spec.description);
    expect(props.MemorySize).toBe(spec.memoryMb ?? 512);
    expect(props.Timeout).toBe(spec.timeoutSeconds ?? (spec.trigger.kind === 'http' ? 10 : 30));
    expect(props.Tags).toContainEqual({ Key: functionTag, Value: spec.name });

    // Its own log group, with retention.
    expect(props.LoggingConfig.LogFormat).toBe('JSON');
    const logGroupId = props.LoggingConfig.LogGroup.Ref as string;
    expect(dev.resources[logGroupId].Properties.RetentionInDays).toBeGreaterThan(0);
    expect(dev.resources[logGroupId].Properties.LogGroupName).toBe(`/aws/lambda/hearth-dev-${spec.name}`);

    // An event function has its own dead-letter queue, for async failures and for the malformed
    // events it rejects; an HTTP function is only invoked synchronously and has none.
    const invokeConfigs = ofType(dev.resources, 'AWS::Lambda::EventInvokeConfig').filter(
      ([, config]) => config.Properties.FunctionName.Ref === fn(spec)[0],
    );
    const isHttp = spec.trigger.kind === 'http';
    const queueId = isHttp ? undefined : (props.DeadLetterConfig.TargetArn['Fn::GetAtt'][0] as string);
    if (queueId) {
      expect(dev.resources[queueId].Type).toBe('AWS::SQS::Queue');
      expect(dev.resources[queueId].Properties.QueueName).toBe(`hearth-dev-${spec.name}-dlq`);
      expect(invokeConfigs).toHaveLength(1);
      expect(invokeConfigs[0]![1].Properties.MaximumRetryAttempts).toBe(2);
    } else {
      expect(props.DeadLetterConfig).toBeUndefined();
      expect(invokeConfigs).toHaveLength(0);
    }

    const env = props.Environment.Variables;
    expect(Object.keys(env).sort()).toEqual(
      [
        'HEARTH_BASE_URL',
        ...(isHttp ? [] : ['DEAD_LETTER_QUEUE_URL']),
        'EVENT_BUS_NAME',
        'LINK_SECRET_ARN',
        'MAIL_FROM',
        'NODE_OPTIONS',
        'ORG_NAME',
        'POWERTOOLS_SERVICE_NAME',
        'SES_CONFIGURATION_SET',
        'TABLE_NAME',
        // Only where the function may write schedules.
        ...(spec.access.schedules ? ['EVENT_BUS_ARN', 'SCHEDULE_GROUP_NAME', 'SCHEDULER_DEAD_LETTER_ARN', 'SCHEDULER_ROLE_ARN'] : []),
      ].sort(),
    );
    if (queueId) expect(env.DEAD_LETTER_QUEUE_URL).toEqual(ref(queueId));
    expect(env.TABLE_NAME).toEqual(ref(singleId(dev.resources, 'AWS::DynamoDB::Table')));
    expect(env.EVENT_BUS_NAME).toEqual(ref(singleId(dev.resources, 'AWS::Events::EventBus')));
    expect(env.SES_CONFIGURATION_SET).toEqual(ref(singleId(dev.resources, 'AWS::SES::ConfigurationSet')));
    expect(env.LINK_SECRET_ARN).toEqual(ref(singleId(dev.resources, 'AWS::SecretsManager::Secret')));
    expect(env.HEARTH_BASE_URL).toEqual({ 'Fn::GetAtt': [singleId(dev.resources, 'AWS::ApiGatewayV2::Api'), 'ApiEndpoint'] });
    expect(env.MAIL_FROM).toBe('no-reply@example.org');
    expect(env.ORG_NAME).toBe('Hearth');
    expect(env.POWERTOOLS_SERVICE_NAME).toBe('hearth');
    expect(env.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it.each(catalog.map((spec) => [spec.name, spec] as const))('%s: may read the link secret exactly when its code can', (_, spec) => {
    // Locally every handler can read the secret; on AWS a missing grant would fail only there, and
    // an unneeded one is more than the function needs. The bundle holds the code that reads it or not.
    const bundle = path.join(dev.app.outdir, fn(spec)[1].Metadata['aws:asset:path'] as string, 'index.mjs');
    expect(fs.readFileSync(bundle, 'utf8').includes(EMPTY_SECRET)).toBe(spec.access.linkSecret === true);
  });

  it.each(catalog.map((spec) => [spec.name, spec] as const))('%s: bundled as an ES module that loads', (_, spec) => {
    const [, resource] = fn(spec);
    const assetPath = resource.Metadata['aws:asset:path'] as string;
    const bundle = path.join(dev.app.outdir, assetPath, 'index.mjs');
    expect(fs.existsSync(bundle), bundle).toBe(true);
    expect(fs.existsSync(`${bundle}.map`)).toBe(true);
    expect(fs.readFileSync(bundle, 'utf8')).toMatch(/^import \{ createRequire as \w+ \} from 'module';const require = /);
    // What Lambda does at a cold start: a syntax error, a clashing banner or a CommonJS dependency
    // that cannot be required fails here rather than on the first request. No AWS call is made.
    const load = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); if (typeof m.handler !== 'function') process.exit(3);`;
    execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', load], {
      stdio: 'pipe',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-1',
        TABLE_NAME: 'hearth-test',
        EVENT_BUS_NAME: 'hearth-test',
        LINK_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:test',
        DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/000000000000/test',
        POWERTOOLS_SERVICE_NAME: 'hearth',
      },
    });
  });

  it('passes deploy-time context to every function (prod)', () => {
    for (const spec of catalog) {
      const env = fn(spec, 'prod', prod.resources)[1].Properties.Environment.Variables;
      expect(env.MAIL_FROM).toBe('Hearth <hello@mail.example.org>');
      expect(env.HEARTH_BASE_URL).toBe('https://hearth.example.org');
      expect(env.ORG_NAME).toBe('Peer Support Collective');
      expect(JSON.parse(env.HEARTH_CRISIS_RESOURCES)).toEqual([{ name: 'Samaritans', contact: 'Call 116 123' }]);
      expect(env.HEARTH_ORG_POSTAL_ADDRESS).toBe('12 Example Street, Springfield');
      expect(env.HEARTH_SES_MAX_SEND_RATE).toBe('40');
    }
  });
});

describe('HTTP API', () => {
  const routeKeys = httpFunctions.flatMap((spec) => (spec.trigger.kind === 'http' ? spec.trigger.routes : []));

  it('has exactly the catalog route keys, each once', () => {
    const routes = ofType(dev.resources, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties.RouteKey as string);
    expect([...routes].sort()).toEqual([...routeKeys].sort());
    expect(new Set(routes).size).toBe(routes.length);
  });

  it.each(httpFunctions.map((spec) => [spec.name, spec] as const))('%s: its routes integrate its function', (_, spec) => {
    if (spec.trigger.kind !== 'http') throw new Error('not http');
    const [functionId] = fn(spec);
    for (const routeKey of spec.trigger.routes) {
      const [route] = ofType(dev.resources, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey === routeKey);
      const target = route![1].Properties.Target['Fn::Join'][1] as Json[];
      expect(target[0]).toBe('integrations/');
      const integration = dev.resources[target[1].Ref as string].Properties;
      expect(integration.IntegrationType).toBe('AWS_PROXY');
      expect(integration.PayloadFormatVersion).toBe('2.0');
      expect(integration.IntegrationUri).toEqual(arnOf(functionId));
    }
    // One permission for this API (any of its routes) to invoke the function.
    const invokers = ofType(dev.resources, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties.Principal === 'apigateway.amazonaws.com' && p.Properties.FunctionName['Fn::GetAtt']?.[0] === functionId,
    );
    expect(invokers).toHaveLength(1);
    const apiId = singleId(dev.resources, 'AWS::ApiGatewayV2::Api');
    expect(JSON.stringify(invokers[0]![1].Properties.SourceArn)).toContain(`{"Ref":"${apiId}"},"/*/*"`);
  });


  it('throttles the default stage and logs access without personal data', () => {
    const stages = ofType(dev.resources, 'AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const stage = stages[0]![1].Properties;
    expect(stage.StageName).toBe('$default');
    expect(stage.DefaultRouteSettings.ThrottlingBurstLimit).toBeGreaterThan(0);
    expect(stage.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(Object.values(format)).toContain('$context.requestId');
    expect(Object.values(format)).toContain('$context.routeKey');
    for (const variable of Object.values(format)) {
      expect(variable).not.toMatch(/path|querystring|identity|sourceIp|userAgent|requestOverride|authorizer/i);
    }
    const logGroupId = stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] as string;
    expect(dev.resources[logGroupId].Properties.RetentionInDays).toBeGreaterThan(0);
  });
});

describe('room to grow', () => {
  it('puts each capability in its own nested stack', () => {
    expect([...dev.stack.capabilities.keys()].sort()).toEqual([...new Set(catalog.map((spec) => spec.capability))].sort());
    for (const spec of catalog) {
      expect(Stack.of(dev.stack.functions.get(spec.name)!.function)).toBe(dev.stack.capabilities.get(spec.capability));
    }
  });

  it('holds 40 more functions in every capability, every stack under CloudFormation\'s 500 resources', () => {
    // Measured, not computed: 40 more event functions (the costliest kind: function, role, policy,
    // log group, dead-letter queue and its policy, alarm, invoke config, rule, permission) in every
    // capability at once, synthesized without bundles.
    const model = catalog.find((spec) => spec.name === 'mail-reminders')!;
    const extra = capabilities.flatMap((capability) =>
      Array.from({ length: 40 }, (_, i): FunctionSpec => ({ ...model, name: `extra-${capability}-${i}`, capability })),
    );
    const grown = synthesize({ 'aws:cdk:bundling-stacks': [] }, { catalog: [...catalog, ...extra] });
    expect(Object.keys(grown.counts).sort()).toEqual(['Hearth', ...capabilities].sort());
    for (const capability of capabilities) {
      // The 40 really landed there, at their full cost.
      expect(grown.counts[capability]! - (dev.counts[capability] ?? 0)).toBeGreaterThanOrEqual(40 * 10);
    }
    for (const [name, count] of Object.entries(grown.counts)) expect(count, name).toBeLessThan(500);
    console.log('Resources per stack, as deployed:', dev.counts, 'with 40 more functions in each capability:', grown.counts);
    fs.rmSync(grown.app.outdir, { recursive: true, force: true });
  }, 120_000);
});

describe('events', () => {
  it('has a hearth-<stage> bus with an archive', () => {
    const busId = singleId(dev.resources, 'AWS::Events::EventBus');
    expect(dev.resources[busId].Properties.Name).toBe('hearth-dev');
    const archive = dev.resources[singleId(dev.resources, 'AWS::Events::Archive')].Properties;
    expect(archive.SourceArn).toEqual(arnOf(busId));
    expect(archive.RetentionDays).toBeGreaterThan(0);
  });

  it('has exactly one rule per event consumer', () => {
    expect(ofType(dev.resources, 'AWS::Events::Rule')).toHaveLength(eventFunctions.length);
  });

  it.each(eventFunctions.map((spec) => [spec.name, spec] as const))('%s: one exact rule, retries and a DLQ', (_, spec) => {
    if (spec.trigger.kind === 'http') throw new Error('not an event consumer');
    const { event } = spec.trigger;
    const [functionId, resource] = fn(spec);
    const rules = ofType(dev.resources, 'AWS::Events::Rule').filter(([, rule]) =>
      (rule.Properties.Targets as Json[]).some((target) => target.Arn['Fn::GetAtt']?.[0] === functionId),
    );
    expect(rules).toHaveLength(1);
    const [ruleId, rule] = rules[0]!;
    expect(rule.Properties.EventPattern).toStrictEqual({ source: [event.source], 'detail-type': [event.detailType] });
    // AWS services (SES) publish to the default bus only.
    const busId = singleId(dev.resources, 'AWS::Events::EventBus');
    expect(rule.Properties.EventBusName).toEqual(event.source.startsWith('aws.') ? 'default' : ref(busId));
    expect(rule.Properties.Targets).toHaveLength(1);
    const target = rule.Properties.Targets[0];
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 });
    expect(target.DeadLetterConfig.Arn).toEqual(resource.Properties.DeadLetterConfig.TargetArn);
    const invokers = ofType(dev.resources, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties.Principal === 'events.amazonaws.com' && p.Properties.SourceArn?.['Fn::GetAtt']?.[0] === ruleId,
    );
    expect(invokers).toHaveLength(1);
  });

  it('has a schedule group, a role only Scheduler of this account assumes to put events on the bus, and an alarmed dead-letter queue', () => {
    const group = dev.resources[singleId(dev.resources, 'AWS::Scheduler::ScheduleGroup')].Properties;
    expect(group.Name).toBe('hearth-dev');
    const queues = ofType(dev.resources, 'AWS::SQS::Queue').filter(([, queue]) => queue.Properties.QueueName === 'hearth-dev-scheduler-dlq');
    expect(queues).toHaveLength(1);
    const [queueId] = queues[0]!;
    const roles = ofType(dev.resources, 'AWS::IAM::Role').filter(([, role]) =>
      JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    );
    expect(roles).toHaveLength(1);
    const [roleId, role] = roles[0]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
    const statements = statementsOfRole(dev.resources, roleId);
    const busId = singleId(dev.resources, 'AWS::Events::EventBus');
    expect(statements.map((s) => [s.Action, s.Resource])).toEqual(
      expect.arrayContaining([
        ['events:PutEvents', arnOf(busId)],
        [expect.arrayContaining(['sqs:SendMessage']), arnOf(queueId)],
      ]),
    );
    expect(statements.flatMap((s) => asArray(s.Action)).sort()).toEqual(['events:PutEvents', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].sort());
    // The functions that write schedules pass exactly this role and name the group's schedules only.
    for (const spec of catalog.filter((entry) => entry.access.schedules)) {
      const [, resource] = fn(spec);
      const fnStatements = statementsOfRole(dev.resources, resource.Properties.Role['Fn::GetAtt'][0]);
      const passRole = fnStatements.filter((s) => asArray(s.Action).includes('iam:PassRole'));
      expect(passRole.flatMap((s) => asArray(s.Resource))).toEqual([arnOf(roleId)]);
      const scheduleArns = fnStatements.filter((s) => asArray(s.Action).some((a) => a.startsWith('scheduler:'))).flatMap((s) => asArray(s.Resource));
      expect(JSON.stringify(scheduleArns)).toContain(':schedule/hearth-dev/*');
      expect(resource.Properties.Environment.Variables.SCHEDULER_ROLE_ARN).toEqual(arnOf(roleId));
      expect(resource.Properties.Environment.Variables.SCHEDULER_DEAD_LETTER_ARN).toEqual(arnOf(queueId));
    }
    expect(catalog.some((entry) => entry.access.schedules)).toBe(true);
  });

  it('sends SES bounces, complaints, rejects and deliveries to the default bus', () => {
    const destination = dev.resources[singleId(dev.resources, 'AWS::SES::ConfigurationSetEventDestination')].Properties;
    expect([...destination.EventDestination.MatchingEventTypes].sort()).toEqual(['bounce', 'complaint', 'delivery', 'reject']);
    expect(JSON.stringify(destination.EventDestination.EventBridgeDestination.EventBusArn)).toContain(':event-bus/default');
    expect(destination.ConfigurationSetName).toEqual(ref(singleId(dev.resources, 'AWS::SES::ConfigurationSet')));
  });
});

describe('least privilege', () => {
  it.each(catalog.map((spec) => [spec.name, spec] as const))('%s: exactly its catalog access', (_, spec) => {
    const [, resource] = fn(spec);
    const roleId = resource.Properties.Role['Fn::GetAtt'][0] as string;
    const role = dev.resources[roleId].Properties;
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies).toBeUndefined();

    const statements = statementsOfRole(dev.resources, roleId);
    const actions = new Set(statements.flatMap((s) => asArray(s.Action as string | string[])));
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      // The one action IAM only accepts on `*`: reading the SES quota (GetAccount), and only that.
      if (asArray(statement.Resource).includes('*')) expect(statement.Action).toBe('ses:GetAccount');
    }
    for (const action of actions) expect(permitted(action, spec.access), `${spec.name} may not ${action}`).toBe(true);

    const resourcesOf = (action: string) =>
      statements.filter((s) => asArray(s.Action).includes(action)).flatMap((s) => asArray(s.Resource));
    // Its own log group and its own queue only.
    expect(resourcesOf('logs:PutLogEvents')).toEqual([arnOf(resource.Properties.LoggingConfig.LogGroup.Ref)]);
    expect(resourcesOf('sqs:SendMessage')).toEqual(spec.trigger.kind === 'http' ? [] : [resource.Properties.DeadLetterConfig.TargetArn]);

    const tableId = singleId(dev.resources, 'AWS::DynamoDB::Table');
    if (spec.access.table) {
      for (const action of readActions) expect(actions).toContain(action);
      for (const action of writeActions) expect(actions.has(action)).toBe(spec.access.table === 'readwrite');
      for (const arn of resourcesOf('dynamodb:GetItem')) expect(JSON.stringify(arn)).toContain(`"${tableId}"`);
    } else {
      expect([...actions].filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    }

    expect(actions.has('events:PutEvents')).toBe(spec.access.bus === true);
    if (spec.access.bus) expect(resourcesOf('events:PutEvents')).toEqual([arnOf(singleId(dev.resources, 'AWS::Events::EventBus'))]);

    expect(actions.has('ses:SendEmail')).toBe(spec.access.mail === true);
    if (spec.access.mail) {
      const arns = resourcesOf('ses:SendEmail').map((arn) => JSON.stringify(arn));
      expect(arns).toHaveLength(2);
      expect(arns.some((a) => a.includes(':identity/') && a.includes(singleId(dev.resources, 'AWS::SES::EmailIdentity')))).toBe(true);
      expect(arns.some((a) => a.includes(':configuration-set/') && a.includes(singleId(dev.resources, 'AWS::SES::ConfigurationSet')))).toBe(true);
    }

    expect(actions.has('secretsmanager:GetSecretValue')).toBe(spec.access.linkSecret === true);
    if (spec.access.linkSecret) {
      expect(resourcesOf('secretsmanager:GetSecretValue')).toEqual([ref(singleId(dev.resources, 'AWS::SecretsManager::Secret'))]);
    }
  });
});

describe('queues and alarms', () => {
  it('has one dead-letter queue per event function, each encrypted, TLS-only, 14-day retention and alarmed', () => {
    const queues = ofType(dev.resources, 'AWS::SQS::Queue');
    // One per event function, and EventBridge Scheduler's.
    expect(queues).toHaveLength(eventFunctions.length + 1);
    const topicId = singleId(dev.resources, 'AWS::SNS::Topic');
    for (const [queueId, queue] of queues) {
      expect(queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined).toBe(true);
      expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      const policies = ofType(dev.resources, 'AWS::SQS::QueuePolicy').filter(([, p]) =>
        (p.Properties.Queues as Json[]).some((q) => q.Ref === queueId),
      );
      const denies = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]).filter((s) => s.Effect === 'Deny');
      expect(denies).toContainEqual(expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));

      const alarms = ofType(dev.resources, 'AWS::CloudWatch::Alarm').filter(([, alarm]) =>
        (alarm.Properties.Dimensions as Json[] | undefined)?.some(
          (d) => d.Name === 'QueueName' && d.Value['Fn::GetAtt']?.[0] === queueId,
        ),
      );
      expect(alarms, queueId).toHaveLength(1);
      const alarm = alarms[0]![1].Properties;
      expect(alarm.MetricName).toBe('ApproximateNumberOfMessagesVisible');
      expect(alarm.Threshold).toBe(1);
      expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
      expect(alarm.AlarmActions).toEqual([ref(topicId)]);
    }
  });

  it('subscribes alarmEmail to the alarm topic when given', () => {
    expect(ofType(dev.resources, 'AWS::SNS::Subscription')).toHaveLength(0);
    const subscriptions = ofType(prod.resources, 'AWS::SNS::Subscription');
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]![1].Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.org' });
  });
});

describe('data', () => {
  const tableOf = (resources: Resources) => resources[singleId(resources, 'AWS::DynamoDB::Table')];

  it('builds the table from shared/db/table.ts: on-demand, PITR, TTL, encrypted', () => {
    const props = tableOf(dev.resources).Properties;
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.ProvisionedThroughput).toBeUndefined();
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: tableDefinition.ttlAttribute, Enabled: true });
    expect(props.TimeToLiveSpecification.AttributeName).toBe('expiresAt');
    expect(props.SSESpecification).toEqual({ SSEEnabled: true });
    expect(props.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
    expect(props.GlobalSecondaryIndexes).toEqual(
      tableDefinition.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });

  it('lets a dev table go with its stack', () => {
    const table = tableOf(dev.resources);
    expect(table.DeletionPolicy).toBe('Delete');
    expect(table.Properties.DeletionProtectionEnabled ?? false).toBe(false);
  });

  it('protects and retains the table of any other stage', () => {
    const table = tableOf(prod.resources);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(prod.resources[singleId(prod.resources, 'AWS::SecretsManager::Secret')].DeletionPolicy).toBe('Retain');
  });

  it('generates the link secret at deploy time', () => {
    const secret = dev.resources[singleId(dev.resources, 'AWS::SecretsManager::Secret')].Properties;
    expect(secret.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.SecretString).toBeUndefined();
  });
});

describe('mail', () => {
  it('verifies the mailFrom address by default and the domain when given', () => {
    expect(dev.resources[singleId(dev.resources, 'AWS::SES::EmailIdentity')].Properties.EmailIdentity).toBe('no-reply@example.org');
    expect(prod.resources[singleId(prod.resources, 'AWS::SES::EmailIdentity')].Properties.EmailIdentity).toBe('example.org');
  });
});

describe('cost and posture', () => {
  it('has nothing that costs money while idle: no VPC, NAT, RDS, provisioned capacity', () => {
    for (const { resources } of [dev, prod]) {
      const types = new Set(Object.values(resources).map((resource: Json) => resource.Type as string));
      for (const type of types) expect(type).not.toMatch(/^AWS::(EC2|RDS|ElastiCache|OpenSearchService|Redshift|DocDB|Neptune)::/);
      for (const [, alias] of ofType(resources, 'AWS::Lambda::Alias')) {
        expect(alias.Properties.ProvisionedConcurrencyConfig).toBeUndefined();
      }
      expect(ofType(resources, 'AWS::Lambda::Version')).toHaveLength(0);
    }
  });

  it('outputs the API URL, table name and bus name', () => {
    const outputs = dev.template.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'TableName', 'EventBusName']));
  });

  it('passes CDK template validation without findings', () => {
    for (const { app } of [dev, prod]) {
      const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
      expect(report.pluginReports).toEqual([]);
    }
  });

  it.each(['dev', 'prod'])('cdk-nag AwsSolutions and Serverless: no unacknowledged finding (%s)', (stage) => {
    const { stack } = stage === 'dev' ? dev : prod;
    for (const pack of nagPacks()) {
      const findings = pack
        .validateScope(stack)
        .violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
      expect(findings, pack.readPackName).toEqual([]);
    }
  });

  it('acknowledges only the reviewed cdk-nag rules, each with a reason, on the resources concerned', () => {
    const acknowledged = acknowledgements(prod.stack);
    expect([...acknowledged.keys()].sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        'AwsSolutions-IAM5',
        'AwsSolutions-SMG4',
        'AwsSolutions-SQS3',
        'Serverless-LambdaAsyncFailureDestination',
        'Serverless-LambdaDLQ',
        'Serverless-LambdaTracing',
        'Serverless-SNSRedrivePolicy',
        'Serverless-SQSRedrivePolicy',
      ].sort(),
    );
    // Narrow: on one resource (a route, a role, a queue, a function), never on the stack or a group.
    for (const constructs of acknowledged.values()) {
      for (const construct of constructs) expect(CfnResource.isCfnResource(construct.node.defaultChild), construct.node.path).toBe(true);
    }
    expect(acknowledged.get('AwsSolutions-APIG4')).toHaveLength(
      httpFunctions.reduce((n, spec) => n + (spec.trigger.kind === 'http' ? spec.trigger.routes.length : 0), 0),
    );
    expect(acknowledged.get('AwsSolutions-IAM5')).toHaveLength(
      catalog.filter((spec) => spec.access.table).length +
        catalog.filter((spec) => spec.access.schedules).length +
        catalog.filter((spec) => spec.access.sendQuota).length,
    );
    expect(acknowledged.get('AwsSolutions-SQS3')).toHaveLength(1);
  });
});
