import './bulletins.css';
import type { Receipts } from '../../../../shared/acknowledgement';
import { ApiError } from '../../api';
import { ReceiptsTable } from '../../components/receipts-table';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';

/** Who acknowledged, when and by whom, who has not yet, overdue ones first in attention. */
export default function ReceiptsPage({ params }: PageProps) {
  const id = params.id!;
  const receipts = useApi<Receipts>(`/api/v1/bulletins/${encodeURIComponent(id)}/acknowledgements`);
  if (receipts.loading && !receipts.data) return <Loading what={t('receiptsPage.loading')} />;
  if (receipts.error instanceof ApiError && receipts.error.status === 404) {
    return (
      <section>
        <h1>{t('bulletin.notFound')}</h1>
        <p>
          <Link href="/bulletins">{t('bulletin.backToFeed')}</Link>
        </p>
      </section>
    );
  }
  if (!receipts.data)
    return (
      <section>
        <h1>{t('page.receipts')}</h1>
        <ProblemNotice error={receipts.error} />
      </section>
    );
  const r = receipts.data;
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/bulletins">{t('page.bulletins')}</Link> ›{' '}
        <Link href={`/bulletins/${id}`}>{t('page.bulletin')}</Link> ›
      </p>
      <h1>{t('page.receipts')}</h1>
      {r.organisations.length === 0 ? (
        <EmptyState title={t('receiptsPage.none')}>{t('receiptsPage.community')}</EmptyState>
      ) : (
        <ReceiptsTable receipts={r} />
      )}
    </section>
  );
}
