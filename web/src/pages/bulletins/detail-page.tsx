import './bulletins.css';
import { useState } from 'preact/hooks';
import type { AttachmentDownload } from '../../../../shared/attachment';
import type { BulletinDetail } from '../../../../shared/bulletin';
import { canContribute } from '../../../../shared/permissions';
import { ApiError, api, viewerOf } from '../../api';
import { FormField } from '../../components/form-field';
import { MarkdownView } from '../../components/markdown-view';
import { OrganisationName, organisationLabel, useDirectory } from '../../components/organisation-name';
import { Loading, ProblemNotice, Success } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { useApi } from '../../components/use-api';
import { t, tx } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { useMe } from '../../session-context';
import { categoryLabel, tlpMeaning } from '../../words';
import { AttachmentRow } from './attachments';
import { severityLabel, takePublished, when } from './bulletin-words';
import { BulletinStixExport } from './feed-export';
import { Sightings } from './sightings';

/** One bulletin: everything about it, its files, history, and what the viewer can do with it. */
export default function BulletinPage({ params }: PageProps) {
  const id = params.id!;
  const me = useMe();
  const detail = useApi<BulletinDetail>(`/api/v1/bulletins/${encodeURIComponent(id)}`);
  const directory = useDirectory();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(() => (takePublished(id) ? t('bulletin.publishedNow') : ''));
  const [busy, setBusy] = useState(false);

  if (detail.loading && !detail.data) return <Loading what={t('bulletin.loading')} />;
  if (detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 400)) {
    return (
      <section>
        <h1>{t('bulletin.notFound')}</h1>
        <p>
          {t('bulletin.notShared')} <Link href="/bulletins">{t('bulletin.backToFeed')}</Link>.
        </p>
      </section>
    );
  }
  if (!detail.data) return <ProblemNotice error={detail.error} />;
  const b = detail.data;

  const act = async (what: 'acknowledge' | 'read') => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/v1/bulletins/${id}/acknowledgements`, {
        body: { kind: what },
        // A double click or a retried request must not count twice.
        headers: { 'idempotency-key': `${what}-${id}-${b.acknowledgementRound}` },
      });
      setDone(what === 'acknowledge' ? t('bulletin.acknowledged') : t('bulletin.markedRead'));
      detail.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const download = async (attachmentId: string) => {
    setError(undefined);
    try {
      const link = await api<AttachmentDownload>(`/api/v1/bulletins/${id}/attachments/${attachmentId}`);
      location.assign(link.url);
    } catch (err) {
      // 409: the file is still being scanned for malware (functions/api/attachments.ts).
      setError(err instanceof ApiError && err.status === 409 ? new Error(t('attachment.beingScanned')) : err);
    }
  };

  return (
    <section>
      <p class="breadcrumb">
        <Link href="/bulletins">{t('page.bulletins')}</Link> › <span aria-current="page">{b.title}</span>
      </p>
      <div class="bulletin-head">
        <TlpBadge label={b.tlp} describe={false} />
        <h1>{b.title}</h1>
      </div>
      <p class="muted">{tlpMeaning(b.tlp)}</p>
      {b.tlp === 'TLP:AMBER+STRICT' && <p class="notice">{t('bulletin.strict')}</p>}
      {b.status === 'withdrawn' && (
        <div class="notice notice-error" role="note">
          {tx('bulletin.withdrawnOn', {
            date: when(b.withdrawnAt),
            reason: b.withdrawalReason ?? '',
            b: (c) => <strong>{c}</strong>,
          })}
        </div>
      )}
      {b.status === 'draft' && <p class="notice">{t('bulletin.draft')}</p>}
      <ProblemNotice error={error} />
      {done && <Success>{done}</Success>}

      <div class="bulletin-actions">
        {b.viewer.needsAcknowledgement && (
          <p class="mark mark-ack">
            {b.acknowledgeBy
              ? t('bulletin.askedToAckBy', { date: when(b.acknowledgeBy) })
              : t('bulletin.askedToAck')}
          </p>
        )}
        {b.viewer.mayAcknowledge && !b.viewer.organisationAcknowledgedAt && (
          <button type="button" onClick={() => act('acknowledge')} disabled={busy}>
            {t('bulletin.acknowledge')}
          </button>
        )}
        {b.viewer.organisationAcknowledgedAt && (
          <p>{t('bulletin.orgAcknowledged', { date: when(b.viewer.organisationAcknowledgedAt) })}</p>
        )}
        {b.status === 'published' && !b.viewer.readAt && b.authorId !== me.member.id && (
          <button type="button" class="secondary" onClick={() => act('read')} disabled={busy}>
            {t('bulletin.markRead')}
          </button>
        )}
        {b.viewer.readAt && <p class="muted">{t('bulletin.youRead', { date: when(b.viewer.readAt) })}</p>}
        {b.viewer.mayEdit && b.status === 'draft' && (
          <Link href={`/bulletins/${id}/edit`}>{t('bulletin.editDraft')}</Link>
        )}
        {b.viewer.mayEdit && b.status !== 'draft' && (
          <Link href={`/bulletins/${id}/receipts`}>{t('bulletin.receipts')}</Link>
        )}
      </div>

      <p class="lead">{b.summary}</p>
      <MarkdownView source={b.body} />

      <dl class="facts card">
        <dt>{t('bulletin.severity')}</dt>
        <dd>{severityLabel(b.severity)}</dd>
        <dt>{t('bulletin.categories')}</dt>
        <dd>{b.categories.map((c) => categoryLabel(c)).join('; ')}</dd>
        <dt>{t('bulletin.ports')}</dt>
        <dd>{b.ports.length ? b.ports.join(', ') : '—'}</dd>
        <dt>{t('bulletin.origins')}</dt>
        <dd>{b.originCountries.length ? b.originCountries.join(', ') : '—'}</dd>
        <dt>{t('bulletin.from')}</dt>
        <dd>
          <Link href={`/organisations/${b.authorOrganisationId}`}>
            <OrganisationName id={b.authorOrganisationId} />
          </Link>{' '}
          ({b.authorEmail})
        </dd>
        <dt>{t('bulletin.recipients')}</dt>
        <dd>
          {b.recipients.organisations.length
            ? b.recipients.organisations.map((o) => organisationLabel(directory, o)).join(', ')
            : '—'}
          {b.recipients.members.length > 0 &&
            ` · ${t('bulletin.named', { names: b.recipients.members.join(', ') })}`}
        </dd>
        <dt>{t('bulletin.published')}</dt>
        <dd>{when(b.publishedAt)}</dd>
        <dt>{t('bulletin.acknowledgement')}</dt>
        <dd>
          {b.requiresAcknowledgement
            ? b.acknowledgeBy
              ? t('bulletin.ackRequiredBy', { date: when(b.acknowledgeBy) })
              : t('bulletin.ackRequired')
            : t('bulletin.ackNotRequired')}
        </dd>
      </dl>
      {b.status !== 'draft' && <BulletinStixExport id={id} />}

      <h2>{t('bulletin.attachments')}</h2>
      {b.attachments.length === 0 ? (
        <p class="muted">{t('bulletin.noAttachments')}</p>
      ) : (
        <ul class="attachment-list">
          {b.attachments.map((a) =>
            // Only the author organisation's contributors are shown a pending one, to finish or remove it.
            a.status === 'pending' ? (
              <AttachmentRow
                key={a.id}
                bulletinId={id}
                attachment={a}
                removable={false}
                onChange={detail.reload}
              />
            ) : (
              <li key={a.id}>
                <button type="button" class="secondary" onClick={() => download(a.id)}>
                  {t('bulletin.download', { name: a.fileName })}
                </button>{' '}
                <span class="muted">
                  {t('bulletin.size', { type: a.contentType, kb: Math.max(1, Math.round(a.size / 1024)) })}
                </span>
              </li>
            ),
          )}
        </ul>
      )}

      <h2>{t('bulletin.history')}</h2>
      {b.revisions.length === 0 ? (
        <p class="muted">{t('bulletin.notPublished')}</p>
      ) : (
        <ol class="history">
          {b.revisions.map((r) => (
            <li key={r.revision}>
              <strong>{t(`bulletin.revision.${r.kind}`)}</strong>{' '}
              {t('bulletin.revisionBy', { date: when(r.at), email: r.by.email })}
              {r.material && <span class="mark mark-ack">{t('bulletin.material')}</span>}
              {r.note && r.kind !== 'published' && <> — {r.note}</>}
              {r.changedFields.length > 0 && r.kind === 'revised' && (
                <span class="muted"> ({r.changedFields.join(', ')})</span>
              )}
            </li>
          ))}
        </ol>
      )}
      {b.status === 'published' && <Sightings bulletinId={id} mayRecord={canContribute(viewerOf(me))} />}
      {b.viewer.mayEdit && b.status === 'published' && (
        <Lifecycle id={id} revision={b.revision} onDone={detail.reload} />
      )}
    </section>
  );
}

/** Revise or withdraw a published bulletin (author's organisation). */
function Lifecycle({ id, revision, onDone }: { id: string; revision: number; onDone: () => void }) {
  const [error, setError] = useState<unknown>();
  const send = async (event: Event, path: string, body: (form: FormData) => unknown) => {
    event.preventDefault();
    setError(undefined);
    try {
      const form = new FormData(event.currentTarget as HTMLFormElement);
      await api(`/api/v1/bulletins/${id}/${path}`, {
        body: body(form),
        headers: { 'if-match': `"${revision}"` },
      });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    // Opened on demand: most visits to one's own bulletin are to read it, not to change it.
    <details class="lifecycle" open={error !== undefined}>
      <summary>
        <h2>{t('bulletin.reviseOrWithdraw')}</h2>
      </summary>
      <ProblemNotice error={error} fields={['note', 'changes.summary', 'reason']} />
      <form
        class="card"
        aria-label={t('bulletin.reviseForm')}
        onSubmit={(e) =>
          send(e, 'revisions', (f) => ({
            note: String(f.get('note') ?? ''),
            material: f.get('material') === 'on',
            changes: String(f.get('summary') ?? '').trim()
              ? { summary: String(f.get('summary')).trim() }
              : {},
          }))
        }
      >
        <FormField name="note" label={t('bulletin.whatChanged')} error={error}>
          {(control) => <input {...control} type="text" required />}
        </FormField>
        <FormField name="changes.summary" label={t('bulletin.newSummary')} error={error}>
          {(control) => <textarea {...control} name="summary" rows={2} />}
        </FormField>
        <label>
          <input type="checkbox" name="material" /> {t('bulletin.materialChange')}
        </label>
        <button type="submit">{t('bulletin.revise')}</button>
      </form>
      <form
        class="card"
        aria-label={t('bulletin.withdrawForm')}
        onSubmit={(e) => send(e, 'withdraw', (f) => ({ reason: String(f.get('reason') ?? '') }))}
      >
        <FormField name="reason" label={t('bulletin.reason')} error={error}>
          {(control) => <input {...control} type="text" required />}
        </FormField>
        <button type="submit" class="secondary">
          {t('bulletin.withdraw')}
        </button>
      </form>
    </details>
  );
}
