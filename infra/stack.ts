import { fileURLToPath } from 'node:url';
import { CfnOutput, CfnRule, Fn, NestedStack, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { Construct, IConstruct } from 'constructs';
import { catalog } from '../shared/catalog';
import type { Capability, FunctionSpec } from '../shared/function-spec';
import { Alarms } from './constructs/alarms';
import { HearthApi } from './constructs/api';
import { HearthTable } from './constructs/data';
import { HearthMail } from './constructs/email';
import { HearthDistribution } from './constructs/edge';
import { HearthEvents } from './constructs/events';
import { HearthFunction } from './constructs/functions';
import { HearthSchedules } from './constructs/schedules';
import { readSettings, retentionEnvironment, type HearthSettings } from './constructs/settings';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** The cdk-nag packs the app (infra/app.ts) validates with, and the tests too. */
export const nagPacks = (scope?: IConstruct): NagPack[] => [
  new AwsSolutionsChecks(scope, { verbose: true }),
  new ServerlessChecks(scope, { verbose: true }),
];

export interface HearthStackProps extends StackProps {
  /** The functions to deploy; the catalog (shared/catalog.ts) unless a test adds some. */
  catalog?: readonly FunctionSpec[];
  /** With `-c waf=true`: the web ACL (HearthEdgeStack, us-east-1) of the CloudFront distribution in front of the API. */
  webAclArn?: string;
}

/**
 * Hearth on AWS, everything derived from the catalog (shared/catalog.ts): one function per entry,
 * its routes or its rule, and exactly the grants its `access` lists. Nothing costs money while idle
 * but the secret and the alarms (docs/aws.md).
 */
export class HearthStack extends Stack {
  readonly settings: HearthSettings;
  readonly functions = new Map<string, HearthFunction>();
  /** One nested stack per capability that has functions. */
  readonly capabilities = new Map<Capability, NestedStack>();

  constructor(scope: Construct, id: string, props: HearthStackProps = {}) {
    super(scope, id, { ...props, ...(props.webAclArn ? { crossRegionReferences: true } : {}) });
    const settings = (this.settings = readSettings(this));
    if (!this.bundlingRequired) {
      // Synthesized without bundles, its functions hold placeholders (infra/constructs/functions.ts):
      // CloudFormation checks rules before it changes anything, so such a template cannot be deployed.
      new CfnRule(this, 'SynthesizedWithoutBundles', {
        assertions: [
          {
            assert: Fn.conditionEquals('bundled', 'not bundled'),
            assertDescription: 'This template was synthesized without function bundles; synthesize it again without HEARTH_SYNTH_WITHOUT_BUNDLES to deploy.',
          },
        ],
      });
    }
    const { stage, removalPolicy } = settings;

    const data = new HearthTable(this, 'Data', { deletionProtection: stage !== 'dev', removalPolicy });
    const events = new HearthEvents(this, 'Events', { stage });
    const mail = new HearthMail(this, 'Mail', {
      stage,
      mailFromAddress: settings.mailFromAddress,
      domain: settings.domain,
      feedbackBus: events.defaultBus,
    });
    const linkSecret = new secretsmanager.Secret(this, 'LinkSecret', {
      description: 'Signs the links in Hearth mails (cancel a registration). Generated at deploy, never in git.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(linkSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the link-signing key would invalidate every cancel link already mailed; it is rotated by ' +
        'hand when needed (docs/aws.md), not on a schedule.',
    });
    const alarms = new Alarms(this, 'Alarms', { stage, alarmEmail: settings.alarmEmail });
    const schedules = new HearthSchedules(this, 'Schedules', { stage, bus: events.bus, removalPolicy });
    alarms.whenNotEmpty(schedules.deadLetterQueue, 'scheduler-dlq');
    const api = new HearthApi(this, 'Api', { stage, removalPolicy });

    const edge = props.webAclArn ? new HearthDistribution(this, 'Edge', { apiUrl: api.url, webAclArn: props.webAclArn }) : undefined;
    const baseUrl = settings.baseUrl ?? edge?.url ?? api.url;
    const environment: Record<string, string> = {
      TABLE_NAME: data.table.tableName,
      EVENT_BUS_NAME: events.bus.eventBusName,
      MAIL_FROM: settings.mailFrom,
      SES_CONFIGURATION_SET: mail.configurationSet.configurationSetName,
      HEARTH_BASE_URL: baseUrl,
      ORG_NAME: settings.orgName,
      LINK_SECRET_ARN: linkSecret.secretArn,
      ...(settings.crisisResources ? { HEARTH_CRISIS_RESOURCES: settings.crisisResources } : {}),
      ...(settings.orgPostalAddress ? { HEARTH_ORG_POSTAL_ADDRESS: settings.orgPostalAddress } : {}),
      ...(settings.discreetMode ? { HEARTH_DISCREET_MODE: 'on' } : {}),
      ...(settings.discreetName ? { HEARTH_DISCREET_NAME: settings.discreetName } : {}),
      ...(settings.sesMaxSendRate ? { HEARTH_SES_MAX_SEND_RATE: String(settings.sesMaxSendRate) } : {}),
      ...retentionEnvironment(),
    };

    // One nested stack per capability (docs/decisions.md, "Room to grow"): what each function brings
    // (function, role, policy, log group, queue, alarm, rule, routes…) counts against its
    // capability's 500 resources. The shared pieces above stay here, where they always were.
    for (const spec of props.catalog ?? catalog) {
      if (this.functions.has(spec.name)) throw new Error(`Duplicate function name in the catalog: ${spec.name}`);
      const scope = this.capabilityStack(spec.capability);
      const fn = new HearthFunction(scope, spec.name, {
        spec,
        stage,
        projectRoot,
        environment: spec.access.schedules ? { ...environment, ...schedules.environment } : environment,
        removalPolicy,
      });
      this.functions.set(spec.name, fn);
      if (fn.deadLetterQueue) alarms.whenNotEmpty(fn.deadLetterQueue, `${spec.name}-dlq`, scope);

      // Grants: exactly the entry's access.
      const { access } = spec;
      if (access.table) data.grant(fn.role, access.table);
      if (access.bus) events.bus.grantPutEventsTo(fn.role);
      if (access.mail) mail.grantSend(fn.role);
      if (access.linkSecret) linkSecret.grantRead(fn.role);
      if (access.schedules) schedules.grantManage(fn.role);
      if (access.sendQuota) mail.grantReadQuota(fn.role);

      // Trigger.
      if (spec.trigger.kind === 'http') api.addRoutes(scope, spec.name, spec.trigger.routes, fn.function);
      else events.subscribe(scope, spec.name, spec.trigger.event, fn.function, fn.deadLetterQueue!);
    }

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the HTTP API' });
    if (edge) new CfnOutput(this, 'DistributionUrl', { value: edge.url, description: 'The site behind the per-client rate limit' });
    new CfnOutput(this, 'BaseUrl', { value: baseUrl, description: 'Base URL of the links in mails' });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'LinkSecretArn', { value: linkSecret.secretArn, description: 'The CLI needs it (LINK_SECRET_ARN) for commands that take addresses' });
    new CfnOutput(this, 'EventBusName', { value: events.bus.eventBusName });
    new CfnOutput(this, 'SesIdentity', { value: mail.identityName, description: 'Verify it before mail can be sent' });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    if (settings.domain) {
      // Easy DKIM: three CNAME records to add at the domain's DNS.
      const identity = mail.identity;
      const records: [string, string][] = [
        [identity.dkimDnsTokenName1, identity.dkimDnsTokenValue1],
        [identity.dkimDnsTokenName2, identity.dkimDnsTokenValue2],
        [identity.dkimDnsTokenName3, identity.dkimDnsTokenValue3],
      ];
      records.forEach(([name, value], i) => {
        new CfnOutput(this, `DkimCname${i + 1}`, { value: `${name} CNAME ${value}` });
      });
    }
  }

  private capabilityStack(capability: Capability): NestedStack {
    let nested = this.capabilities.get(capability);
    if (!nested) {
      const id = capability.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
      nested = new NestedStack(this, id, { description: `Hearth (${this.settings.stage}): the ${capability} functions` });
      this.capabilities.set(capability, nested);
    }
    return nested;
  }
}
