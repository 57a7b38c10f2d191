/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy`): run by tsx from cdk.json. Context keys:
 * namePrefix, auditRetentionDays, domainName + certificateArn, alarmEmail, account + region.
 */
import { App } from 'aws-cdk-lib';
import { buildPortal } from './portal-app';

const app = new App();
buildPortal(app);
app.synth();
