/**
 * Builds one Lambda bundle (infra/bundling.ts) into a directory. The CDK asset's local bundling
 * runs this in a child process: asset bundling is synchronous, esbuild's plugin API is not.
 *
 *   node --import tsx infra/scripts/bundle-lambda.ts api <outdir>
 */
import { buildLambda, lambdaBundles } from '../bundling';

const [name, outdir] = process.argv.slice(2);
const bundle = name ? lambdaBundles[name as keyof typeof lambdaBundles] : undefined;
if (!bundle || !outdir) {
  console.error(`usage: bundle-lambda.ts <${Object.keys(lambdaBundles).join('|')}> <outdir>`);
  process.exit(2);
}
await buildLambda(bundle, outdir, process.cwd());
