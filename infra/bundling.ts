/**
 * How the Lambdas are bundled, in one place: the CDK constructs (through
 * infra/scripts/bundle-lambda.ts) and the benchmark (test/bench) both call `buildLambda` with the
 * same `LambdaBundle`, so the measured bundle is the deployed bundle. No aws-cdk-lib here: the
 * bench stays light.
 *
 * Why not NodejsFunction: it runs the esbuild command line, which cannot load plugins, and the
 * `substitutes` below need one to keep the bundle within the budget of docs/decisions.md.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import * as esbuild from 'esbuild';
import { barrelsPlugin } from './barrels';

/**
 * A dependency file whose code the bundle replaces with a leaner equivalent. Each keeps every
 * export the rest of the bundle imports (esbuild fails the build otherwise) and says why dropping
 * the rest is safe; test/unit/bundling.test.ts runs a bundle built with them.
 */
export interface Substitute {
  /** The replaced file, as its path ends under node_modules, e.g. `zod/v4/locales/index.js`. */
  module: string;
  /** Why the bundle can do without what the original has. */
  because: string;
  /**
   * The replacement's source (ESM), or how to make it from the original's; its imports resolve
   * from the replaced file's directory.
   */
  contents: string | ((original: string, file: string) => string);
}

/**
 * A module of ours whose result the bundle carries instead of its code, computed when the bundle is
 * built from the same sources (so it cannot drift from them).
 */
export interface Prebuilt {
  /** The replaced file, relative to the repository root. */
  module: string;
  /** Why its result can be computed ahead of time. */
  because: string;
  /** The replacement's source (ESM), computed from the repository at `root`. */
  contents: (root: string) => Promise<string>;
}

export interface LambdaBundle {
  /** Entry file, relative to the repository root. */
  entry: string;
  /** esbuild target; the Lambda runtime is nodejs22.x. */
  target: string;
  format: 'esm';
  minify: boolean;
  sourceMap: boolean;
  /** Nothing external: the pinned SDK is bundled, not whatever the runtime ships (docs/decisions.md). */
  externalModules: string[];
  /** ESM builds first, so esbuild can drop what the code never imports. */
  mainFields: string[];
  /** CommonJS dependencies inside an ESM bundle still call `require` for Node built-ins. */
  banner: string;
  define: Record<string, string>;
  substitutes: Substitute[];
  prebuilt: Prebuilt[];
}

/** The message a feature left out of the bundle fails with, instead of an obscure `undefined`. */
export const notBundledMessage = (what: string) =>
  `${what} is not bundled in this Lambda (see infra/bundling.ts)`;

/** The names an ES module exports (`export const|function|class x`, `export { a as x }`). */
export function exportedNames(source: string): string[] {
  if (/^export \*/m.test(source)) throw new Error('cannot list the names of an `export *`');
  const names = [...source.matchAll(/^export (?:async )?(?:function\*?|const|let|var|class) ([\w$]+)/gm)].map(
    (m) => m[1]!,
  );
  for (const [, list] of source.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const item of list!.split(',')) {
      const name = item
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name) names.push(name);
    }
  }
  return [...new Set(names)];
}

/** How a substitute imports the original file it replaces (resolved by `substitutesPlugin`). */
const originalPrefix = 'lean-original:';

/**
 * A module with the original's interface whose every export throws when called, for code that
 * the bundle must link but never runs; the exports named in `keep` stay the original's (and
 * esbuild keeps only what they need of it).
 */
export const interfaceOnly =
  (what: string, keep: string[] = []) =>
  (original: string, file: string): string => {
    const fail = `function notBundled() { throw new Error(${JSON.stringify(notBundledMessage(what))}); }`;
    const names = exportedNames(original);
    const missing = keep.filter((name) => !names.includes(name));
    if (missing.length > 0) throw new Error(`${file} no longer exports ${missing.join(', ')}`);
    const kept = keep.length > 0 ? [`export { ${keep.join(', ')} } from "${originalPrefix}${file}";`] : [];
    const stubs = names
      .filter((name) => !keep.includes(name))
      .map((name) =>
        name === 'default' ? 'export default notBundled;' : `export const ${name} = notBundled;`,
      );
    return [fail, ...kept, ...stubs].join('\n');
  };

