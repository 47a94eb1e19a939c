import { Stack, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteKey } from '../../shared/http/route-key';

export interface HearthApiProps {
  stage: string;
  removalPolicy: RemovalPolicy;
  throttle?: apigwv2.ThrottleSettings;
}

/**
 * Access log line: what happened, never who or where. No source IP, user agent, path or query
 * string; the route key is the template (`GET /workshops/{id}`), not the requested URL.
 */
const accessLogFormat = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
});

const routeAuthorizationReason =
  'Hearth has no user accounts. Public routes (workshops, pages, registering) are intentionally anonymous; ' +
  'cancellation is authorized by the signed link of its mail and organizer routes by an API key, both ' +
  'checked in the handler.';

/** Splits `METHOD /path/{param}` on its first space. */
export const parseRouteKey = (routeKey: RouteKey): { method: apigwv2.HttpMethod; path: string } => {
  const space = routeKey.indexOf(' ');
  const method = routeKey.slice(0, space);
  const path = routeKey.slice(space + 1);
  if (!(method in apigwv2.HttpMethod) || !path.startsWith('/')) throw new Error(`Invalid route key: ${routeKey}`);
  return { method: apigwv2.HttpMethod[method as keyof typeof apigwv2.HttpMethod], path };
};

/** The HTTP API (payload format 2.0), its throttled and access-logged default stage, and routes. */
export class HearthApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: HearthApiProps) {
    super(scope, id);
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `hearth-${props.stage}`,
      description: 'Hearth public pages, public API and organizer API',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/hearth-${props.stage}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { burstLimit: 100, rateLimit: 50 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(accessLogFormat),
      },
    });
  }

  /** The API's base URL, without a trailing slash. */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }

  /**
   * One route per route key, all through one integration of the function, and one permission for
   * this API to invoke it (CDK's HttpLambdaIntegration would add one per route: with Hearth's ~90
   * routes that alone would take the stack past CloudFormation's 500 resources). The routes are
   * made in `scope`, the function's capability stack.
   */
  addRoutes(scope: Construct, name: string, routeKeys: readonly RouteKey[], handler: lambda.IFunction): apigwv2.HttpRoute[] {
    const integration = new SharedLambdaIntegration(`${name}-integration`, handler);
    handler.addPermission(`${name}-api-invoke`, {
      principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: Stack.of(scope).formatArn({ service: 'execute-api', resource: this.httpApi.apiId, resourceName: '*/*' }),
    });
    return routeKeys.map((routeKey) => {
      const { method, path } = parseRouteKey(routeKey);
      const route = new apigwv2.HttpRoute(scope, `${method} ${path}`, {
        httpApi: this.httpApi,
        routeKey: apigwv2.HttpRouteKey.with(path, method),
        integration,
      });
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: routeAuthorizationReason });
      return route;
    });
  }
}

/** A Lambda proxy integration (payload 2.0) that leaves the invoke permission to addRoutes: one per function. */
class SharedLambdaIntegration extends apigwv2.HttpRouteIntegration {
  constructor(
    id: string,
    private readonly handler: lambda.IFunction,
  ) {
    super(id);
  }

  bind(): apigwv2.HttpRouteIntegrationConfig {
    return {
      type: apigwv2.HttpIntegrationType.AWS_PROXY,
      uri: this.handler.functionArn,
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    };
  }
}
