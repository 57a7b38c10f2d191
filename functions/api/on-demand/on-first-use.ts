/**
 * An adapter whose module loads on its first call. The api Lambda keeps S3 and Cognito, which few
 * requests need, behind `await import()`: esbuild puts them in chunks that a cold start neither
 * parses nor evaluates (infra/bundling.ts).
 */
export function onFirstUse<T extends { [K in keyof T]: (...args: never[]) => Promise<unknown> }>(
  load: () => Promise<T>,
): T {
  let loading: Promise<T> | undefined;
  const adapter = () => {
    // A failed load is tried again by the next call rather than remembered.
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return new Proxy({} as T, {
    get(_, method) {
      // Not a thenable, so `await`ing the adapter itself does not call into it.
      if (typeof method === 'symbol' || method === 'then') return undefined;
      return async (...args: unknown[]) => {
        const target = await adapter();
        const call = target[method as keyof T] as unknown as (...a: unknown[]) => Promise<unknown>;
        if (typeof call !== 'function') throw new TypeError(`the adapter has no method ${method}`);
        return call.apply(target, args);
      };
    },
  });
}

/**
 * `load` run once, its result kept: for `await import()` on a request's path. Node resolves the
 * specifier of every `import()` again, even of a module it has loaded; under tsx (`npm start`)
 * that is a round trip to its loader thread, about a tenth of a feed page's CPU
 * (docs/benchmarks.md). A failed load is tried again by the next call.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
