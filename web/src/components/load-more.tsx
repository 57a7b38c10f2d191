import { t } from '../i18n';
import type { PagedList } from './use-api';

/** The "load more" button under a cursor-paginated list; says so when everything is shown. */
export function LoadMore<T extends { id: string }>({ list }: { list: PagedList<T> }) {
  if (list.hasMore) {
    return (
      <div class="load-more">
        <button type="button" class="secondary" onClick={() => list.loadMore()} disabled={list.loading}>
          {list.loading ? t('status.loading') : t('loadMore.button')}
        </button>
      </div>
    );
  }
  if (list.items.length > 0 && !list.loading) {
    return <p class="muted load-more">{t('loadMore.all', { count: list.items.length })}</p>;
  }
  return null;
}