/**
 * `{ [_x]: v }` written as `{ "http": v }` where the module declares `const _x = "http"`: the same
 * object, but one a bundler can see has no side effects. Fails when the file no longer has the
 * shape it expects, so a changed SDK does not silently keep everything again.
 */
export function inlineComputedKeys(original: string, file: string): string {
  const constants = new Map<string, string>();
  for (const [, name, value] of original.matchAll(/^const (_[\w$]+) = ("(?:[^"\\]|\\.)*");$/gm)) {
    constants.set(name!, value!);
  }
  let unknown = 0;
  const written = original.replace(/\[(_[\w$]+)\]:/g, (key, name: string) => {
    const value = constants.get(name);
    if (value === undefined) unknown++;
    return value === undefined ? key : `${value}:`;
  });
  if (constants.size === 0 || unknown > 0 || written === original) {
    throw new Error(`${file} no longer declares the string constants its computed keys use`);
  }
  return written;
}

/**
 * Lean replacements for parts of zod and of the AWS SDK that the api never runs (docs/decisions.md's
 * size budget). zod cannot be tree-shaken: `@hono/zod-openapi` calls `extendZodWithOpenApi(z)`
 * with the whole namespace.
 */
export const leanSubstitutes: Substitute[] = [
  {
    module: 'zod/v4/locales/index.js',
    because:
      'Problems are worded in English only (zod registers `en` itself); nothing calls `z.config(z.locales.xx())`, ' +
      'and `z.locales` would otherwise carry every one of zod’s 40-odd languages (~260 KB).',
    contents: 'export { default as en } from "./en.js";\n',
  },
  {
    module: 'zod/v4/core/compile.js',
    because:
      'The ahead-of-time schema compiler `z.compile` is only re-exported: no schema of ours and nothing in ' +
      '@hono/zod-openapi compiles, so parsing runs zod’s ordinary runtime parser as at home.',
    contents: interfaceOnly('z.compile'),
  },
  {
    module: 'zod/v4/classic/from-json-schema.js',
    because: 'The API makes JSON Schema from zod, never zod from JSON Schema.',
    contents: interfaceOnly('z.fromJSONSchema'),
  },
  ...['to-json-schema.js', 'json-schema-processors.js', 'json-schema-generator.js'].map((file) => ({
    module: `zod/v4/core/${file}`,
    because:
      'zod’s own JSON Schema generator (`z.toJSONSchema`, `schema.toJSONSchema()`) is never called: ' +
      '@asteasolutions/zod-to-openapi writes /api/v1/openapi.json by walking the schemas itself. It does ' +
      'read string schemas’ `minLength`, which zod derives with `aggregateChecks`: that one stays.',
    contents: interfaceOnly(
      'zod’s JSON Schema generator',
      file === 'json-schema-processors.js' ? ['aggregateChecks'] : [],
    ),
  })),
  {
    module: '@hono/zod-openapi/dist/index.mjs',
    because:
      'It adds `.openapi()` to zod schemas with `extendZodWithOpenApi(z)`, and handing over the whole `z` ' +
      'namespace keeps every zod export in the bundle (~40 KB that a cold start would parse and run). The ' +
      'extension touches `z.ZodType.prototype` only, so it gets just that; and `z` is no longer exported from ' +
      "here (import it from zod, as `import * as z from 'zod'`), since re-exporting it would keep it whole too.",
    contents: (original: string, file: string) => {
      const [zodImport, call] = ['import { z } from "zod";', 'extendZodWithOpenApi(z);'];
      const exports = /^export \{([^}]*)\bz \};$/m;
      if (!original.includes(zodImport) || !original.includes(call) || !exports.test(original)) {
        throw new Error(
          `${file} no longer imports, extends and exports zod's \`z\` as its substitute expects`,
        );
      }
      return original
        .replace(zodImport, 'import { ZodType } from "zod";')
        .replace(call, 'extendZodWithOpenApi({ ZodType });')
        .replace(exports, (_, names: string) => `export {${names.replace(/,\s*$/, '')} };`);
    },
  },
  {
    module: '@asteasolutions/zod-to-openapi/dist/index.mjs',
    because:
      'The api bundle serves the OpenAPI document computed when it is built (`prebuiltOpenApiDocument` below), ' +
      'so the generators (~25 KB) never run in it; `OpenAPIHono` still links them. The registry and the ' +
      '`.openapi()` extension, which every area’s routes use, stay.',
    contents: interfaceOnly('the OpenAPI generator', [
      'OpenAPIRegistry',
      'extendZodWithOpenApi',
      'getOpenApiMetadata',
    ]),
  },
  ...['client-dynamodb', 'client-s3', 'client-cognito-identity-provider'].map((client) => ({
    module: `@aws-sdk/${client}/package.json`,
    because: 'The client reads only `version` from its package.json (for its user agent).',
    contents: (original: string) => JSON.stringify({ version: JSON.parse(original).version }),
  })),
  {
    module: '@aws-sdk/credential-provider-node/dist-es/index.js',
    because:
      'In Lambda the credentials of the function’s role are always in the environment, so the default chain ' +
      'stops at its first link; the SSO, ini, process, web-identity and instance-metadata links (~75 KB with the ' +
      'STS and SSO clients they bring) never run.',
    contents: `import { fromEnv } from "@aws-sdk/credential-provider-env";
export const defaultProvider = (init = {}) => {
  const fromEnvironment = fromEnv(init);
  return async () => {
    try {
      return await fromEnvironment();
    } catch (error) {
      error.message += " This Lambda bundle reads AWS credentials from the environment only (see infra/bundling.ts).";
      throw error;
    }
  };
};
export const credentialsWillNeedRefresh = (credentials) => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials) =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300000;
`,
  },
  {
    module: '@smithy/core/dist-es/submodules/event-streams/index.js',
    because:
      'Event streams serve only S3 SelectObjectContent here, which the portal never calls; the S3 client still ' +
      'wires a marshaller at construction, so it gets one that refuses.',
    contents: `export { resolveEventStreamSerdeConfig } from "./eventstream-serde-config-resolver/EventStreamSerdeConfig";
function notBundled() { throw new Error(${JSON.stringify(notBundledMessage('AWS SDK event streams'))}); }
export const eventStreamSerdeProvider = () => ({ serialize: notBundled, deserialize: notBundled });
export class EventStreamSerde { constructor() { notBundled(); } }
`,
  },
  ...['client-s3', 'client-dynamodb', 'client-cognito-identity-provider'].map((client) => ({
    module: `@aws-sdk/${client}/dist-es/schemas/schemas_0.js`,
    because:
      'The client describes every operation of its service in this one file, as arrays whose objects use computed ' +
      'keys (`{ [_h]: … }` with `const _h = "http"`). esbuild cannot prove a computed key free of side effects, ' +
      'so it kept every schema, used or not (~45 KB of S3 operations the portal never calls). The keys are ' +
      'written as the string literals they are; nothing else changes, and esbuild drops the unused schemas.',
    contents: inlineComputedKeys,
  })),
  {
    module: '@aws-lambda-powertools/jmespath/lib/esm/search.js',
    because:
      'Powertools idempotency selects the key and the payload to check with JMESPath, and the portal’s only ' +
      'expressions are the field names `key` and `request` (functions/api/on-demand/idempotency.ts): a field ' +
      'lookup with JMESPath’s meaning (the field of an object, else null) replaces the parser and interpreter ' +
      '(~20 KB); any other expression fails clearly.',
    contents: `export const search = (expression, data) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(expression)) {
    throw new Error(${JSON.stringify(notBundledMessage('A JMESPath expression other than a field name'))});
  }
  return data !== null && typeof data === "object" && !Array.isArray(data) && Object.hasOwn(data, expression)
    ? (data[expression] ?? null)
    : null;
};
`,
  },
  {
    module: '@aws-lambda-powertools/jmespath/lib/esm/PowertoolsFunctions.js',
    because:
      'The JMESPath functions of Powertools (`powertools_json()` and the like) serve expressions the portal does ' +
      'not write; idempotency only hands an instance to `search`, which the substitute above does not call.',
    contents: 'export class PowertoolsFunctions {}\n',
  },
  {
    module: 'bowser/bowser.mjs',
    because:
      'A browser user-agent parser the SDK imports on demand in browsers only; esbuild still emits a chunk for it.',
    contents: interfaceOnly('bowser'),
  },
];

