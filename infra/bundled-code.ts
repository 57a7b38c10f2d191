import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AssetHashType } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { bundleEntry, type LambdaBundleName } from './bundling';

/** The handler setting of every bundled Lambda: `handler`, exported from `index.mjs`. */
export const lambdaHandler = `${bundleEntry.replace(/\.mjs$/, '')}.handler`;

/**
 * A Lambda bundle (infra/bundling.ts) as a code asset, built by the local esbuild, never Docker.
 * Not NodejsFunction: it runs the esbuild command line, which cannot load the plugin the bundle
 * needs. Asset bundling is synchronous and esbuild's plugin API is not, hence a child process.
 * Hashed by the bundle it outputs, so synthesis is deterministic, and `aws:cdk:bundling-stacks`
 * still skips it (fast infra tests).
 */
export function bundledCode(projectRoot: string, bundle: LambdaBundleName): lambda.Code {
  const script = ['infra', 'scripts', 'bundle-lambda.ts'];
  return lambda.Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the API; `local` below always bundles, so no image is ever pulled.
      image: lambda.Runtime.NODEJS_22_X.bundlingImage,
      // Never run (no Docker), but it names the bundle: aws-cdk-lib caches staged assets by source
      // path and bundling options, and every bundle has the same source path (the repository).
      // Without it, a second Lambda would silently be given the first one's bundle.
      command: ['node', '--import', 'tsx', script.join('/'), bundle, '/asset-output'],
      local: {
        tryBundle(outputDir) {
          const build = spawnSync(
            process.execPath,
            ['--import', 'tsx', join(projectRoot, ...script), bundle, outputDir],
            { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] },
          );
          if (build.status !== 0) {
            throw new Error(
              `bundling the ${bundle} Lambda failed (${build.error?.message ?? `exit ${build.status}`})`,
            );
          }
          return true;
        },
      },
    },
  });
}
