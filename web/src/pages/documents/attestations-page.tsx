import './documents.css';
import type { DocumentReceipts } from '../../../../shared/document';
import { ApiError } from '../../api';
import { OrganisationName } from '../../components/organisation-name';
import { ReceiptsTable, when } from '../../components/receipts-table';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { t, tx } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { shortHash } from './document-words';

/** The publisher's view: who acknowledged which version (and file), who has not, who is overdue. */
export default function AttestationsPage({ params }: PageProps) {
  const id = params.id!;
  const receipts = useApi<DocumentReceipts>(`/api/v1/documents/${encodeURIComponent(id)}/acknowledgements`);
  if (receipts.loading && !receipts.data) return <Loading what={t('attestations.loading')} />;
  if (receipts.error instanceof ApiError && receipts.error.status === 404) {
    return (
      <section>
        <h1>{t('document.notFound')}</h1>
        <p>
          <Link href="/documents">{t('document.backToLibrary')}</Link>
        </p>
      </section>
    );
  }
  if (!receipts.data)
    return (
      <section>
        <h1>{t('page.attestations')}</h1>
        <ProblemNotice error={receipts.error} />
      </section>
    );
  const r = receipts.data;
  const latest = (organisationId: string) =>
    r.attestations.find((a) => a.organisationId === organisationId && a.round === r.round);
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/documents">{t('page.library')}</Link> ›{' '}
        <Link href={`/documents/${id}`}>{t('page.document')}</Link> ›
      </p>
      <h1>{t('page.attestations')}</h1>
      {r.organisations.length === 0 ? (
        <EmptyState title={t('receiptsPage.none')}>{t('attestations.community')}</EmptyState>
      ) : (
        <ReceiptsTable
          receipts={r}
          showReads={false}
          extra={[
            {
              header: t('attestations.versionAndFile'),
              cell: (row) => {
                const a = latest(row.organisationId);
                return a ? (
                  <span>
                    v{a.version}{' '}
                    <span class="hash" title={a.sha256}>
                      {shortHash(a.sha256)}
                    </span>
                  </span>
                ) : (
                  '—'
                );
              },
            },
          ]}
        />
      )}
      {r.attestations.length > 0 && (
        <>
          <h2>{t('bulletin.history')}</h2>
          <ul class="history">
            {r.attestations.map((a) => (
              <li key={`${a.organisationId}-${a.version}`}>
                {tx('attestations.entry', {
                  date: when(a.attestedAt),
                  email: a.email,
                  version: a.version,
                  org: () => <OrganisationName id={a.organisationId} />,
                })}{' '}
                <span class="hash" title={a.sha256}>
                  {shortHash(a.sha256)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
