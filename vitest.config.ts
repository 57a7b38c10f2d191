import { defineConfig } from 'vitest/config';

/**
 * Four projects, all run by `npm test`: unit (pure), integration (real DynamoDB Local and s3rver,
 * started once by a global setup), infra (CDK templates and cdk-nag), e2e (Chromium through the
 * real pages of a real `npm start`-style server).
 */
export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      // Builds in beforeAll (test/unit/bundling.test.ts) share two cores with the other projects.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], hookTimeout: 60_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/local-servers.setup.ts'],
          setupFiles: ['test/support/file-dynamo.setup.ts'],
          // Property runs against DynamoDB Local take long on a loaded two-core machine; a bound, not a timing.
          testTimeout: 90_000,
          // A portal seeds its demo alliance in beforeAll: on a loaded 2-core machine that has taken
          // over 60 s, a time no test measures.
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // One worker that keeps its modules between files: aws-cdk-lib and its CloudFormation
          // validator load once, and the files share their syntheses (test/infra/synth.ts).
          isolate: false,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/portal.setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
