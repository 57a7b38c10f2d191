import type { WebhookDelivery } from '../../../../shared/webhook';
import { EmptyState, Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { formatDate, t } from '../../i18n';
import { Link } from '../../router';

const when = (iso: string | null) => (iso ? formatDate(iso) : '—');

/** A webhook's delivery log: the latest 50, newest first (docs/interoperability.md). */
export function WebhookDeliveries({ path, label }: { path: string; label: string }) {
  const log = useApi<{ items: WebhookDelivery[] }>(path);
  if (log.loading && !log.data) return <Loading what={t('webhooks.loadingLog')} />;
  if (!log.data) return <ProblemNotice error={log.error} />;
  if (log.data.items.length === 0) return <EmptyState title={t('webhooks.noDeliveries')} />;
  return (
    <div class="table-wrap">
      <table class="list">
        <caption>{t('webhooks.logOf', { url: label })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('webhooks.event')}</th>
            <th scope="col">{t('webhooks.bulletin')}</th>
            <th scope="col">{t('webhooks.status')}</th>
            <th scope="col">{t('webhooks.attempts')}</th>
            <th scope="col">{t('webhooks.lastResponse')}</th>
            <th scope="col">{t('webhooks.lastAttempt')}</th>
            <th scope="col">{t('webhooks.nextAttempt')}</th>
          </tr>
        </thead>
        <tbody>
          {log.data.items.map((d) => (
            <tr key={d.id}>
              <td>
                <code>{d.event}</code>
              </td>
              <td>
                <Link href={`/bulletins/${encodeURIComponent(d.itemId)}`}>{t('webhooks.open')}</Link>
              </td>
              <td>{t('webhooks.deliveryStatus', { status: d.status })}</td>
              <td>{d.attempts}</td>
              <td>{d.lastResponseCode ?? d.lastError ?? '—'}</td>
              <td>{when(d.lastAttemptAt)}</td>
              <td>{when(d.nextAttemptAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
