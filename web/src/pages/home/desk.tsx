import { useEffect } from 'preact/hooks';
import type { Member } from '../../../../shared/member';
import { answersChecklists, canContribute, canManageMembers } from '../../../../shared/permissions';
import type { ProgressOverview } from '../../../../shared/progress';
import type { Page } from '../../api';
import { viewerOf } from '../../api';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { countWord, publishCount } from '../../desk-counts';
import { formatDate, t } from '../../i18n';
import { Link } from '../../router';
import { useMe } from '../../session-context';
import { dueWords } from '../checklists/checklist-words';
import type { TodoItem } from '../checklists/checklists-page';

/** As many of each list as the desk shows; "N+" says there are more on the list's own page. */
const shown = 25;

interface FeedEntry {
  id: string;
  title: string;
  publishedAt: string;
  acknowledgeBy: string | null;
  overdue: boolean;
}
interface LibraryEntry {
  id: string;
  title: string;
  currentVersion: number;
  acknowledgeBy: string | null;
  needsAcknowledgement: boolean;
  overdue: boolean;
}
interface Draft {
  id: string;
  title: string;
  updatedAt: string;
}

/** Overdue first, then the nearest due date, then the newest. */
const overdueFirst = <T extends { overdue: boolean; acknowledgeBy: string | null }>(items: T[]) =>
  [...items].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.acknowledgeBy ?? '9999').localeCompare(b.acknowledgeBy ?? '9999'),
  );

/**
 * The member's desk: what needs them or their organisation, each list read through the API's
 * own TLP-filtered list (the feed's `unread` and `needsAcknowledgement` filters, the library, the
 * checklist to-do, the drafts), so the desk never shows what those lists would not.
 */