/**
 * `/api/v1/openapi.json`'s body, computed from the routes when the bundle is built and carried
 * brotli-compressed (~11 KB instead of the generator's ~25 KB and every area's routes at the first
 * request for it). The same function computes it as at home, so it is byte for byte what the app
 * serves there (test/infra/bundle.test.ts).
 */
export const prebuiltOpenApiDocument: Prebuilt = {
  module: 'functions/api/openapi-document.ts',
  because: 'The document depends on the routes’ code only, never on a request or the environment.',
  contents: (root) => {
    // Once per checkout and process: the sources do not change during a run of builds.
    let text = openApiModules.get(root);
    if (!text) {
      text = openApiModule(root).catch((error: unknown) => {
        openApiModules.delete(root);
        throw error;
      });
      openApiModules.set(root, text);
    }
    return text;
  },
};

const openApiModules = new Map<string, Promise<string>>();

async function openApiModule(root: string): Promise<string> {
  // Run in a process of its own, not inside the one running esbuild (whose module loader, vitest's
  // for one, may itself wait on esbuild), and bundled first: esbuild compiles the routes in well
  // under a second where a TypeScript loader would compile them file by file.
  const dir = join(root, 'node_modules', '.cache', 'alliance-openapi');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, `document-${process.pid}-${Date.now()}.mjs`);
  try {
    await esbuild.build({
      stdin: {
        contents: `import { apiDocumentJson } from './functions/api/openapi-document';
process.stdout.write(await apiDocumentJson());`,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile: script,
      absWorkingDir: root,
      logLevel: 'silent',
    });
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const compressed = brotliCompressSync(Buffer.from(stdout, 'utf8'), {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 },
    }).toString('base64');
    return `import { brotliDecompressSync } from "node:zlib";
const compressed = ${JSON.stringify(compressed)};
let text;
export const apiDocumentJson = async () => (text ??= brotliDecompressSync(Buffer.from(compressed, "base64")).toString("utf8"));
`;
  } finally {
    rmSync(script, { force: true });
  }
}

