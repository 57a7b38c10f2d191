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
import { t, tx } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { useMe } from '../../session-context';
import { kindLabel } from '../../words';
import { areaLabel, dateOf, dueWords, levelLabel, ownStatusLabel, statusLabel } from './checklist-words';

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
  return (
    <span class="mark mark-changed">
      {item.change === 'new' ? t('checklist.newItem') : t('checklist.changed')}
    </span>
  );
}

export default function ChecklistPage({ params }: PageProps) {
  const me = useMe();
  const detail = useApi<ChecklistDetail>(`/api/v1/checklists/${encodeURIComponent(params.id!)}`);
  const [publishError, setPublishError] = useState<unknown>();
  const [published, setPublished] = useState('');
  const [busy, setBusy] = useState(false);

  if (detail.loading && !detail.data) return <Loading what={t('checklist.loading')} />;
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
      setPublished(t('checklist.published', { version: version.version }));
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
        <Link href="/checklists">{t('nav.checklists')}</Link>
      </p>
      <h1>{current?.title ?? c.title}</h1>
      {published && <Success>{published}</Success>}
      {current ? (
        <p class="muted">
          {t('checklist.facts', {
            version: current.version,
            published: dateOf(current.publishedAt),
            kinds: current.appliesTo.map((k) => kindLabel(k)).join(', '),
            date: dateOf(current.dueAt),
            due: dueWords(current.dueAt),
          })}
        </p>
      ) : (
        <p class="mark">{t('checklist.notPublishedYet')}</p>
      )}
      {current?.description && <p>{current.description}</p>}

      {c.viewer && current && (
        <div class="card">
          <h2>{t('checklist.yourOrganisation')}</h2>
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
              {c.viewer.overdue ? t('checklist.overdue') : ownStatusLabel(c.viewer.status)}
            </span>
            {c.viewer.submittedAt && t('checklist.submitted', { date: dateOf(c.viewer.submittedAt) })}
            {c.viewer.status === 'pending' && c.viewer.acknowledgedPreviousVersion && (
              <> {t('checklist.newVersion')}</>
            )}
          </p>
          {canAssess(viewerOf(me), me.organisation.kind, current.appliesTo) && (
            <p>
              <Link href={`/checklists/${c.id}/versions/${current.version}/assess`} class="button-link">
                {c.viewer.assessment ? t('checklist.update') : t('checklist.answer')}
              </Link>
            </p>
          )}
          {c.viewer.status === 'pending' &&
            !canAssess(viewerOf(me), me.organisation.kind, current.appliesTo) && (
              <p class="muted">{t('checklist.contributorAnswers')}</p>
            )}
        </div>
      )}

      {drafter && (
        <div class="card">
          <h2>{t('kind.commission')}</h2>
          <ProblemNotice error={publishError} />
          <div class="row-actions">
            <Link href={`/checklists/${c.id}/edit`}>{t('checklist.editDraft')}</Link>
            {c.draftPending && (
              <button type="button" onClick={publish} disabled={busy}>
                {current
                  ? t('checklist.publishVersion', { version: current.version + 1 })
                  : t('compose.publish')}
              </button>
            )}
            {current && (
              <Link href={`/progress/checklists/${c.id}/versions/${current.version}`}>
                {t('checklist.scoreboard')}
              </Link>
            )}
          </div>
          {!c.draftPending && current && <p class="muted">{t('checklist.draftEqual')}</p>}
        </div>
      )}

      {current ? (
        <>
          <h2>{t('checklist.items')}</h2>
          {current.removedItemIds.length > 0 && (
            <p class="muted">{t('checklist.removed', { ids: current.removedItemIds.join(', ') })}</p>
          )}
          <ol class="item-list">
            {current.items.map((item) => {
              const answer = answers.get(item.id);
              return (
                <li key={item.id} class={item.change === 'unchanged' ? 'item-card' : 'item-card changed'}>
                  <strong>{item.id}</strong> <ChangeMark item={item} />
                  <span class="mark">{levelLabel(item.level)}</span>
                  <span class="muted">{areaLabel(item.area)}</span>
                  <p>{item.text}</p>
                  {item.guidance && <p class="muted">{item.guidance}</p>}
                  {answer && (
                    <p>
                      {tx('checklist.yourAnswer', {
                        status: statusLabel(answer.status),
                        b: (chunks) => <strong>{chunks}</strong>,
                      })}
                      {answer.note && <> — {answer.note}</>}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
          <h2>{t('document.versions')}</h2>
          <ul>
            {c.versions.map((v) => (
              <li key={v.version}>
                {t('checklist.versionOf', { version: v.version, date: dateOf(v.publishedAt) })}
                {v.version > 1 && ` · ${t('checklist.changes', { count: v.changed })}`}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <EmptyState title={t('checklist.notPublished')}>{t('checklist.notPublishedHint')}</EmptyState>
      )}
    </article>
  );
}