export function Desk() {
  const me = useMe();
  const viewer = viewerOf(me);
  const contributor = canContribute(viewer);
  const answers = answersChecklists(me.organisation.kind);
  const commission = me.organisation.kind === 'commission';
  const toAck = useApi<Page<FeedEntry>>(`/api/v1/bulletins?needsAcknowledgement=true&limit=${shown}`);
  const unread = useApi<Page<FeedEntry>>(`/api/v1/bulletins?unread=true&limit=${shown}`);
  const todo = useApi<{ items: TodoItem[] }>(answers ? '/api/v1/me/todo' : null);
  const library = useApi<Page<LibraryEntry>>(`/api/v1/documents?limit=${shown}`);
  const drafts = useApi<Page<Draft>>(contributor ? `/api/v1/bulletins/drafts?limit=${shown}` : null);
  const progress = useApi<ProgressOverview>(commission ? '/api/v1/progress' : null);
  const ownOrganisation = encodeURIComponent(me.organisation.id);
  // Invited members who never signed in: the first page of the members list an org admin manages.
  const managesMembers = canManageMembers(viewer, me.organisation.kind, me.organisation.id);
  const members = useApi<Page<Member>>(
    managesMembers ? `/api/v1/organisations/${ownOrganisation}/members?limit=100` : null,
  );
  // The Commission's view of recent activity: the newest bulletins it may see, from its feed.
  const recent = useApi<Page<FeedEntry>>(commission ? '/api/v1/bulletins?limit=5' : null);

  useEffect(() => {
    if (unread.data)
      publishCount('/bulletins', countWord(unread.data.items.length, !!unread.data.nextCursor));
  }, [unread.data]);
  useEffect(() => {
    if (todo.data) publishCount('/checklists', countWord(todo.data.items.length, false));
  }, [todo.data]);

  const notSignedIn = (members.data?.items ?? []).filter((m) => !m.lastSignInAt);
  const toAttest = overdueFirst((library.data?.items ?? []).filter((d) => d.needsAcknowledgement));
  return (
    <section aria-labelledby="desk-heading" class="desk">
      <h2 id="desk-heading">{t('desk.heading')}</h2>

      <DeskList
        id="desk-ack"
        title={t('desk.toAcknowledge')}
        state={toAck}
        count={toAck.data && countWord(toAck.data.items.length, !!toAck.data.nextCursor)}
        empty={t('desk.toAcknowledgeNone')}
        more={{ href: '/bulletins?needsAcknowledgement=true', label: t('desk.allToAcknowledge') }}
      >
        {overdueFirst(toAck.data?.items ?? []).map((b) => (
          <li key={b.id}>
            <Link href={`/bulletins/${b.id}`}>{b.title}</Link> <Due item={b} />
          </li>
        ))}
      </DeskList>

      <DeskList
        id="desk-unread"
        title={t('desk.unread')}
        state={unread}
        count={unread.data && countWord(unread.data.items.length, !!unread.data.nextCursor)}
        empty={t('desk.unreadNone')}
        more={{ href: '/bulletins?unread=true', label: t('desk.allUnread') }}
      >
        {(unread.data?.items ?? []).map((b) => (
          <li key={b.id}>
            <Link href={`/bulletins/${b.id}`}>{b.title}</Link>{' '}
            <span class="muted">{formatDate(b.publishedAt)}</span>
          </li>
        ))}
      </DeskList>

      {answers && (
        <DeskList
          id="desk-checklists"
          title={t('desk.checklists')}
          state={todo}
          count={todo.data && String(todo.data.items.length)}
          empty={t('todo.none')}
          more={{ href: '/checklists', label: t('desk.allChecklists') }}
        >
          {(todo.data?.items ?? []).map((c) => (
            <li key={c.checklistId}>
              <Link href={`/checklists/${c.checklistId}`}>{c.title}</Link>{' '}
              <span class={c.overdue ? 'mark mark-overdue' : 'mark'}>{dueWords(c.dueAt)}</span>
            </li>
          ))}
        </DeskList>
      )}

      <DeskList
        id="desk-documents"
        title={t('desk.documents')}
        state={library}
        count={library.data && countWord(toAttest.length, false)}
        empty={t('desk.documentsNone')}
        more={{ href: '/documents', label: t('desk.allDocuments') }}
      >
        {toAttest.map((d) => (
          <li key={d.id}>
            <Link href={`/documents/${d.id}`}>{d.title}</Link>{' '}
            <span class="muted">{t('checklist.version', { version: d.currentVersion })}</span>{' '}
            <Due item={d} />
          </li>
        ))}
      </DeskList>

      {contributor && (
        <DeskList
          id="desk-drafts"
          title={t('desk.drafts')}
          state={drafts}
          count={drafts.data && countWord(drafts.data.items.length, !!drafts.data.nextCursor)}
          empty={t('desk.draftsNone')}
          more={{ href: '/bulletins/new', label: t('feed.write') }}
        >
          {(drafts.data?.items ?? []).map((d) => (
            <li key={d.id}>
              <Link href={`/bulletins/${d.id}/edit`}>{d.title}</Link>{' '}
              <span class="muted">{t('feed.saved', { date: formatDate(d.updatedAt) })}</span>
            </li>
          ))}
        </DeskList>
      )}

      {managesMembers && (
        <DeskList
          id="desk-members"
          title={t('desk.notSignedIn')}
          state={members}
          count={members.data && countWord(notSignedIn.length, !!members.data.nextCursor)}
          empty={t('desk.notSignedInNone')}
          more={{ href: `/organisations/${ownOrganisation}`, label: t('desk.allMembers') }}
        >
          {notSignedIn.map((m) => (
            <li key={m.id}>
              {m.name} <span class="muted">· {m.email} · </span>
              <span class="muted">{t('desk.invitedOn', { date: formatDate(m.createdAt) })}</span>
            </li>
          ))}
        </DeskList>
      )}

      {commission && (
        <DeskList
          id="desk-recent"
          title={t('desk.recent')}
          state={recent}
          count={undefined}
          empty={t('desk.recentNone')}
          more={{ href: '/bulletins', label: t('desk.allBulletins') }}
        >
          {(recent.data?.items ?? []).map((b) => (
            <li key={b.id}>
              <Link href={`/bulletins/${b.id}`}>{b.title}</Link>{' '}
              <span class="muted">{formatDate(b.publishedAt)}</span>
            </li>
          ))}
        </DeskList>
      )}

      {commission && (
        <DeskList
          id="desk-laggards"
          title={t('progress.laggards')}
          state={progress}
          count={progress.data && String(progress.data.laggardCount ?? 0)}
          empty={t('progress.noLaggards')}
          more={{ href: '/progress', label: t('checklists.scoreboard') }}
        >
          {(progress.data?.laggards ?? []).slice(0, 10).map((l) => (
            <li key={`${l.organisationId}-${l.checklistId}`}>
              <Link href={`/organisations/${l.organisationId}`}>{l.name}</Link>{' '}
              <span class="muted">· {l.title} · </span>
              <span class={l.overdue ? 'mark mark-overdue' : 'mark'}>{dueWords(l.dueAt)}</span>
            </li>
          ))}
        </DeskList>
      )}
    </section>
  );
}

function Due({ item }: { item: { overdue: boolean; acknowledgeBy: string | null } }) {
  if (!item.acknowledgeBy) return null;
  // "Overdue" outright: a due date hours ago would round to "due today".
  if (item.overdue) return <span class="mark mark-overdue">{t('checklist.overdue')}</span>;
  return <span class="mark">{dueWords(item.acknowledgeBy)}</span>;
}

/** One list of the desk: its heading with the count, the items, an empty state, and the full list's page. */
function DeskList(props: {
  id: string;
  title: string;
  state: { loading: boolean; data?: unknown; error?: unknown };
  count: string | undefined;
  empty: string;
  more: { href: string; label: string };
  children: preact.ComponentChildren;
}) {
  const items = Array.isArray(props.children) ? props.children : [props.children];
  const any = items.flat().some(Boolean);
  return (
    <section aria-labelledby={props.id} class="desk-list card">
      <h3 id={props.id}>
        {props.title}
        {props.count !== undefined && <span class="count"> {props.count}</span>}
      </h3>
      {props.state.loading && !props.state.data && <Loading />}
      <ProblemNotice error={props.state.error} />
      {!!props.state.data && (any ? <ul>{props.children}</ul> : <EmptyState title={props.empty} />)}
      <p>
        <Link href={props.more.href}>{props.more.label}</Link>
      </p>
    </section>
  );
}
