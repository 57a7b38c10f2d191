import { Construct } from 'constructs';

/**
 * The home of scheduled functions (acknowledgement reminders, the weekly audit digest into the
 * audit bucket, mail). None exists yet: each will be a `lambda.Function` whose code is a bundle
 * of infra/bundling.ts (`bundledCode` in ./api.ts, as the api's), granted through
 * infra/least-privilege.ts, and triggered by an EventBridge Scheduler schedule, with its alarms
 * added by the observability construct.
 */
export class Jobs extends Construct {}
