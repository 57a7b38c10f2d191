import type { EventBridgeEvent, SNSEvent } from 'aws-lambda';
import { handleMailEvent, type SesMailEvent } from './mail-events';
import { linksReady, notifyDeps } from './notify.handler';

/**
 * Lambda entry for the SES configuration set's bounce and complaint events, delivered by SNS
 * (each record's message is the event) or by EventBridge (the detail is).
 */
export const handler = async (event: SNSEvent | EventBridgeEvent<string, SesMailEvent>) => {
  const events: SesMailEvent[] =
    'Records' in event ? event.Records.map((r) => JSON.parse(r.Sns.Message) as SesMailEvent) : [event.detail];
  let stopped = 0;
  await linksReady();
  for (const e of events) stopped += (await handleMailEvent(notifyDeps, e)).stopped;
  return { stopped };
};
