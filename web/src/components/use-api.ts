import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, type CallOptions, type Page } from '../api';

/** Loads one resource; reloads when `path` changes; stale answers are dropped. */
export function useApi<T>(path: string | null) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    api<T>(path, { signal: abort.signal }).then(
      (data) => setState({ data, loading: false }),
      (error) => abort.signal.aborted || setState({ error, loading: false }),
    );
    return () => abort.abort();
  }, [path, generation]);
  return { ...state, reload: useCallback(() => setGeneration((g) => g + 1), []) };
}

/**
 * A cursor-paginated list (`{items, nextCursor}`): the first page loads when `path` or `query`
 * change, `loadMore()` appends the next one. `prepend()` shows an item just created without
 * waiting for it to reach its place in the pages; items are deduplicated by `id`.
 */
export function usePagedList<T extends { id: string }>(path: string, query: CallOptions['query'] = {}) {
  const key = JSON.stringify([path, query]);
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const current = useRef(key);

  const fetchPage = useCallback(
    async (after: string | null, replace: boolean) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await api<Page<T>>(path, { query: { ...query, cursor: after ?? undefined } });
        if (current.current !== key) return;
        setItems((old) => {
          const base = replace ? [] : old;
          const seen = new Set(base.map((i) => i.id));
          return [...base, ...page.items.filter((i) => !seen.has(i.id))];
        });
        setCursor(page.nextCursor);
      } catch (err) {
        if (current.current === key) setError(err);
      } finally {
        if (current.current === key) setLoading(false);
      }
    },
    // `key` stands for path and query (a fresh query object each render must not refetch).
    [key],
  );

  useEffect(() => {
    current.current = key;
    setItems([]);
    setCursor(null);
    void fetchPage(null, true);
  }, [key, fetchPage]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => (cursor ? fetchPage(cursor, false) : Promise.resolve()),
    prepend: (item: T) => setItems((old) => [item, ...old.filter((i) => i.id !== item.id)]),
    reload: () => fetchPage(null, true),
  };
}

export type PagedList<T extends { id: string }> = ReturnType<typeof usePagedList<T>>;
