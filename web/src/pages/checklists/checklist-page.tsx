import './checklists.css';
import { useState } from 'preact/hooks';
import type {
  AnswerInput,
  Assessment,
  ChecklistDraft,
  ChecklistVersion,
  VersionItem,
} from '../../../../shared/checklist';
import { canAssess, canDraftChecklists } from '../../../../shared/permissions';
import type { OwnStatus } from '../../../../shared/progress';
import { api, viewerOf } from '../../api';
import { EmptyState, Loading, ProblemNotice, Success } from '../../components/status';
import { useApi } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { useMe } from '../../session-context';
import { kindLabel } from '../../words';
import { areaLabels, dateOf, dueWords, levelLabels, ownStatusLabels, statusLabels } from './checklist-words';

export interface ChecklistDetail {
  id: string;
  title: string;
  revision: number;
  createdAt: string;
  current: ChecklistVersion | null;
  versions: { version: number; publishedAt: string; changed: number }[];
  draft: ChecklistDraft | null;
  draftPending: boolean | null;
  viewer: {
    applicable: boolean;
    status: OwnStatus;
    overdue: boolean;
    submittedAt: string | null;
    revision: number | null;
    acknowledgedPreviousVersion: boolean;
    assessment: Assessment | null;
    prefill: AnswerInput[];
  } | null;
}

export function ChangeMark({ item }: { item: Pick<VersionItem, 'change'> }) {
  if (item.change === 'unchanged') return null;
  return <span class="mark mark-changed">{item.change === 'new' ? 'New item' : 'Changed'}</span>;
}

export default function ChecklistPage({ params }: PageProps) {
  const me = useMe();
  const detail = useApi<ChecklistDetail>(`/api/v1/checklists/${encodeURIComponent(params.id!)}`);
  const [publishError, setPublishError] = useState<unknown>();
  const [published, setPublished] = useState('');
  const [busy, setBusy] = useState(false);

  if (detail.loading && !detail.data) return <Loading what="Loading the checklist…" />;
  if (!detail.data) return <ProblemNotice error={detail.error} />;
  const c = detail.data;
  const current = c.current;
  const drafter = canDraftChecklists(viewerOf(me), me.organisation.kind);

  const publish = async () => {
    setBusy(true);
    setPublishError(undefined);
    try {
      const version = await api<ChecklistVersion>(`/api/v1/checklists/${c.id}/publish`, {
        method: 'POST',
        headers: { 'if-match': `"${c.revision}"` },
      });
      setPublished(`Version ${version.version} is published.`);
      detail.reload();
    } catch (err) {
      setPublishError(err);
    } finally {
      setBusy(false);
    }
  };
  const answers = new Map((c.viewer?.assessment?.items ?? []).map((a) => [a.itemId, a]));

  return (
    <article>
      <p class="breadcrumb">
        <Link href="/checklists">Checklists</Link>
      </p>
      <h1>{current?.title ?? c.title}</h1>
      {published && <Success>{published}</Success>}
      {current ? (
        <p class="muted">
          Version {current.version}, published {dateOf(current.publishedAt)} · for{' '}
          {current.appliesTo.map((k) => kindLabel(k).toLowerCase()).join(', ')} · due {dateOf(current.dueAt)}{' '}
          ({dueWords(current.dueAt)})
        </p>
      ) : (
        <p class="mark">Draft, not published yet</p>
      )}
      {current?.description && <p>{current.description}</p>}

      {c.viewer && current && (
        <div class="card">
          <h2>Your organisation</h2>
          <p>
            <span
              class={
                c.viewer.status === 'acknowledged'
                  ? 'mark mark-ok'
                  : c.viewer.overdue
                    ? 'mark mark-overdue'
                    : 'mark'
              }
            >
              {c.viewer.overdue ? 'Overdue' : ownStatusLabels[c.viewer.status]}
            </span>
            {c.viewer.submittedAt && <>Submitted {dateOf(c.viewer.submittedAt)}.</>}
            {c.viewer.status === 'pending' && c.viewer.acknowledgedPreviousVersion && (
              <>
                {' '}
                A new version was published: your unchanged answers are filled in, please acknowledge again.
              </>
            )}
          </p>
          {canAssess(viewerOf(me), me.organisation.kind, current.appliesTo) && (
            <p>
              <Link href={`/checklists/${c.id}/versions/${current.version}/assess`} class="button-link">
                {c.viewer.assessment ? 'Update your assessment' : 'Answer this checklist'}
              </Link>
            </p>
          )}
          {c.viewer.status === 'pending' &&
            !canAssess(viewerOf(me), me.organisation.kind, current.appliesTo) && (
              <p class="muted">A contributor of your organisation answers it on its behalf.</p>
            )}
        </div>
      )}

      {drafter && (
        <div class="card">
          <h2>Commission</h2>
          <ProblemNotice error={publishError} />
          <div class="row-actions">
            <Link href={`/checklists/${c.id}/edit`}>Edit the draft</Link>
            {c.draftPending && (
              <button type="button" onClick={publish} disabled={busy}>
                {current ? `Publish version ${current.version + 1}` : 'Publish'}
              </button>
            )}
            {current && (
              <Link href={`/progress/checklists/${c.id}/versions/${current.version}`}>
                Scoreboard of this version
              </Link>
            )}
          </div>
          {!c.draftPending && current && <p class="muted">The draft equals the published version.</p>}
        </div>
      )}

      {current ? (
        <>
          <h2>Items</h2>
          {current.removedItemIds.length > 0 && (
            <p class="muted">Removed since the previous version: {current.removedItemIds.join(', ')}</p>
          )}
          <ol class="item-list">
            {current.items.map((item) => {
              const answer = answers.get(item.id);
              return (
                <li key={item.id} class={item.change === 'unchanged' ? 'item-card' : 'item-card changed'}>
                  <strong>{item.id}</strong> <ChangeMark item={item} />
                  <span class="mark">{levelLabels[item.level]}</span>
                  <span class="muted">{areaLabels[item.area]}</span>
                  <p>{item.text}</p>
                  {item.guidance && <p class="muted">{item.guidance}</p>}
                  {answer && (
                    <p>
                      Your answer: <strong>{statusLabels[answer.status]}</strong>
                      {answer.note && <> — {answer.note}</>}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
          <h2>Versions</h2>
          <ul>
            {c.versions.map((v) => (
              <li key={v.version}>
                Version {v.version}, {dateOf(v.publishedAt)}
                {v.version > 1 && ` · ${v.changed} change${v.changed === 1 ? '' : 's'}`}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <EmptyState title="Not published">
          Edit the draft and publish it to ask organisations to answer.
        </EmptyState>
      )}
    </article>
  );
}