/** Loads each prebuilt module's computed source in place of its file. */
export function prebuiltPlugin(prebuilt: Prebuilt[], root: string): esbuild.Plugin {
  return {
    name: 'prebuilt-modules',
    setup(build) {
      for (const module of prebuilt) {
        const path = resolve(root, module.module);
        build.onLoad({ filter: new RegExp(`^${escapeRegExp(path)}$`) }, async () => ({
          contents: await module.contents(root),
          loader: 'js',
          resolveDir: dirname(path),
        }));
      }
    },
  };
}

/**
 * The api bundle's budgets (docs/decisions.md, docs/benchmarks.md): the bytes of every file of the
 * deployment package, and cold import + first request (one touching no network) against a bare
 * Hono + DynamoDB bundle built the same way. `npm run bench -- bundle` measures both against the
 * targets; test/infra/bundle.test.ts holds the package to `guardBytes`, today's size with a
 * little margin, so that growth is noticed before it reaches a deploy.
 */
export const apiBundleBudget = {
  /** Issue 10's target; not met yet (docs/benchmarks.md says by how much). */
  bytes: 650 * 1024,
  // 851 KB: 746 KB after the OpenAPI generator left, plus the lazy chunks of the areas added with
  // issues 12-15 (notifications, tokens, TAXII and STIX, reviews, indicators and the waterbed), none
  // on the cold-start path; still above `bytes` (docs/benchmarks.md, "Budgets met"). 867.5 KB with
  // issue 15's webhooks (their lazy route and store chunks, and their part of the prebuilt OpenAPI
  // document), none of it on the cold-start path. 880.7 KB with issue 14's bulletins naming a port
  // and per-port sightings (a lazy route chunk, the waterbed's write helpers in the bulletin
  // store's chunk, their part of the OpenAPI document), none of it on the cold-start path either.
  guardBytes: 885 * 1024,
  coldStartRatio: 1.3,
} as const;

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
  substitutes: leanSubstitutes,
  prebuilt: [prebuiltOpenApiDocument],
};

