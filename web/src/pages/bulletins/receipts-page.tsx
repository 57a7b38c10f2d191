import './bulletins.css';
import type { Receipts } from '../../../../shared/acknowledgement';
import { ApiError } from '../../api';
import { ReceiptsTable } from '../../components/receipts-table';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';

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
      {r.organisations.length === 0 ? (
        <EmptyState title="No recipient organisations.">
          The bulletin was shared with the whole community.
        </EmptyState>
      ) : (
        <ReceiptsTable receipts={r} />
      )}
    </section>
  );
}
