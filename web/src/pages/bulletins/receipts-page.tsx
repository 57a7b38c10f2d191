import './bulletins.css';
import type { Receipts } from '../../../../shared/acknowledgement';
import { ApiError } from '../../api';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { when } from './bulletin-words';

const statusLabels = { acknowledged: 'Acknowledged', pending: 'Not yet', overdue: 'Overdue' } as const;

/** Who acknowledged, when and by whom, who has not yet, overdue ones first in attention. */
export default function ReceiptsPage({ params }: PageProps) {
  const id = params.id!;
  const receipts = useApi<Receipts>(`/api/v1/bulletins/${encodeURIComponent(id)}/acknowledgements`);
  if (receipts.loading && !receipts.data) return <Loading what="Loading receipts…" />;
  if (receipts.error instanceof ApiError && receipts.error.status === 404) {
    return (
      <section>
        <h1>Bulletin not found</h1>
        <p>
          <Link href="/bulletins">Back to the feed</Link>
        </p>
      </section>
    );
  }
  if (!receipts.data) return <ProblemNotice error={receipts.error} />;
  const r = receipts.data;
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/bulletins">Bulletins</Link> › <Link href={`/bulletins/${id}`}>Bulletin</Link> ›
      </p>
      <h1>Receipts</h1>
      <p>
        {r.requiresAcknowledgement
          ? `Acknowledgement required${r.acknowledgeBy ? ` by ${when(r.acknowledgeBy)}` : ''}`
          : 'No acknowledgement required; read receipts only'}
        {r.round > 1 && ` (round ${r.round}, after a material revision)`}. <strong>{r.acknowledged}</strong>{' '}
        acknowledged, <strong>{r.pending}</strong> not yet, <strong>{r.overdue}</strong> overdue.
      </p>
      {r.organisations.length === 0 ? (
        <EmptyState title="No recipient organisations.">
          The bulletin was shared with the whole community.
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table class="list receipts">
            <caption class="visually-hidden">Receipts by organisation</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Status</th>
                <th scope="col">Acknowledged</th>
                <th scope="col">By</th>
                <th scope="col">Read by</th>
              </tr>
            </thead>
            <tbody>
              {r.organisations.map((o) => (
                <tr key={o.organisationId} class={`receipt-${o.status}`}>
                  <th scope="row">
                    <Link href={`/organisations/${o.organisationId}`}>{o.organisationId}</Link>
                  </th>
                  <td>
                    <span class={`mark mark-${o.status}`}>{statusLabels[o.status]}</span>
                    {o.previouslyAcknowledgedAt && (
                      <span class="muted">
                        {' '}
                        (acknowledged an earlier version {when(o.previouslyAcknowledgedAt)})
                      </span>
                    )}
                  </td>
                  <td>{when(o.acknowledgedAt)}</td>
                  <td>{o.acknowledgedBy?.email ?? '—'}</td>
                  <td>
                    {o.readBy.length ? o.readBy.map((m) => `${m.email} (${when(m.readAt)})`).join(', ') : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
