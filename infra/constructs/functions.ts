import * as path from 'node:path';
import { Duration, Stack, Tags, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../shared/function-spec';
import { bundling } from '../bundling';

/** The newest Node.js runtime this aws-cdk-lib knows; NODEJS_LATEST may lag behind it. */
export const nodeRuntime = lambda.Runtime.NODEJS_24_X;

/** Tag on every function (and its role, queue and log group): the catalog entry it came from. */
export const functionTag = 'hearth:function';

export interface HearthFunctionProps {
  spec: FunctionSpec;
  stage: string;
  /** The repository root: entries, tsconfig.json and package-lock.json are resolved from it. */
  projectRoot: string;
  /** Configuration every function shares (shared/config.ts); DEAD_LETTER_QUEUE_URL is added here. */
  environment: Record<string, string>;
  removalPolicy: RemovalPolicy;
}

/**
 * One catalog entry as a Lambda function, with the defaults every Hearth function shares: newest
 * Node.js on arm64, an ESM bundle built locally by esbuild, a JSON log group with retention, for an
 * event function its own dead-letter queue (HTTP functions are only invoked synchronously), and a
 * role that may write its logs and nothing else until the stack grants exactly what the entry's
 * `access` asks for.
 */
export class HearthFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  /** Event functions only: HTTP functions are invoked synchronously, their caller sees every failure. */
  readonly deadLetterQueue?: sqs.Queue;
  readonly logGroup: logs.LogGroup;
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: HearthFunctionProps) {
    super(scope, id);
    const { spec, stage, projectRoot } = props;
    this.functionName = `hearth-${stage}-${spec.name}`;
    Tags.of(this).add(functionTag, spec.name);

    const isHttp = spec.trigger.kind === 'http';
    if (!isHttp) {
      this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
        queueName: `${this.functionName}-dlq`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(this.deadLetterQueue).acknowledge({
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          'This queue is itself a dead-letter queue (of the function and of its EventBridge rule). Nothing ' +
          'consumes it, so a redrive policy would have nothing to catch; an alarm watches it instead.',
      });
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${this.functionName}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });

    // An own role instead of the managed AWSLambdaBasicExecutionRole, which may create log groups
    // and write to any of them.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${this.functionName}`,
    });
    this.logGroup.grantWrite(this.role);

    const common = {
      functionName: this.functionName,
      description: spec.description,
      runtime: nodeRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb ?? 512,
      timeout: Duration.seconds(spec.timeoutSeconds ?? (isHttp ? 10 : 30)),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      ...(this.deadLetterQueue ? { deadLetterQueue: this.deadLetterQueue, retryAttempts: 2 } : {}),
      environment: {
        ...props.environment,
        ...(this.deadLetterQueue ? { DEAD_LETTER_QUEUE_URL: this.deadLetterQueue.queueUrl } : {}),
        POWERTOOLS_SERVICE_NAME: 'hearth',
        NODE_OPTIONS: '--enable-source-maps',
      },
    } satisfies Partial<lambda.FunctionProps>;

    // A stack synthesized without bundles (aws:cdk:bundling-stacks excludes it: infra/app.ts's
    // HEARTH_SYNTH_WITHOUT_BUNDLES, or a test) gets a placeholder instead of CDK's default for a
    // skipped bundle, which would be the whole project folder as the function's code. HearthStack
    // makes such a template refuse to deploy.
    this.function = !Stack.of(this).bundlingRequired
      ? new lambda.Function(this, 'Function', {
          ...common,
          handler: 'index.handler',
          code: lambda.Code.fromInline("exports.handler = async () => { throw new Error('Synthesized without bundles'); };"),
        })
      : new NodejsFunction(this, 'Function', {
          ...common,
          entry: path.join(projectRoot, spec.entry),
          handler: 'handler',
          projectRoot,
          depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
          bundling: {
            // One bundling definition for the stack and the benchmark (infra/bundling.ts): ESM for
            // node24 with the require shim, minified with source maps, preact JSX via tsconfig.json,
            // AWS SDK bundled at the pinned versions.
            ...bundling,
            format: OutputFormat.ESM,
            forceDockerBundling: false,
            // Stack traces need the mappings, not a second copy of the sources in every zip.
            sourcesContent: false,
            logLevel: LogLevel.WARNING,
          },
        });

    const synchronousOnly =
      'Only API Gateway invokes this function, synchronously: every failure is answered to the caller, and there are ' +
      'no asynchronous invocations to catch.';
    if (isHttp) {
      Validations.of(this.function).acknowledge({ id: 'Serverless-LambdaDLQ', reason: `${synchronousOnly} So no dead-letter queue.` });
    }
    Validations.of(this.function).acknowledge(
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'X-Ray is off by design: functions log structured JSON (Powertools Logger) and get exactly their ' +
          "catalog access; active tracing would add xray:PutTraceSegments on '*' to every role.",
      },
      {
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason: isHttp
          ? `${synchronousOnly} So no on-failure destination.`
          : 'Failed asynchronous invocations go to the dead-letter queue (DeadLetterConfig, the Serverless-LambdaDLQ ' +
            'rule); an on-failure destination on top would deliver every failure twice.',
      },
    );
  }
}
