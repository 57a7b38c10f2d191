import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { Link, useLocation } from '../router';

/** The member's notifications (`GET /api/v1/me/notifications`, docs/api.md; issue 12's contract). */
export const notificationsPath = '/api/v1/me/notifications';

/** Pages that change what is unread (marking read) tell the bell to ask again at once. */
export const notificationsChanged = 'alliance:notifications';

/** A minute between asks: the count may lag a minute, and 300 members cost 5 requests a second. */
const pollMs = 60_000;

/**
 * The bell in the header: the unread count, asked for on every navigation and every minute
 * while the tab is visible (one small request: `unread=true&limit=1`, read for `unread` only).
 * A count that cannot be read shows no badge rather than an error in the header.
 */
export function NotificationBell() {
  const { path } = useLocation();
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let live = true;
    const ask = () => {
      if (document.hidden) return;
      api<{ unread: number }>(notificationsPath, { query: { unread: 'true', limit: '1' } }).then(
        (answer) => live && setUnread(answer.unread),
        () => undefined,
      );
    };
    ask();
    const timer = setInterval(ask, pollMs);
    addEventListener(notificationsChanged, ask);
    addEventListener('visibilitychange', ask);
    return () => {
      live = false;
      clearInterval(timer);
      removeEventListener(notificationsChanged, ask);
      removeEventListener('visibilitychange', ask);
    };
  }, [path]);
  return (
    <Link href="/notifications" class="bell" aria-label={t('bell.label', { count: unread })}>
      <span aria-hidden="true">🔔</span>
      {unread > 0 && (
        <span class="bell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
