import { Duration, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { acknowledgeWildcardResources } from './nag';

export interface HearthSchedulesProps {
  stage: string;
  bus: events.IEventBus;
  removalPolicy: RemovalPolicy;
}

/**
 * Time-driven work on AWS (docs/decisions.md, "Time-driven work"): the schedule group the catalog's
 * `schedules` access may write one-time schedules into, the role EventBridge Scheduler assumes to put
 * their events on Hearth's bus, and the dead-letter queue for what Scheduler could not deliver after
 * a day of retries. Schedules themselves are created at run time (shared/events/scheduler.ts);
 * nothing here costs money while idle.
 */
export class HearthSchedules extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  /** What a function with `schedules` access needs to know. */
  readonly environment: Record<string, string>;


  constructor(scope: Construct, id: string, props: HearthSchedulesProps) {
    super(scope, id);
    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: `hearth-${props.stage}`,
      removalPolicy: props.removalPolicy,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: `hearth-${props.stage}-scheduler-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge(
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason: "This queue is itself EventBridge Scheduler's dead-letter queue; nothing consumes it, so a redrive policy would catch nothing. An alarm watches it.",
      },
      {
        id: 'AwsSolutions-SQS3',
        reason: "This queue is itself EventBridge Scheduler's dead-letter queue (Target.DeadLetterConfig of every schedule, set at run time, which cdk-nag cannot see).",
      },
    );

    // Scheduler assumes this role to deliver, only for schedules of this account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.group.env.account } },
      }),
      description: "Lets EventBridge Scheduler put Hearth's scheduled events on its bus",
    });
    props.bus.grantPutEventsTo(this.role);
    this.deadLetterQueue.grantSendMessages(this.role);

    this.environment = {
      SCHEDULE_GROUP_NAME: this.group.scheduleGroupName,
      SCHEDULER_ROLE_ARN: this.role.roleArn,
      SCHEDULER_DEAD_LETTER_ARN: this.deadLetterQueue.queueArn,
      EVENT_BUS_ARN: props.bus.eventBusArn,
    };
  }

  /** Create, update and delete schedules in Hearth's group, handing them the Scheduler role. */
  grantManage(role: iam.Role): void {
    const grants = [this.group.grantWriteSchedules(role), this.group.grantDeleteSchedules(role)];
    this.role.grantPassRole(role);
    acknowledgeWildcardResources(
      role,
      grants,
      "The schedules of Hearth's own schedule group (`schedule/hearth-<stage>/*`): schedules are named at run time " +
        '(reminder-<workshopId>-<slot>, survey-<workshopId>…), so the grant names the group and nothing else.',
    );
  }
}
