import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AnyEventDefinition } from '../../shared/events/define';

export interface HearthEventsProps {
  stage: string;
  archiveRetention?: Duration;
}

/**
 * Hearth's own bus (with an archive to replay from) and the subscriptions of the catalog's
 * consumers. Events published by AWS services (source `aws.*`, e.g. SES feedback) only ever arrive
 * on the account's default bus, so their rules live there.
 */
export class HearthEvents extends Construct {
  readonly bus: events.EventBus;
  /** The account's default bus: SES publishes its sending events there and nowhere else. */
  readonly defaultBus: events.IEventBus;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: HearthEventsProps) {
    super(scope, id);
    this.stage = props.stage;
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: `hearth-${props.stage}`,
      description: 'Hearth domain events (ids only, no personal data)',
    });
    // Hearth's events carry ids only (shared/workshops/events.ts), so keeping them is harmless
    // and lets a fixed consumer be replayed. SES events on the default bus are not archived.
    this.bus.archive('Archive', {
      archiveName: `hearth-${props.stage}`,
      description: 'Every event on the Hearth bus, for replay',
      eventPattern: { account: [Stack.of(this).account] },
      retention: props.archiveRetention ?? Duration.days(30),
    });
    this.defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
  }

  /** The bus an event arrives on. */
  busOf(definition: AnyEventDefinition): events.IEventBus {
    return definition.source.startsWith('aws.') ? this.defaultBus : this.bus;
  }

  /**
   * One rule per consumer, matching its event exactly. EventBridge retries for a day; what it still
   * cannot deliver lands in the consumer's own dead-letter queue, next to its failed invocations.
   * The rule is made in `scope`, the consumer's capability stack.
   */
  subscribe(scope: Construct, name: string, definition: AnyEventDefinition, handler: lambda.IFunction, deadLetterQueue: sqs.IQueue): events.Rule {
    return new events.Rule(scope, `${name}-rule`, {
      ruleName: `hearth-${this.stage}-${name}`,
      description: `${definition.source} / ${definition.detailType} to ${name}`,
      eventBus: this.busOf(definition),
      eventPattern: { source: [definition.source], detailType: [definition.detailType] },
      targets: [
        new targets.LambdaFunction(handler, {
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
          deadLetterQueue,
        }),
      ],
    });
  }
}
