import './addressing.css';
import type { ComponentChildren } from 'preact';
import type { ReceiptRow, Receipts } from '../../../shared/acknowledgement';
import { Link } from '../router';

const statusLabels = { acknowledged: 'Acknowledged', pending: 'Not yet', overdue: 'Overdue' } as const;

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export const when = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');

/**
 * Who acknowledged, when and by whom, who has not yet, who is overdue: the publisher's receipt
 * table for bulletins and documents alike. `extra` adds columns (a document's attested version).
 */
export function ReceiptsTable(props: {
  receipts: Receipts;
  extra?: { header: string; cell: (row: ReceiptRow) => ComponentChildren }[];
  showReads?: boolean;
}) {
  const r = props.receipts;
  const extra = props.extra ?? [];
  return (
    <>
      <p>
        {r.requiresAcknowledgement
          ? `Acknowledgement required${r.acknowledgeBy ? ` by ${when(r.acknowledgeBy)}` : ''}`
          : 'No acknowledgement required'}
        {r.round > 1 && ` (round ${r.round}, after a material change)`}. <strong>{r.acknowledged}</strong>{' '}
        acknowledged, <strong>{r.pending}</strong> not yet, <strong>{r.overdue}</strong> overdue.
      </p>
      <div class="table-wrap">
        <table class="list receipts">
          <caption class="visually-hidden">Receipts by organisation</caption>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Status</th>
              <th scope="col">Acknowledged</th>
              <th scope="col">By</th>
              {extra.map((x) => (
                <th key={x.header} scope="col">
                  {x.header}
                </th>
              ))}
              {props.showReads !== false && <th scope="col">Read by</th>}
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
                {extra.map((x) => (
                  <td key={x.header}>{x.cell(o)}</td>
                ))}
                {props.showReads !== false && (
                  <td>
                    {o.readBy.length ? o.readBy.map((m) => `${m.email} (${when(m.readAt)})`).join(', ') : '—'}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
