import type { OverdueReview } from '../../../../shared';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { formatDate, t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { countryName, kindLabel } from '../../words';

/** For the Commission: organisations whose access review is overdue, never reviewed first. */
export default function OverduePage(_: PageProps) {
  const overdue = useApi<{ items: OverdueReview[] }>('/api/v1/access-reviews/overdue');
  if (overdue.loading && !overdue.data) return <Loading what={t('overdueReviews.loading')} />;
  if (!overdue.data) return <ProblemNotice error={overdue.error} />;
  const { items } = overdue.data;
  return (
    <section>
      <h1>{t('page.overdue-access-reviews')}</h1>
      <p class="muted">{t('overdueReviews.lead')}</p>
      {items.length === 0 ? (
        <EmptyState title={t('overdueReviews.none')} />
      ) : (
        <div class="table-wrap">
          <table class="list">
            <caption class="visually-hidden">{t('overdueReviews.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('receipts.organisation')}</th>
                <th scope="col">{t('public.kind')}</th>
                <th scope="col">{t('home.country')}</th>
                <th scope="col">{t('overdueReviews.last')}</th>
                <th scope="col">{t('overdueReviews.dueSince')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr key={o.organisationId}>
                  <td>
                    <Link href={`/organisations/${o.organisationId}/access-review`}>{o.name}</Link>
                  </td>
                  <td>{kindLabel(o.kind)}</td>
                  <td>{countryName(o.country)}</td>
                  <td>{o.lastCompletedAt ? formatDate(o.lastCompletedAt) : t('review.never')}</td>
                  <td>{o.dueAt ? formatDate(o.dueAt) : t('overdueReviews.neverReviewed')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
