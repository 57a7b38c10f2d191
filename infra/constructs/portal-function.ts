import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { jobMetrics } from '../../functions/jobs/metrics';
import { bundledCode, lambdaHandler } from '../bundled-code';
import type { LambdaBundleName } from '../bundling';

export interface PortalFunctionProps {
  /** Repository root: the bundle is built from here with the local esbuild (infra/bundling.ts). */
  projectRoot: string;
  bundle: LambdaBundleName;
  /** Powertools' service name, the `service` of every log line. */
  serviceName: string;
  description: string;
  /** What the role may do, in words (IAM shows it next to the role). */
  roleDescription: string;
  memorySize: number;
  timeout: Duration;
  /** Settings of this function, named by functions/settings/environment.ts. */
  environment?: Record<string, string>;
}

/** How long every function's logs are kept. */
export const functionLogRetention = logs.RetentionDays.THREE_MONTHS;

/** What every function's Powertools reads from its environment. */
export const powertoolsEnvironment = (serviceName: string) => ({
  POWERTOOLS_SERVICE_NAME: serviceName,
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_NAMESPACE: jobMetrics.namespace,
  // Events carry members' requests and audit items: never logged whole.
  POWERTOOLS_LOGGER_LOG_EVENT: 'false',
});

/**
 * A portal Lambda with the house defaults: a bundle of infra/bundling.ts on Node 22 for ARM,
 * JSON logs into a log group of its own kept three months, X-Ray tracing, Powertools settings, and
 * a role of its own with no managed policy that may write only those logs; everything else it may
 * do is granted by infra/least-privilege.ts's bind functions.
 *
 * The log group and role sit beside the function in the same scope, as `Logs` and `Role` (so one
 * per scope): the constructs written before this one had them there, and moving them would change
 * their logical ids and so replace them in a deployed stack.
 */
export class PortalFunction extends lambda.Function {
  readonly functionLogs: logs.LogGroup;
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: PortalFunctionProps) {
    const logGroup = new logs.LogGroup(scope, 'Logs', {
      retention: functionLogRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(scope, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.roleDescription,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      code: bundledCode(props.projectRoot, props.bundle),
      handler: lambdaHandler,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: { ...props.environment, ...powertoolsEnvironment(props.serviceName) },
      description: props.description,
    });
    this.functionLogs = logGroup;
    this.executionRole = role;
  }
}
