import { Stack, Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface HearthMailProps {
  stage: string;
  /** The address mails are sent from. */
  mailFromAddress: string;
  /** Verify this domain instead of the single mailFrom address. */
  domain?: string;
  /** Where SES publishes feedback events: it supports the account's default bus only. */
  feedbackBus: events.IEventBus;
}

/**
 * SES v2: the sending identity and a configuration set whose bounce, complaint, reject and
 * delivery events go to EventBridge, where the suppress-* consumers pick them up.
 */
export class HearthMail extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly identityName: string;

  constructor(scope: Construct, id: string, props: HearthMailProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `hearth-${props.stage}`,
      reputationMetrics: true,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(props.feedbackBus),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.DELIVERY,
      ],
    });
    this.identityName = props.domain ?? props.mailFromAddress;
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: props.domain ? ses.Identity.domain(props.domain) : ses.Identity.email(props.mailFromAddress),
      // Also applies to mails sent without naming the configuration set.
      configurationSet: this.configurationSet,
    });
  }

  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /** SendEmail with Hearth's identity and configuration set, and nothing else. */
  grantSend(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: [this.identity.emailIdentityArn, this.configurationSetArn],
    });
  }

  /**
   * Read the account's sending quota (GetAccount), which bulk senders pace themselves by unless
   * HEARTH_SES_MAX_SEND_RATE is set. GetAccount has no resource-level permissions: `*` is the only
   * resource IAM accepts for it, and the action reads nothing but the account's own settings.
   */
  grantReadQuota(role: iam.Role): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:GetAccount (the sending quota to pace campaigns by) supports no resource-level permissions; it reads only the account settings.',
    });
  }
}
