import './checklists.css';
import { useState } from 'preact/hooks';
import type { AnswerInput, Assessment } from '../../../../shared/checklist';
import { canReview } from '../../../../shared/permissions';
import type { ItemReview, ReviewDecision } from '../../../../shared/review';
import { api, viewerOf } from '../../api';
import { EmptyState, Loading, ProblemNotice, Success } from '../../components/status';
import { useApi } from '../../components/use-api';
import { formatDate, t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { useMe } from '../../session-context';
import { statusLabel } from './checklist-words';

/** Evidence is TLP:AMBER (shared/review.ts `evidenceTlp`); the label is the protocol's own word. */
const evidenceLabel = 'TLP:AMBER';

type ReviewedAnswer = AnswerInput & { review: ItemReview | null };
interface AssessmentView {
  assessment: (Omit<Assessment, 'items'> & { items: ReviewedAnswer[] }) | null;
  history: Assessment[];
  earlierVersions: Assessment[];
  peerReviewer: { organisationId: string; assignedAt: string } | null;
}

const stateKey = {
  awaiting_review: 'review.state.awaiting_review',
  accepted: 'review.state.accepted',
  needs_evidence: 'review.state.needs_evidence',
  not_accepted: 'review.state.not_accepted',
} as const;

/**
 * One organisation's answers to a version (docs/review.md): the Commission and the assigned peer
 * reviewer review each answer; the organisation reads each review and its comment.
 */
export default function ReviewPage({ params }: PageProps) {
  const { id, v, orgId } = params as { id: string; v: string; orgId: string };
  const path = `/api/v1/checklists/${encodeURIComponent(id)}/versions/${encodeURIComponent(v)}/assessments/${encodeURIComponent(orgId)}`;
  const view = useApi<AssessmentView>(path);
  const me = useMe();
  if (view.loading && !view.data) return <Loading what={t('review.loading')} />;
  if (!view.data) return <ProblemNotice error={view.error} />;
  const { assessment, peerReviewer, earlierVersions } = view.data;
  const own = me.organisation.id === orgId;
  const reviewer = canReview(
    viewerOf(me),
    me.organisation.kind,
    orgId,
    peerReviewer ? { reviewerOrganisationId: peerReviewer.organisationId } : null,
  );
  return (
    <section>
      <p class="breadcrumb">
        <Link href={`/progress/checklists/${id}/versions/${v}`}>{t('page.checklist-progress')}</Link> ›{' '}
        <Link href={`/progress/checklists/${id}/versions/${v}/organisations`}>{t('page.drill-down')}</Link> ›
      </p>
      <h1>{t('review.title', { organisation: orgId, version: v })}</h1>
      {peerReviewer && <p>{t('review.peerReviewer', { organisation: peerReviewer.organisationId })}</p>}
      {!assessment ? (
        <EmptyState title={t('review.none')}>{t('review.noneHint')}</EmptyState>
      ) : (
        <>
          <p class="muted">
            {t('review.revision', {
              revision: assessment.revision,
              date: formatDate(assessment.submittedAt),
              who: assessment.submittedBy,
            })}
          </p>
          {own && assessment.items.some((a) => a.review?.decision === 'needs_evidence') && (
            <p>
              <Link href={`/checklists/${id}/versions/${v}/assess`}>{t('review.addEvidence')}</Link>
            </p>
          )}
          <div class="table-wrap">
            <table class="list" aria-label={t('review.answers')}>
              <thead>
                <tr>
                  <th scope="col">{t('review.item')}</th>
                  <th scope="col">{t('review.answer')}</th>
                  <th scope="col">{t('review.evidence')}</th>
                  <th scope="col">{t('review.review')}</th>
                </tr>
              </thead>
              <tbody>
                {assessment.items.map((answer) => (
                  <AnswerRow
                    key={answer.itemId}
                    answer={answer}
                    path={path}
                    revision={assessment.revision}
                    reviewer={reviewer}
                    onReviewed={view.reload}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h2>{t('review.earlier')}</h2>
      {earlierVersions.length === 0 ? (
        <EmptyState title={t('review.noEarlier')} />
      ) : (
        <ul>
          {earlierVersions.map((a) => (
            <li key={a.version}>
              <Link href={`/checklists/${id}/versions/${a.version}/assessments/${orgId}`}>
                {t('review.earlierVersion', { version: a.version, date: formatDate(a.submittedAt) })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AnswerRow({
  answer,
  path,
  revision,
  reviewer,
  onReviewed,
}: {
  answer: ReviewedAnswer;
  path: string;
  revision: number;
  reviewer: boolean;
  onReviewed: () => void;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const state = answer.review?.decision ?? 'awaiting_review';
  const decide = async (decision: ReviewDecision) => {
    setBusy(true);
    setError(null);
    try {
      await api(`${path}/items/${encodeURIComponent(answer.itemId)}/review`, {
        method: 'PUT',
        headers: { 'if-match': `"${revision}"` },
        body: { decision, comment },
      });
      setDone(true);
      setComment('');
      onReviewed();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const download = async () => {
    if (!answer.evidence) return;
    try {
      const link = await api<{ url: string }>(`${path}/evidence/${answer.evidence.id}`);
      window.open(link.url, '_blank', 'noopener');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <tr data-item={answer.itemId} data-review={state}>
      <td>
        <strong>{answer.itemId}</strong>
      </td>
      <td>
        {statusLabel(answer.status)}
        {answer.note && <p class="muted">{answer.note}</p>}
      </td>
      <td>
        {answer.evidence ? (
          <button type="button" class="link" onClick={download}>
            {t('review.download', { name: answer.evidence.fileName })}
          </button>
        ) : (
          <span class="muted">{t('review.noEvidence')}</span>
        )}
        {answer.evidence && <span class="mark">{evidenceLabel}</span>}
      </td>
      <td>
        <span class={`mark review-${state}`}>{t(stateKey[state])}</span>
        {answer.review && (
          <>
            {answer.review.comment && <p class="review-comment">{answer.review.comment}</p>}
            <p class="muted">
              {t('review.by', {
                who: answer.review.reviewedBy,
                organisation: answer.review.reviewerOrganisationId,
                date: formatDate(answer.review.reviewedAt),
              })}
            </p>
          </>
        )}
        {reviewer && (
          <div class="review-actions">
            <label>
              {t('review.comment')}
              <textarea
                value={comment}
                rows={2}
                onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
              />
            </label>
            <button type="button" disabled={busy} onClick={() => decide('accepted')}>
              {t('review.accept')}
            </button>
            <button type="button" disabled={busy} onClick={() => decide('needs_evidence')}>
              {t('review.askEvidence')}
            </button>
            <button type="button" disabled={busy} onClick={() => decide('not_accepted')}>
              {t('review.reject')}
            </button>
            {done && <Success>{t('review.saved')}</Success>}
          </div>
        )}
        {error !== null && <ProblemNotice error={error} fields={['comment', 'if-match']} />}
      </td>
    </tr>
  );
}
