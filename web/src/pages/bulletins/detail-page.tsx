import './bulletins.css';
import { useState } from 'preact/hooks';
import type { AttachmentDownload } from '../../../../shared/attachment';
import type { BulletinDetail } from '../../../../shared/bulletin';
import { threatCategories } from '../../../../shared/taxonomy';
import { tlpPresentation } from '../../../../shared/tlp-labels';
import { ApiError, api } from '../../api';
import { FormField } from '../../components/form-field';
import { MarkdownView } from '../../components/markdown-view';
import { Loading, ProblemNotice, Success } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { useApi } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link } from '../../router';
import { AttachmentRow } from './attachments';
import { severityLabels, when } from './bulletin-words';

/** One bulletin: everything about it, its files, history, and what the viewer can do with it. */
export default function BulletinPage({ params }: PageProps) {
  const id = params.id!;
  const detail = useApi<BulletinDetail>(`/api/v1/bulletins/${encodeURIComponent(id)}`);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  if (detail.loading && !detail.data) return <Loading what="Loading the bulletin…" />;
  if (detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 400)) {
    return (
      <section>
        <h1>Bulletin not found</h1>
        <p>
          There is no such bulletin, or it is not shared with you.{' '}
          <Link href="/bulletins">Back to the feed</Link>.
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
      setDone(what === 'acknowledge' ? 'Acknowledged on behalf of your organisation.' : 'Marked as read.');
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
      setError(err);
    }
  };

  return (
    <section>
      <p class="breadcrumb">
        <Link href="/bulletins">Bulletins</Link> ›
      </p>
      <div class="bulletin-head">
        <TlpBadge label={b.tlp} describe={false} />
        <h1>{b.title}</h1>
      </div>
      <p class="muted">{tlpPresentation[b.tlp].meaning}</p>
      {b.tlp === 'TLP:AMBER+STRICT' && (
        <p class="notice">Organisation only: do not share outside your organisation.</p>
      )}
      {b.status === 'withdrawn' && (
        <div class="notice notice-error" role="note">
          <strong>Withdrawn</strong> on {when(b.withdrawnAt)}: {b.withdrawalReason}
        </div>
      )}
      {b.status === 'draft' && <p class="notice">Draft: only your organisation sees it.</p>}
      <ProblemNotice error={error} />
      {done && <Success>{done}</Success>}

      <div class="bulletin-actions">
        {b.viewer.needsAcknowledgement && (
          <p class="mark mark-ack">
            Your organisation is asked to acknowledge this bulletin
            {b.acknowledgeBy ? ` by ${when(b.acknowledgeBy)}` : ''}.
          </p>
        )}
        {b.viewer.mayAcknowledge && !b.viewer.organisationAcknowledgedAt && (
          <button type="button" onClick={() => act('acknowledge')} disabled={busy}>
            Acknowledge for my organisation
          </button>
        )}
        {b.viewer.organisationAcknowledgedAt && (
          <p>Your organisation acknowledged it on {when(b.viewer.organisationAcknowledgedAt)}.</p>
        )}
        {b.status === 'published' && !b.viewer.readAt && (
          <button type="button" class="secondary" onClick={() => act('read')} disabled={busy}>
            Mark as read
          </button>
        )}
        {b.viewer.readAt && <p class="muted">You read it on {when(b.viewer.readAt)}.</p>}
        {b.viewer.mayEdit && b.status === 'draft' && <Link href={`/bulletins/${id}/edit`}>Edit draft</Link>}
        {b.viewer.mayEdit && b.status !== 'draft' && <Link href={`/bulletins/${id}/receipts`}>Receipts</Link>}
      </div>

      <p class="lead">{b.summary}</p>
      <MarkdownView source={b.body} />

      <dl class="facts card">
        <dt>Severity</dt>
        <dd>{severityLabels[b.severity]}</dd>
        <dt>Categories</dt>
        <dd>{b.categories.map((c) => threatCategories[c]).join('; ')}</dd>
        <dt>Ports</dt>
        <dd>{b.ports.length ? b.ports.join(', ') : '—'}</dd>
        <dt>Origin countries</dt>
        <dd>{b.originCountries.length ? b.originCountries.join(', ') : '—'}</dd>
        <dt>From</dt>
        <dd>
          <Link href={`/organisations/${b.authorOrganisationId}`}>{b.authorOrganisationId}</Link> (
          {b.authorEmail})
        </dd>
        <dt>Recipients</dt>
        <dd>
          {b.recipients.organisations.length ? b.recipients.organisations.join(', ') : '—'}
          {b.recipients.members.length > 0 && ` · named: ${b.recipients.members.join(', ')}`}
        </dd>
        <dt>Published</dt>
        <dd>{when(b.publishedAt)}</dd>
        <dt>Acknowledgement</dt>
        <dd>
          {b.requiresAcknowledgement
            ? `required${b.acknowledgeBy ? ` by ${when(b.acknowledgeBy)}` : ''}`
            : 'not required'}
        </dd>
      </dl>

      <h2>Attachments</h2>
      {b.attachments.length === 0 ? (
        <p class="muted">No attachments.</p>
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
                  Download {a.fileName}
                </button>{' '}
                <span class="muted">
                  {a.contentType}, {Math.max(1, Math.round(a.size / 1024))} KB
                </span>
              </li>
            ),
          )}
        </ul>
      )}

      <h2>History</h2>
      {b.revisions.length === 0 ? (
        <p class="muted">Not published yet.</p>
      ) : (
        <ol class="history">
          {b.revisions.map((r) => (
            <li key={r.revision}>
              <strong>{r.kind}</strong> {when(r.at)} by {r.by.email}
              {r.material && <span class="mark mark-ack"> material: acknowledge again</span>}
              {r.note && r.kind !== 'published' && <> — {r.note}</>}
              {r.changedFields.length > 0 && r.kind === 'revised' && (
                <span class="muted"> ({r.changedFields.join(', ')})</span>
              )}
            </li>
          ))}
        </ol>
      )}
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
    <>
      <h2>Revise or withdraw</h2>
      <ProblemNotice error={error} fields={['note', 'changes.summary', 'reason']} />
      <form
        class="card"
        aria-label="Revise the bulletin"
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
        <FormField name="note" label="What changed" error={error}>
          {(control) => <input {...control} type="text" required />}
        </FormField>
        <FormField name="changes.summary" label="New summary (optional)" error={error}>
          {(control) => <textarea {...control} name="summary" rows={2} />}
        </FormField>
        <label>
          <input type="checkbox" name="material" /> Material change: recipients acknowledge again
        </label>
        <button type="submit">Revise</button>
      </form>
      <form
        class="card"
        aria-label="Withdraw the bulletin"
        onSubmit={(e) => send(e, 'withdraw', (f) => ({ reason: String(f.get('reason') ?? '') }))}
      >
        <FormField name="reason" label="Reason for withdrawal" error={error}>
          {(control) => <input {...control} type="text" required />}
        </FormField>
        <button type="submit" class="secondary">
          Withdraw
        </button>
      </form>
    </>
  );
}
