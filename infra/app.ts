/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy`): run by tsx from cdk.json. `-c stage=staging|prod`
 * (staging by default) picks the stage; its settings live in cdk.json's `stages` (infra/stages.ts).
 */
import { App } from 'aws-cdk-lib';
import { buildPortal } from './portal-app';

const app = new App();
buildPortal(app);
app.synth();
