import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiBundle, buildLambda } from '../../infra/bundling';

const root = join(import.meta.dirname, '..', '..');

/**
 * `dir` recreated at `into` with hard links (a copy where links are impossible). Not a symlink to
 * the real node_modules: esbuild resolves symlinks, so both checkouts would read the same absolute
 * paths there and an absolute path in the bundle would go unnoticed.
 */
function linkTree(dir: string, into: string): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const from = join(entry.parentPath, entry.name);
    const to = join(into, relative(dir, from));
    if (entry.isDirectory()) mkdirSync(to, { recursive: true });
    else {
      mkdirSync(dirname(to), { recursive: true });
      if (entry.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
      else {
        try {
          linkSync(from, to);
        } catch {
          copyFileSync(from, to);
        }
      }
    }
  }
}

/** What `npm ci --omit=dev` installs: all a Lambda bundle may contain (package-lock.json). */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !entry.dev)
    .map(([path]) => path);
}

/** The repository's tracked files as they are now, with its production packages, in a new folder. */
function checkout(at: string): string {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of tracked) {
    mkdirSync(dirname(join(at, file)), { recursive: true });
    try {
      copyFileSync(join(root, file), join(at, file));
    } catch {
      // Tracked but deleted in the working tree: the build cannot need it.
    }
  }
  for (const path of productionPackages()) linkTree(join(root, path), join(at, path));
  return at;
}

/** The bundle built from `checkout`, by path under its output folder. */
async function bundleFrom(checkout: string): Promise<{ files: Map<string, string>; inputs: string[] }> {
  const outdir = join(checkout, 'asset');
  const { outputFiles, metafile } = await buildLambda(apiBundle, outdir, checkout, { write: false });
  return {
    files: new Map(outputFiles!.map((file) => [relative(outdir, file.path), file.text])),
    inputs: Object.keys(metafile.inputs),
  };
}

describe('the api bundle', () => {
  let temp: string;
  let here: { files: Map<string, string>; inputs: string[] };
  let elsewhere: { files: Map<string, string>; inputs: string[] };

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'alliance-checkouts-'));
    // Two folders of different names and depths, as two CI machines would have.
    const first = checkout(join(temp, 'portal'));
    const second = checkout(join(temp, 'builds', 'runner-7', 'alliance-portal'));
    [here, elsewhere] = await Promise.all([bundleFrom(first), bundleFrom(second)]);
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('reads its dependencies from inside each checkout', () => {
    // Otherwise both builds would see the same absolute paths and prove nothing.
    for (const { inputs } of [here, elsewhere]) {
      expect(inputs.some((input) => input.includes('node_modules/'))).toBe(true);
      expect(inputs.filter((input) => input.includes('../'))).toEqual([]);
    }
  });

  it('is byte for byte the same whatever folder the repository is checked out in', () => {
    expect(here.files.size).toBeGreaterThan(1);
    expect([...elsewhere.files.keys()].sort()).toEqual([...here.files.keys()].sort());
    for (const [path, text] of here.files) expect(elsewhere.files.get(path), path).toBe(text);
  });
});
