/**
 * How the `api` Lambda is bundled, in one place: the CDK api construct hands these options to
 * NodejsFunction, and the benchmark (test/bench) builds with the very same ones through esbuild's
 * API, so the measured bundle is the deployed bundle. No aws-cdk-lib here: the bench stays light.
 */
import type { BuildOptions } from 'esbuild';

export interface LambdaBundle {
  /** Entry file, relative to the repository root. */
  entry: string;
  /** esbuild target; the Lambda runtime is nodejs22.x. */
  target: string;
  format: 'esm';
  minify: boolean;
  sourceMap: boolean;
  /** Nothing external: the pinned SDK is bundled, not whatever the runtime ships (DESIGN §10). */
  externalModules: string[];
  /** ESM builds first, so esbuild can drop what the code never imports. */
  mainFields: string[];
  /** CommonJS dependencies inside an ESM bundle still call `require` for Node built-ins. */
  banner: string;
  define: Record<string, string>;
}

export const apiBundle: LambdaBundle = {
  entry: 'functions/api/lambda.ts',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourceMap: false,
  externalModules: [],
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
  define: {},
};

/** The esbuild API options equivalent to the command line NodejsFunction runs for `bundle`. */
export function esbuildOptions(bundle: LambdaBundle, outfile: string): BuildOptions {
  return {
    entryPoints: [bundle.entry],
    bundle: true,
    platform: 'node',
    target: bundle.target,
    format: bundle.format,
    outfile,
    minify: bundle.minify,
    sourcemap: bundle.sourceMap,
    external: bundle.externalModules,
    mainFields: bundle.mainFields,
    banner: { js: bundle.banner },
    define: bundle.define,
    logLevel: 'warning',
  };
}
