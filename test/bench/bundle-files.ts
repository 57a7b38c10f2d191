/**
 * What a Lambda bundle (infra/bundling.ts) is made of, from esbuild's metafile: its files, which
 * of them a cold start loads (index.mjs and what it imports statically; chunks behind
 * `await import()` load on first use), and the bytes each package contributes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { bundleEntry } from '../../infra/bundling';

export interface BundleFile {
  /** Relative to the bundle's directory. */
  name: string;
  bytes: number;
  gzipBytes: number;
  loadedAtColdStart: boolean;
}

export interface BundleSummary {
  files: BundleFile[];
  /** Every file: what the deployment package holds (the size budget of docs/decisions.md). */
  bytes: number;
  gzipBytes: number;
  /** What a cold start parses before the first request. */
  coldStartBytes: number;
  byPackage: Map<string, number>;
}

/** `root` is the working directory the bundle was built from (metafile paths are relative to it). */
export function summarizeBundle(metafile: Metafile, root: string): BundleSummary {
  const outputs = Object.entries(metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
  const entry = outputs.find(([path]) => path.endsWith(`/${bundleEntry}`))?.[0];
  if (!entry) throw new Error(`no ${bundleEntry} among ${outputs.map(([p]) => p).join(', ')}`);
  const dir = entry.slice(0, -bundleEntry.length);
  const eager = new Set<string>();
  const visit = (path: string) => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const i of metafile.outputs[path]?.imports ?? []) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(entry);

  const files = outputs.map(([path, output]) => ({
    name: path.slice(dir.length),
    bytes: output.bytes,
    gzipBytes: gzipSync(readFileSync(join(root, path))).length,
    loadedAtColdStart: eager.has(path),
  }));
  const byPackage = new Map<string, number>();
  for (const [, output] of outputs) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? path.split('/')[0]!;
      byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    files,
    bytes: sum(files.map((f) => f.bytes)),
    gzipBytes: sum(files.map((f) => f.gzipBytes)),
    coldStartBytes: sum(files.filter((f) => f.loadedAtColdStart).map((f) => f.bytes)),
    byPackage,
  };
}
