import './checklists.css';
import type { VersionSummary } from '../../../../shared/checklist';
import { answersChecklists, canDraftChecklists } from '../../../../shared/permissions';
import type { OwnStatus } from '../../../../shared/progress';
import { viewerOf } from '../../api';
import { LoadMore } from '../../components/load-more';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi, usePagedList } from '../../components/use-api';
import { t } from '../../i18n';
import { Link } from '../../router';
import { useMe } from '../../session-context';
import { kindLabel } from '../../words';
import { dateOf, dueWords, ownStatusLabel } from './checklist-words';

export interface TodoItem {
  checklistId: string;
  version: number;
  title: string;
  dueAt: string;
  overdue: boolean;
  acknowledgedPreviousVersion: boolean;
}

interface ChecklistListItem {
  id: string;
  title: string;
  createdAt: string;
  current: VersionSummary | null;
  viewer: { applicable: boolean; status: OwnStatus; overdue: boolean; submittedAt: string | null } | null;
}

/** "My to-do": what the viewer's organisation still has to acknowledge, overdue first. */
export function TodoList({ heading = 'h2' }: { heading?: 'h2' | 'h3' }) {
  const todo = useApi<{ items: TodoItem[] }>('/api/v1/me/todo');
  const Heading = heading;
  return (
    <section aria-labelledby="todo-heading">
      <Heading id="todo-heading">{t('todo.heading')}</Heading>
      {todo.loading && !todo.data && <Loading what={t('todo.loading')} />}
      <ProblemNotice error={todo.error} />
      {todo.data && todo.data.items.length === 0 && (
        <EmptyState title={t('todo.none')}>{t('todo.noneHint')}</EmptyState>
      )}
      {todo.data && todo.data.items.length > 0 && (
        <ul class="todo-list" aria-label={t('todo.list')}>
          {todo.data.items.map((item) => (
            <li key={item.checklistId} class={item.overdue ? 'todo-row overdue' : 'todo-row'}>
              <Link href={`/checklists/${item.checklistId}`}>{item.title}</Link>{' '}
              <span class="muted">{t('checklist.version', { version: item.version })}</span>
              <div>
                <span class={item.overdue ? 'mark mark-overdue' : 'mark'}>{dueWords(item.dueAt)}</span>
                <span class="muted">{t('checklist.dueOn', { date: dateOf(item.dueAt) })}</span>
                {item.acknowledgedPreviousVersion && <span class="mark mark-changed">{t('todo.again')}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function ChecklistsPage() {
  const me = useMe();
  const list = usePagedList<ChecklistListItem>('/api/v1/checklists');
  const drafter = canDraftChecklists(viewerOf(me), me.organisation.kind);
  return (
    <section>
      <h1>{t('checklists.heading')}</h1>
      <p class="lead">{t('checklists.lead')}</p>
      {drafter && (
        <p>
          <Link href="/checklists/new">{t('checklists.draft')}</Link> ·{' '}
          <Link href="/progress">{t('checklists.scoreboard')}</Link>
        </p>
      )}
      {answersChecklists(me.organisation.kind) && <TodoList />}

      <h2>{t('checklists.all')}</h2>
      <ProblemNotice error={list.error} />
      {list.loading && list.items.length === 0 && <Loading what={t('checklists.loading')} />}
      {!list.loading && list.items.length === 0 && !list.error && (
        <EmptyState title={t('checklists.none')}>
          {drafter ? t('checklists.noneDrafter') : t('checklists.noneHint')}
        </EmptyState>
      )}
      {list.items.length > 0 && (
        <ul class="checklist-list" aria-label={t('checklists.list')}>
          {list.items.map((c) => (
            <li key={c.id} class="checklist-row">
              <Link href={`/checklists/${c.id}`}>{c.current?.title ?? c.title}</Link>
              {c.current ? (
                <>
                  {' '}
                  <span class="muted">
                    {t('checklists.facts', {
                      version: c.current.version,
                      kinds: c.current.appliesTo.map((k) => kindLabel(k)).join(', '),
                      date: dateOf(c.current.dueAt),
                      items: c.current.itemCount,
                      mandatory: c.current.mandatoryCount,
                    })}
                  </span>
                  {c.viewer && (
                    <div>
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
                      {c.viewer.submittedAt && (
                        <span class="muted">
                          {t('checklists.on', { date: dateOf(c.viewer.submittedAt) })}
                        </span>
                      )}
                    </div>
                  )}
                </>
              ) : (
                <span class="mark">{t('checklists.draftMark')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} noun="checklists" />
    </section>
  );
}
