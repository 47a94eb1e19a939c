import { Duration, Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * Per-client throttling on AWS (`-c waf=true`, docs/aws.md). API Gateway throttles a stage as a
 * whole, and AWS WAF cannot be attached to an HTTP API (only to REST APIs, CloudFront, load
 * balancers…), so the option puts a CloudFront distribution in front of the API with a web ACL
 * whose rate-based rule answers 429 to one client address that sends too much.
 *
 * A web ACL for CloudFront must live in us-east-1: it is its own stack there (HearthEdgeStack),
 * and the distribution, in Hearth's stack, gets its ARN through CDK's cross-region reference.
 */
export interface HearthEdgeStackProps extends StackProps {
  stage: string;
  /** Requests one client address may send in 5 minutes before it is answered 429. */
  rateLimit: number;
}

export class HearthEdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: HearthEdgeStackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    if (this.region !== 'us-east-1') throw new Error(`A web ACL for CloudFront must be in us-east-1, not ${this.region}`);
    const metrics = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      // Sampled requests keep client addresses and headers: not for a site people visit for help.
      sampledRequestsEnabled: false,
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `hearth-${props.stage}`,
      description: 'Hearth: per-client request rate',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metrics(`hearth-${props.stage}`),
      rules: [
        {
          name: 'per-client-rate',
          priority: 0,
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: { rateBasedStatement: { limit: props.rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: metrics(`hearth-${props.stage}-per-client-rate`),
        },
      ],
    });
  }
}

export interface HearthDistributionProps {
  /** The HTTP API's URL (`https://<id>.execute-api.<region>.amazonaws.com`). */
  apiUrl: string;
  webAclArn: string;
}

/** CloudFront in front of the HTTP API: nothing cached, every method and header but Host passed on, HTTPS only. */
export class HearthDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: HearthDistributionProps) {
    super(scope, id);
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Hearth: HSTS on every answer, including those CloudFront and the WAF make',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.seconds(63072000), includeSubdomains: true, override: false },
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Hearth: the HTTP API behind the per-client rate limit',
      defaultBehavior: {
        origin: new origins.HttpOrigin(Fn.select(2, Fn.split('/', props.apiUrl)), {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        }),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: headers,
      },
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      webAclId: props.webAclArn,
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Peer support is for anyone who finds it: no country is refused. Abuse is limited per client by the web ACL instead.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'CloudFront access logs record every client address and full URL (with link tokens); the API access log ' +
          'already records each request without them (docs/aws.md).',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The distribution's own *.cloudfront.net certificate fixes the viewer policy at TLSv1; a custom domain " +
          'with its certificate (outside this stack) lifts it to TLSv1.2_2021.',
      },
    );
  }

  /** The distribution's base URL, without a trailing slash. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
