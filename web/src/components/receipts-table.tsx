import './addressing.css';
import type { ComponentChildren } from 'preact';
import type { ReceiptRow, Receipts } from '../../../shared/acknowledgement';
import { t, tx, formatDateTime as when } from '../i18n';
import { Link } from '../router';
import { OrganisationName } from './organisation-name';

export { formatDateTime as when } from '../i18n';

const b = (chunks: ComponentChildren[]) => <strong>{chunks}</strong>;

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
          ? r.acknowledgeBy
            ? t('receipts.requiredBy', { date: when(r.acknowledgeBy) })
            : t('receipts.required')
          : t('receipts.notRequired')}
        {r.round > 1 && t('receipts.round', { round: r.round })}.{' '}
        {tx('receipts.counts', { acknowledged: r.acknowledged, pending: r.pending, overdue: r.overdue, b })}
      </p>
      <div class="table-wrap">
        <table class="list receipts">
          <caption class="visually-hidden">{t('receipts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('receipts.organisation')}</th>
              <th scope="col">{t('receipts.status')}</th>
              <th scope="col">{t('receipts.acknowledged')}</th>
              <th scope="col">{t('receipts.by')}</th>
              {extra.map((x) => (
                <th key={x.header} scope="col">
                  {x.header}
                </th>
              ))}
              {props.showReads !== false && <th scope="col">{t('receipts.readBy')}</th>}
            </tr>
          </thead>
          <tbody>
            {r.organisations.map((o) => (
              <tr key={o.organisationId} class={`receipt-${o.status}`}>
                <th scope="row">
                  <Link href={`/organisations/${o.organisationId}`}>
                    <OrganisationName id={o.organisationId} />
                  </Link>
                </th>
                <td>
                  <span class={`mark mark-${o.status}`}>{t(`receipts.status.${o.status}`)}</span>
                  {o.previouslyAcknowledgedAt && (
                    <span class="muted">
                      {' '}
                      {t('receipts.earlier', { date: when(o.previouslyAcknowledgedAt) })}
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
