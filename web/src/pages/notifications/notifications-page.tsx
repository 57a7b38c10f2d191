import './notifications.css';
import { useState } from 'preact/hooks';
import type { Notification } from '../../../../shared/notification';
import { api } from '../../api';
import { LoadMore } from '../../components/load-more';
import { notificationsChanged, notificationsPath } from '../../components/notification-bell';
import { organisationLabel, useDirectory } from '../../components/organisation-name';
import { EmptyState, Loading, ProblemNotice, Success } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { usePagedList } from '../../components/use-api';
import { formatDateTime, t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { itemLink } from './notification-words';

const markReadPath = `${notificationsPath}/read`;

/** Tells the bell in the header to count again. */
const recount = () => dispatchEvent(new Event(notificationsChanged));

/**
 * The notification centre: the member's notifications newest first (what, from whom, when, a
 * link to the item), each marked read on its own or all at once; `?unread=true` shows only
 * the unread ones. A notification never carries an item's title: it names the label, the
 * organisation and the kind of item, and the item's page says the rest.
 */
export default function NotificationsPage({ query }: PageProps) {
  const onlyUnread = query.get('unread') === 'true';
  const list = usePagedList<Notification>(notificationsPath, { unread: onlyUnread ? 'true' : undefined });
  const directory = useDirectory();
  // Marked read here since the page loaded; the list itself is not fetched again for one.
  const [markedRead, setMarkedRead] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');

  const isRead = (n: Notification) => n.read || markedRead.has(n.id);
  const anyUnread = list.items.some((n) => !isRead(n));

  const markRead = async (body: { ids: string[] } | { all: true }) => {
    setBusy(true);
    setError(undefined);
    setDone('');
    try {
      await api(markReadPath, { method: 'POST', body });
      if ('all' in body) {
        await list.reload();
        setMarkedRead(new Set());
        setDone(t('notifications.allMarked'));
      } else {
        setMarkedRead((old) => new Set([...old, ...body.ids]));
        setDone(t('notifications.oneMarked'));
      }
      recount();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t('notifications.heading')}</h1>
      <p>
        <Link href="/preferences">{t('notifications.preferences')}</Link>
      </p>
      <div class="notification-actions">
        {onlyUnread ? (
          <Link href="/notifications">{t('notifications.showAll')}</Link>
        ) : (
          <Link href="/notifications?unread=true">{t('notifications.showUnread')}</Link>
        )}
        {anyUnread && (
          <button type="button" class="secondary" disabled={busy} onClick={() => markRead({ all: true })}>
            {t('notifications.markAll')}
          </button>
        )}
      </div>
      <ProblemNotice error={list.error ?? error} />
      {done && <Success>{done}</Success>}
      {list.items.length > 0 && (
        <ul class="notification-list" aria-label={t('notifications.list')}>
          {list.items.map((n) => {
            const read = isRead(n);
            const organisation = organisationLabel(directory, n.organisationId);
            const textId = `notification-${n.id}`;
            return (
              <li key={n.id} class={read ? 'notification-row' : 'notification-row unread'}>
                {n.tlp ? <TlpBadge label={n.tlp} /> : <span />}
                <div class="notification-text" id={textId}>
                  <p>
                    <Link href={itemLink(n)} class="notification-item">
                      {t('notifications.item', { itemType: n.itemType, tlp: n.tlp ?? '' })}
                    </Link>{' '}
                    {!read && <span class="mark-unread">{t('notifications.unread')}</span>}
                  </p>
                  <p>{t('notifications.what', { kind: n.kind, organisation })}</p>
                  <p class="muted">
                    <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                  </p>
                </div>
                {!read && (
                  <button
                    type="button"
                    class="secondary"
                    disabled={busy}
                    aria-describedby={textId}
                    onClick={() => markRead({ ids: [n.id] })}
                  >
                    {t('notifications.markRead')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {list.loading && list.items.length === 0 && <Loading />}
      {!list.loading && !list.error && list.items.length === 0 && (
        <EmptyState title={onlyUnread ? t('notifications.noneUnread') : t('notifications.none')}>
          {t('notifications.noneHint')}
        </EmptyState>
      )}
      <LoadMore list={list} noun="notifications" />
    </section>
  );
}
