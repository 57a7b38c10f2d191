import { t } from '../i18n';
import type { PagedList } from './use-api';

/** The "load more" button under a cursor-paginated list; says so when everything is shown. */
/** What a list holds, as its "load more" button and its end name it. */
export type ListNoun =
  | 'bulletins'
  | 'documents'
  | 'organisations'
  | 'members'
  | 'checklists'
  | 'notifications';

export function LoadMore<T extends { id: string }>({ list, noun }: { list: PagedList<T>; noun: ListNoun }) {
  if (list.hasMore) {
    return (
      <div class="load-more">
        <button type="button" class="secondary" onClick={() => list.loadMore()} disabled={list.loading}>
          {list.loading ? t('status.loading') : t('loadMore.button', { what: noun })}
        </button>
      </div>
    );
  }
  if (list.items.length > 0 && !list.loading) {
    return <p class="muted load-more">{t('loadMore.all', { what: noun, count: list.items.length })}</p>;
  }
  return null;
}
