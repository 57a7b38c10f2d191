import './checklists.css';
import type { VersionSummary } from '../../../../shared/checklist';
import { answersChecklists, canDraftChecklists } from '../../../../shared/permissions';
import type { OwnStatus } from '../../../../shared/progress';
import { viewerOf } from '../../api';
import { LoadMore } from '../../components/load-more';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi, usePagedList } from '../../components/use-api';
import { Link } from '../../router';
import { useMe } from '../../session-context';
import { kindLabel } from '../../words';
import { dateOf, dueWords, ownStatusLabels } from './checklist-words';

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
      <Heading id="todo-heading">My to-do</Heading>
      {todo.loading && !todo.data && <Loading what="Loading your to-do…" />}
      <ProblemNotice error={todo.error} />
      {todo.data && todo.data.items.length === 0 && (
        <EmptyState title="Nothing to acknowledge">
          Your organisation has answered every checklist that applies to it.
        </EmptyState>
      )}
      {todo.data && todo.data.items.length > 0 && (
        <ul class="todo-list" aria-label="Checklists to acknowledge, overdue first">
          {todo.data.items.map((t) => (
            <li key={t.checklistId} class={t.overdue ? 'todo-row overdue' : 'todo-row'}>
              <Link href={`/checklists/${t.checklistId}`}>{t.title}</Link>{' '}
              <span class="muted">version {t.version}</span>
              <div>
                <span class={t.overdue ? 'mark mark-overdue' : 'mark'}>{dueWords(t.dueAt)}</span>
                <span class="muted">due {dateOf(t.dueAt)}</span>
                {t.acknowledgedPreviousVersion && (
                  <span class="mark mark-changed">New version: acknowledge again</span>
                )}
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
      <h1>Harmonized checklists</h1>
      <p class="lead">
        The same controls in every port, so traffickers gain nothing by moving. Answer each checklist that
        applies to your organisation item by item.
      </p>
      {drafter && (
        <p>
          <Link href="/checklists/new">Draft a checklist</Link> ·{' '}
          <Link href="/progress">Harmonization scoreboard</Link>
        </p>
      )}
      {answersChecklists(me.organisation.kind) && <TodoList />}

      <h2>All checklists</h2>
      <ProblemNotice error={list.error} />
      {list.loading && list.items.length === 0 && <Loading what="Loading checklists…" />}
      {!list.loading && list.items.length === 0 && !list.error && (
        <EmptyState title="No checklists yet">
          {drafter ? 'Draft the first one.' : 'The Commission has not published a checklist yet.'}
        </EmptyState>
      )}
      {list.items.length > 0 && (
        <ul class="checklist-list" aria-label="Checklists, newest first">
          {list.items.map((c) => (
            <li key={c.id} class="checklist-row">
              <Link href={`/checklists/${c.id}`}>{c.current?.title ?? c.title}</Link>
              {c.current ? (
                <>
                  {' '}
                  <span class="muted">
                    version {c.current.version} · for{' '}
                    {c.current.appliesTo.map((k) => kindLabel(k).toLowerCase()).join(', ')} · due{' '}
                    {dateOf(c.current.dueAt)} · {c.current.itemCount} items ({c.current.mandatoryCount}{' '}
                    mandatory)
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
                        {c.viewer.overdue ? 'Overdue' : ownStatusLabels[c.viewer.status]}
                      </span>
                      {c.viewer.submittedAt && <span class="muted">on {dateOf(c.viewer.submittedAt)}</span>}
                    </div>
                  )}
                </>
              ) : (
                <span class="mark">Draft, not published</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} noun="checklists" />
    </section>
  );
}
