import './documents.css';
import type { DocumentReceipts } from '../../../../shared/document';
import { ApiError } from '../../api';
import { OrganisationName } from '../../components/organisation-name';
import { ReceiptsTable, when } from '../../components/receipts-table';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { shortHash } from './document-words';

/** The publisher's view: who acknowledged which version (and file), who has not, who is overdue. */
export default function AttestationsPage({ params }: PageProps) {
  const id = params.id!;
  const receipts = useApi<DocumentReceipts>(`/api/v1/documents/${encodeURIComponent(id)}/acknowledgements`);
  if (receipts.loading && !receipts.data) return <Loading what="Loading attestations…" />;
  if (receipts.error instanceof ApiError && receipts.error.status === 404) {
    return (
      <section>
        <h1>Document not found</h1>
        <p>
          <Link href="/documents">Back to the library</Link>
        </p>
      </section>
    );
  }
  if (!receipts.data) return <ProblemNotice error={receipts.error} />;
  const r = receipts.data;
  const latest = (organisationId: string) =>
    r.attestations.find((a) => a.organisationId === organisationId && a.round === r.round);
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/documents">Library</Link> › <Link href={`/documents/${id}`}>Document</Link> ›
      </p>
      <h1>Attestations</h1>
      {r.organisations.length === 0 ? (
        <EmptyState title="No recipient organisations.">
          The document was shared with the whole community.
        </EmptyState>
      ) : (
        <ReceiptsTable
          receipts={r}
          showReads={false}
          extra={[
            {
              header: 'Version and file',
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
          <h2>History</h2>
          <ul class="history">
            {r.attestations.map((a) => (
              <li key={`${a.organisationId}-${a.version}`}>
                {when(a.attestedAt)}: <OrganisationName id={a.organisationId} /> ({a.email}) acknowledged
                version {a.version}{' '}
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
