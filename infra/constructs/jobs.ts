import { Construct } from 'constructs';

/**
 * The home of scheduled functions (acknowledgement reminders, the weekly audit digest into the
 * audit bucket, mail). None exists yet: each will be a NodejsFunction bundled like the api one
 * (infra/bundling.ts), granted through infra/least-privilege.ts, and triggered by an EventBridge
 * Scheduler schedule, with its alarms added by the observability construct.
 */
export class Jobs extends Construct {}
