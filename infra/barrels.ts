/**
 * Imports through the AWS SDK's barrel modules, pointed at the files that define what they import.
 *
 * esbuild decides which chunk holds a file by which entry points reach it, file by file, whatever
 * the file is used for: the DynamoDB client imports `AwsJson1_0Protocol` from
 * `@aws-sdk/core/protocols`, whose index also re-exports the XML, Query and CBOR protocols, so
 * every file S3 needs from those barrels was reached from `index.mjs` and went into a chunk the
 * cold start loads (~45 KB that only the lazily loaded S3 chunk runs). Importing each name from
 * the file that defines it leaves the barrels out of the graph, and each file lands with the code
 * that uses it. Nothing else changes: the same modules, the same bindings; a barrel has nothing to
 * run but its re-exports (test/unit/bundling.test.ts runs S3 and DynamoDB requests through a bundle
 * built this way).
 */
import { readFileSync } from 'node:fs';
import type * as esbuild from 'esbuild';

/** The packages whose files are rewritten (compiled ES modules: `dist-es`). */
const rewritten = /node_modules\/@(aws-sdk|smithy)\/[^/]+\/dist-es\/.*\.js$/;

const reExport = /^export\s*\{([^}]*)\}\s*from\s*"([^"]+)";?/gm;
const reExportAll = /^export\s*\*\s*from\s*"([^"]+)";?/gm;
const namedImport = /^import\s*\{([^}]*)\}\s*from\s*"([^"]+)";?/gm;

interface Specifier {
  imported: string;
  local: string;
}

const specifiers = (list: string): Specifier[] =>
  list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [imported, local = imported] = s.split(/\s+as\s+/) as [string, string?];
      return { imported, local };
    });

type Resolve = (spec: string, resolveDir: string) => Promise<string | undefined>;

/**
 * Where `name` is defined, following `export { … } from` and `export * from` from `file`;
 * undefined when the chain leaves the rewritten packages or cannot be followed.
 */
async function definitionOf(
  file: string,
  name: string,
  resolve: Resolve,
  isSubstituted: (file: string) => boolean,
  seen = new Set<string>(),
): Promise<{ file: string; name: string } | undefined> {
  if (seen.has(file)) return undefined;
  seen.add(file);
  // A file infra/bundling.ts substitutes is imported as it is: its original's exports do not count.
  if (isSubstituted(file)) return { file, name };
  const source = readFileSync(file, 'utf8');
  const dir = file.slice(0, file.lastIndexOf('/'));
  for (const [, list, spec] of source.matchAll(reExport)) {
    const found = specifiers(list!).find((s) => s.local === name);
    if (!found) continue;
    const target = await resolve(spec!, dir);
    if (!target || !rewritten.test(target)) return { file, name };
    return (await definitionOf(target, found.imported, resolve, isSubstituted, seen)) ?? { file, name };
  }
  const word = `(?<![\\w$])${name.replaceAll('$', '\\$')}(?![\\w$])`;
  const declared = new RegExp(
    `^export\\s+(?:async\\s+)?(?:function\\*?|const|let|var|class)\\s+${word}|^export\\s*\\{[^}]*${word}[^}]*\\}\\s*;?\\s*$`,
    'm',
  );
  if (declared.test(source)) {
    // `import { x } from "./y"; export { x };` re-exports as well.
    for (const [, list, spec] of source.matchAll(namedImport)) {
      const found = specifiers(list!).find((s) => s.local === name);
      if (!found) continue;
      const target = await resolve(spec!, dir);
      if (!target || !rewritten.test(target)) break;
      return (await definitionOf(target, found.imported, resolve, isSubstituted, seen)) ?? { file, name };
    }
    return { file, name };
  }
  for (const [, spec] of source.matchAll(reExportAll)) {
    const target = await resolve(spec!, dir);
    if (!target || !rewritten.test(target)) continue;
    const found = await definitionOf(target, name, resolve, isSubstituted, new Set(seen));
    if (found) return found;
  }
  return undefined;
}

/** Rewrites the named imports of one SDK file to the files that define each name. */
export async function importsFromDefinitions(
  source: string,
  dir: string,
  resolve: Resolve,
  isSubstituted: (file: string) => boolean,
) {
  const replacements: [string, string][] = [];
  for (const match of source.matchAll(namedImport)) {
    const [statement, list, spec] = match as unknown as [string, string, string];
    const target = await resolve(spec, dir);
    if (!target || !rewritten.test(target)) continue;
    const lines: string[] = [];
    for (const s of specifiers(list)) {
      const found = await definitionOf(target, s.imported, resolve, isSubstituted);
      if (!found) {
        lines.length = 0;
        break;
      }
      lines.push(`import { ${found.name} as ${s.local} } from ${JSON.stringify(found.file)};`);
    }
    if (lines.length > 0) replacements.push([statement, lines.join('\n')]);
  }
  let written = source;
  for (const [from, to] of replacements) written = written.replace(from, to);
  return written;
}

/** The esbuild plugin: every SDK file's named imports go straight to their definitions. */
export function barrelsPlugin(substituted: string[]): esbuild.Plugin {
  const isSubstituted = (file: string) => substituted.some((m) => file.endsWith(`node_modules/${m}`));
  return {
    name: 'sdk-barrels',
    setup(build) {
      const resolved = new Map<string, Promise<string | undefined>>();
      build.onStart(() => resolved.clear());
      const resolve: Resolve = (spec, resolveDir) => {
        const key = `${resolveDir}\0${spec}`;
        let path = resolved.get(key);
        if (!path) {
          path = build
            .resolve(spec, { resolveDir, kind: 'import-statement' })
            .then((r) =>
              r.errors.length > 0 || r.external || r.namespace !== 'file'
                ? undefined
                : r.path.replaceAll('\\', '/'),
            );
          resolved.set(key, path);
        }
        return path;
      };
      build.onLoad({ filter: rewritten }, async (args) => {
        const path = args.path.replaceAll('\\', '/');
        const dir = path.slice(0, path.lastIndexOf('/'));
        const source = readFileSync(args.path, 'utf8');
        const contents = await importsFromDefinitions(source, dir, resolve, isSubstituted);
        return { contents, loader: 'js', resolveDir: dir };
      });
    },
  };
}
