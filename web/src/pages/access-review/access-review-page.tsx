import './access-review.css';
import { useState } from 'preact/hooks';
import type {
  AccessDecision,
  AccessReviewPage,
  AccessReviewStatus,
  ReviewedMember,
} from '../../../../shared';
import { api } from '../../api';
import { EmptyState, Loading, ProblemNotice, Success } from '../../components/status';
import { useApi } from '../../components/use-api';
import { formatDate, t, tx } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { useMe } from '../../session-context';
import { roleLabel } from '../../words';

const when = (iso: string | null) => (iso ? formatDate(iso) : t('review.never'));

/** The decision shown first: a member already suspended stays so, everyone else is kept. */
const initialDecision = (m: ReviewedMember): AccessDecision =>
  m.status === 'suspended' ? 'suspend' : 'keep';

/**
 * The access review: every member with when they last signed in and last read restricted
 * material, keep or suspend each, then confirm. Suspending goes through the member's own PATCH
 * (status `suspended`); the review is recorded once every decision is in.
 */
export default function AccessReviewPageView({ params }: PageProps) {
  const me = useMe();
  const id = params.id!;
  const path = `/api/v1/organisations/${encodeURIComponent(id)}/access-review`;
  const review = useApi<AccessReviewPage>(path);
  const [decisions, setDecisions] = useState<Record<string, AccessDecision>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<AccessReviewStatus | null>(null);
  const own = me.organisation.id === id;

  if (review.loading && !review.data) return <Loading what={t('accessReview.loading')} />;
  if (!review.data) return <ProblemNotice error={review.error} />;
  const page = review.data;
  const decisionOf = (m: ReviewedMember) => decisions[m.id] ?? initialDecision(m);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(null);
    try {
      for (const m of page.members) {
        if (decisionOf(m) === 'suspend' && m.status !== 'suspended') {
          await api(`/api/v1/organisations/${encodeURIComponent(id)}/members/${encodeURIComponent(m.id)}`, {
            method: 'PATCH',
            body: { status: 'suspended', reason: t('review.suspendReason') },
          });
        }
      }
      const status = await api<AccessReviewStatus>(path, {
        body: { decisions: page.members.map((m) => ({ memberId: m.id, decision: decisionOf(m) })) },
      });
      setDone(status);
      review.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p class="breadcrumb">
        <Link href={`/organisations/${id}`}>{t('page.organisation')}</Link> ›
      </p>
      <h1>{t('page.access-review')}</h1>
      <p>
        {page.lastCompletedAt
          ? tx('review.last', {
              date: when(page.lastCompletedAt),
              name: page.lastReviewer?.name ?? '',
              b: (chunks) => <strong>{chunks}</strong>,
            })
          : tx('review.lastNever', { b: (chunks) => <strong>{chunks}</strong> })}{' '}
        {page.overdue ? (
          <strong class="overdue">{t('review.dueNow')}</strong>
        ) : (
          t('review.next', { date: when(page.dueAt) })
        )}
      </p>
      {done && <Success>{t('review.recorded', { date: when(done.dueAt) })}</Success>}
      <ProblemNotice error={error} />
      {page.members.length === 0 ? (
        <EmptyState title={t('review.noMembers')} />
      ) : (
        <form onSubmit={submit} aria-labelledby="review-heading">
          <h2 id="review-heading" class="visually-hidden">
            {t('members.heading')}
          </h2>
          <div class="table-wrap">
            <table class="list">
              <caption class="visually-hidden">{t('review.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('review.member')}</th>
                  <th scope="col">{t('members.role')}</th>
                  <th scope="col">{t('members.lastSignIn')}</th>
                  <th scope="col">{t('members.lastRestrictedRead')}</th>
                  <th scope="col">{t('review.decision')}</th>
                </tr>
              </thead>
              <tbody>
                {page.members.map((m) => (
                  <tr key={m.id}>
                    <td>
                      {m.name} <span class="muted">{m.email}</span>
                      {m.status === 'suspended' && <span class="muted"> ({t('review.suspended')})</span>}
                    </td>
                    <td>{roleLabel(m.role)}</td>
                    <td>{when(m.lastSignInAt)}</td>
                    <td>{when(m.lastRestrictedReadAt)}</td>
                    <td>
                      <fieldset class="decision">
                        <legend class="visually-hidden">{t('review.decisionFor', { name: m.name })}</legend>
                        {(['keep', 'suspend'] as const).map((d) => (
                          <label key={d}>
                            <input
                              type="radio"
                              name={`decision-${m.id}`}
                              value={d}
                              checked={decisionOf(m) === d}
                              disabled={!own}
                              onChange={() => setDecisions((all) => ({ ...all, [m.id]: d }))}
                            />{' '}
                            {d === 'keep' ? t('review.keep') : t('members.suspend')}
                          </label>
                        ))}
                      </fieldset>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {own ? (
            <button type="submit" disabled={busy}>
              {busy ? t('review.recording') : t('review.complete')}
            </button>
          ) : (
            <p class="muted">{t('review.onlyOwn')}</p>
          )}
        </form>
      )}
    </section>
  );
}