/**
 * The audit archive job (functions/jobs): the api's settings and substitutes with another entry.
 * A substitute whose package this bundle does not contain is simply unused.
 */
export const auditArchiveBundle: LambdaBundle = {
  ...apiBundle,
  entry: 'functions/jobs/audit-archive.handler.ts',
};

/** The daily comparison of the audit trail with its archive (functions/jobs/audit-compare.ts). */
export const auditCompareBundle: LambdaBundle = {
  ...apiBundle,
  entry: 'functions/jobs/audit-compare.handler.ts',
};

/** Notifications from the table stream, mailed through SES (functions/jobs/notify.ts, issue 12). */
export const notifyBundle: LambdaBundle = { ...apiBundle, entry: 'functions/jobs/notify.handler.ts' };

/** Reminders and digests, run hourly (functions/jobs/reminders.ts, issue 12). */
export const remindersBundle: LambdaBundle = { ...apiBundle, entry: 'functions/jobs/reminders.handler.ts' };

/** SES bounces and complaints, from the configuration set's SNS topic (functions/jobs/mail-events.ts). */
export const mailEventsBundle: LambdaBundle = {
  ...apiBundle,
  entry: 'functions/jobs/mail-events.handler.ts',
};

/** Webhook deliveries from the table stream and their retries (functions/jobs/webhooks.ts, issue 15). */
export const webhooksBundle: LambdaBundle = { ...apiBundle, entry: 'functions/jobs/webhooks.handler.ts' };

/** Every Lambda bundle by name: the CDK asset names one to infra/scripts/bundle-lambda.ts. */
export const lambdaBundles = {
  api: apiBundle,
  auditArchive: auditArchiveBundle,
  auditCompare: auditCompareBundle,
  notify: notifyBundle,
  reminders: remindersBundle,
  mailEvents: mailEventsBundle,
  webhooks: webhooksBundle,
} satisfies Record<string, LambdaBundle>;
export type LambdaBundleName = keyof typeof lambdaBundles;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const packageOf = (module: string) => module.match(/^(@[^/]+\/)?[^/]+/)?.[0] ?? module;

/**
 * Loads each substitute in place of its file. A substitute that no longer matches while its
 * package is in the bundle (the package moved its files) fails the build instead of silently
 * bringing the original back.
 */
