import type { OverdueReview } from '../../../../shared';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { countryName, kindLabel } from '../../words';

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });

/** For the Commission: organisations whose access review is overdue, never reviewed first. */
export default function OverduePage(_: PageProps) {
  const overdue = useApi<{ items: OverdueReview[] }>('/api/v1/access-reviews/overdue');
  if (overdue.loading && !overdue.data) return <Loading what="Loading overdue reviews…" />;
  if (!overdue.data) return <ProblemNotice error={overdue.error} />;
  const { items } = overdue.data;
  return (
    <section>
      <h1>Overdue access reviews</h1>
      <p class="muted">
        Each organisation confirms at least every 90 days that its members still need access.
      </p>
      {items.length === 0 ? (
        <EmptyState title="No organisation is overdue with its access review." />
      ) : (
        <div class="table-wrap">
          <table class="list">
            <caption class="visually-hidden">Organisations overdue with their access review</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Kind</th>
                <th scope="col">Country</th>
                <th scope="col">Last review</th>
                <th scope="col">Due since</th>
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
                  <td>{o.lastCompletedAt ? dateFormat.format(new Date(o.lastCompletedAt)) : 'Never'}</td>
                  <td>{o.dueAt ? dateFormat.format(new Date(o.dueAt)) : 'Never reviewed'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
