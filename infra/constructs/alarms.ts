import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  stage: string;
  /** Subscribed to the alarm topic when given (the address must confirm the subscription). */
  alarmEmail?: string;
}

/** One SNS topic for every alarm, and the alarms themselves. */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.stage = props.stage;
    // Not KMS-encrypted: CloudWatch cannot publish to a topic under the AWS-managed aws/sns key, a
    // customer-managed key costs a dollar a month, and alarm messages name queues, not people.
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `hearth-${props.stage}-alarms`,
      displayName: `Hearth ${props.stage} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      const subscription = new subscriptions.EmailSubscription(props.alarmEmail);
      this.topic.addSubscription(subscription);
      Validations.of(this.topic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'The only subscription is the operator email; SNS retries email delivery itself, and a dead-letter ' +
          'queue for alarm notifications would need an alarm of its own on this same topic.',
      });
    }
  }

  /**
   * Alarms as soon as one message waits in the dead-letter queue: each is an event nobody handled.
   * The alarm is made in `scope` (by default here), next to its queue.
   */
  whenNotEmpty(queue: sqs.IQueue, name: string, scope: Construct = this): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, `${name}-not-empty`, {
      alarmName: `hearth-${this.stage}-${name}-not-empty`,
      alarmDescription: `Messages wait in ${name}: events or invocations that failed. Inspect, fix, redrive.`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new actions.SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}