export function substitutesPlugin(substitutes: Substitute[]): esbuild.Plugin {
  return {
    name: 'lean-substitutes',
    setup(build) {
      if (substitutes.length === 0) return;
      build.initialOptions.metafile = true;
      const applied = new Set<Substitute>();
      const filter = new RegExp(
        `node_modules/(${substitutes.map((s) => escapeRegExp(s.module)).join('|')})$`,
      );
      build.onStart(() => applied.clear());
      // Paths outside esbuild's `file` namespace go into chunk hashes (and so chunk names, and so
      // the asset hash) as they are: relative to the working directory, the same commit bundles
      // to the same bytes in any checkout (test/infra/reproducible.test.ts).
      const workingDir = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onResolve({ filter: new RegExp(`^${originalPrefix}`) }, (args) => ({
        path: relative(workingDir, join(args.resolveDir, args.path.slice(originalPrefix.length))).replaceAll(
          '\\',
          '/',
        ),
        namespace: 'lean-original',
      }));
      build.onLoad({ filter: /.*/, namespace: 'lean-original' }, (args) => {
        const path = resolve(workingDir, args.path);
        return { contents: readFileSync(path, 'utf8'), loader: 'js', resolveDir: dirname(path) };
      });
      build.onLoad({ filter }, (args) => {
        const path = args.path.replaceAll('\\', '/');
        const substitute = substitutes.find((s) => path.endsWith(`node_modules/${s.module}`));
        if (!substitute) return undefined;
        applied.add(substitute);
        const contents =
          typeof substitute.contents === 'string'
            ? substitute.contents
            : substitute.contents(readFileSync(args.path, 'utf8'), basename(args.path));
        const loader = args.path.endsWith('.json') ? 'json' : 'js';
        return { contents, loader, resolveDir: dirname(args.path) };
      });
      build.onEnd((result) => {
        if (result.errors.length > 0 || !result.metafile) return;
        const inputs = Object.keys(result.metafile.inputs).map((p) => p.replaceAll('\\', '/'));
        const stale = substitutes.filter(
          (s) =>
            !applied.has(s) && inputs.some((input) => input.includes(`node_modules/${packageOf(s.module)}/`)),
        );
        return {
          errors: stale.map((s) => ({
            text: `${s.module} is no longer in the bundle although its package is: update its substitute in infra/bundling.ts`,
          })),
        };
      });
    },
  };
}

/** Lambda's Node runtime loads `index.handler` from `index.mjs` as an ES module. */
export const bundleEntry = 'index.mjs';

/**
 * The esbuild API options for a bundle written to `outdir`: `index.mjs` plus the chunks that
 * `await import()` splits off, which Lambda loads only when a request first needs them.
 */
export function esbuildOptions(
  bundle: LambdaBundle,
  outdir: string,
  root = process.cwd(),
): esbuild.BuildOptions {
  return {
    entryPoints: [{ in: bundle.entry, out: 'index' }],
    bundle: true,
    splitting: true,
    platform: 'node',
    target: bundle.target,
    format: bundle.format,
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    minify: bundle.minify,
    sourcemap: bundle.sourceMap,
    external: bundle.externalModules,
    mainFields: bundle.mainFields,
    banner: { js: bundle.banner },
    define: bundle.define,
    plugins: [
      prebuiltPlugin(bundle.prebuilt, root),
      substitutesPlugin(bundle.substitutes),
      barrelsPlugin(bundle.substitutes.map((s) => s.module)),
    ],
    // An import a substitute no longer provides must fail the build, not become `undefined`.
    logOverride: { 'import-is-undefined': 'error' },
    logLevel: 'warning',
  };
}

/** Builds `bundle` into `outdir` (`index.mjs` and its chunks) from the repository at `root`. */
export async function buildLambda(
  bundle: LambdaBundle,
  outdir: string,
  root: string,
  options: Pick<esbuild.BuildOptions, 'logLevel' | 'write'> = {},
) {
  const result = await esbuild.build({
    ...esbuildOptions(bundle, outdir, root),
    absWorkingDir: root,
    metafile: true,
    ...options,
  });
  return { entry: join(outdir, bundleEntry), metafile: result.metafile!, outputFiles: result.outputFiles };
}
