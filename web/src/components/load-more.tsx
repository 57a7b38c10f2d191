import type { PagedList } from './use-api';

/** The "load more" button under a cursor-paginated list; says so when everything is shown. */
export function LoadMore<T extends { id: string }>({ list, noun }: { list: PagedList<T>; noun: string }) {
  if (list.hasMore) {
    return (
      <div class="load-more">
        <button type="button" class="secondary" onClick={() => list.loadMore()} disabled={list.loading}>
          {list.loading ? 'Loading…' : `Load more ${noun}`}
        </button>
      </div>
    );
  }
  if (list.items.length > 0 && !list.loading) {
    return (
      <p class="muted load-more">
        All {list.items.length} {noun} shown.
      </p>
    );
  }
  return null;
}
