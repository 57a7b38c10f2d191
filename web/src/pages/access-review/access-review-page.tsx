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
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { useMe } from '../../session-context';
import { roleLabel } from '../../words';

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });
const when = (iso: string | null) => (iso ? dateFormat.format(new Date(iso)) : 'Never');

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

  if (review.loading && !review.data) return <Loading what="Loading the access review…" />;
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
            body: { status: 'suspended', reason: 'Access review: access no longer needed' },
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
        <Link href={`/organisations/${id}`}>Organisation</Link> ›
      </p>
      <h1>Access review</h1>
      <p>
        At least every 90 days, confirm that every member still needs access. Last review:{' '}
        <strong>
          {page.lastCompletedAt ? `${when(page.lastCompletedAt)} by ${page.lastReviewer?.name}` : 'never'}
        </strong>
        .{' '}
        {page.overdue ? (
          <strong class="overdue">The review is due now.</strong>
        ) : (
          <>Next review due {when(page.dueAt)}.</>
        )}
      </p>
      {done && <Success>Review recorded. The next one is due {when(done.dueAt)}.</Success>}
      <ProblemNotice error={error} />
      {page.members.length === 0 ? (
        <EmptyState title="This organisation has no members to review." />
      ) : (
        <form onSubmit={submit} aria-labelledby="review-heading">
          <h2 id="review-heading" class="visually-hidden">
            Members
          </h2>
          <div class="table-wrap">
            <table class="list">
              <caption class="visually-hidden">Members and their decisions</caption>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Role</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Last restricted read</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                {page.members.map((m) => (
                  <tr key={m.id}>
                    <td>
                      {m.name} <span class="muted">{m.email}</span>
                      {m.status === 'suspended' && <span class="muted"> (suspended)</span>}
                    </td>
                    <td>{roleLabel(m.role)}</td>
                    <td>{when(m.lastSignInAt)}</td>
                    <td>{when(m.lastRestrictedReadAt)}</td>
                    <td>
                      <fieldset class="decision">
                        <legend class="visually-hidden">Decision for {m.name}</legend>
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
                            {d === 'keep' ? 'Keep' : 'Suspend'}
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
              {busy ? 'Recording…' : 'Complete the review'}
            </button>
          ) : (
            <p class="muted">Only the organisation’s own org admins complete its review.</p>
          )}
        </form>
      )}
    </section>
  );
}
