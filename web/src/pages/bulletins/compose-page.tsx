import './bulletins.css';
import { useEffect, useState } from 'preact/hooks';
import type { AttachmentUpload } from '../../../../shared/attachment';
import { attachmentContentTypes, attachmentLimits } from '../../../../shared/attachment-rules';
import type { Bulletin, BulletinDetail } from '../../../../shared/bulletin';
import type { Organisation } from '../../../../shared/organisation';
import { threatCategoryIds } from '../../../../shared/taxonomy';
import { ApiError, api, type Page } from '../../api';
import {
  AcknowledgementFields,
  audience,
  endOfDay,
  RecipientFields,
  TlpChoice,
} from '../../components/addressing';
import { FormField } from '../../components/form-field';
import { Loading, ProblemNotice, Success } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { UploadProgress } from '../../components/upload';
import { useApi } from '../../components/use-api';
import { t, tx } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate } from '../../router';
import { useMe } from '../../session-context';
import { categoryLabel } from '../../words';
import { AttachmentRow, storeAttachment } from './attachments';
import { severities, severityLabel } from './bulletin-words';

const shownFields = [
  'title',
  'summary',
  'body',
  'severity',
  'tlp',
  'categories',
  'ports',
  'originCountries',
  'recipients.organisations',
  'recipients.members',
  'requiresAcknowledgement',
  'acknowledgeBy',
];

/** The API's limit on a bulletin title (shared/bulletin.ts). */
const titleMax = 200;

const list = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);

/** Compose: write a draft, attach files, see who will see it, then publish. */
export default function ComposePage({ params }: PageProps) {
  const id = params.id;
  const existing = useApi<BulletinDetail>(id ? `/api/v1/bulletins/${encodeURIComponent(id)}` : null);
  const organisations = useApi<Page<Organisation>>('/api/v1/organisations?limit=100');
  if (id && existing.loading && !existing.data) return <Loading what={t('compose.loadingDraft')} />;
  if (id && existing.error) {
    return existing.error instanceof ApiError && existing.error.status === 404 ? (
      <section>
        <h1>{t('compose.draftNotFound')}</h1>
        <p>
          <Link href="/bulletins">{t('bulletin.backToFeed')}</Link>
        </p>
      </section>
    ) : (
      <ProblemNotice error={existing.error} />
    );
  }
  if (id && existing.data && existing.data.status !== 'draft') {
    return (
      <section>
        <h1>{t('compose.alreadyPublished')}</h1>
        <p>{tx('compose.revisedFrom', { link: (c) => <Link href={`/bulletins/${id}`}>{c}</Link> })}</p>
      </section>
    );
  }
  return (
    <Composer
      key={id ?? 'new'}
      draft={existing.data ?? null}
      organisations={organisations.data?.items ?? []}
      onSaved={existing.reload}
    />
  );
}

function Composer({
  draft,
  organisations,
  onSaved,
}: {
  draft: BulletinDetail | null;
  organisations: Organisation[];
  onSaved: () => void;
}) {
  const me = useMe();
  const [tlp, setTlp] = useState<string>(draft?.tlp ?? 'TLP:AMBER');
  const [orgs, setOrgs] = useState<string[]>(draft?.recipients.organisations ?? []);
  const [members, setMembers] = useState<string[]>(draft?.recipients.members ?? []);
  const [requiresAck, setRequiresAck] = useState(draft?.requiresAcknowledgement ?? false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  // The browser stops typing at the limit: the count says why nothing more appears.
  const [titleLength, setTitleLength] = useState(draft?.title.length ?? 0);

  const save = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const due = text('acknowledgeBy');
    const body = {
      title: text('title'),
      summary: text('summary'),
      body: String(form.get('body') ?? ''),
      severity: text('severity'),
      tlp,
      categories: form.getAll('categories').map(String),
      ports: list(text('ports')),
      originCountries: list(text('originCountries')),
      recipients: { organisations: orgs, members: tlp === 'TLP:RED' ? members : [] },
      requiresAcknowledgement: requiresAck,
      acknowledgeBy: requiresAck ? endOfDay(due) : null,
    };
    setBusy(true);
    setError(undefined);
    try {
      if (draft) {
        await api<Bulletin>(`/api/v1/bulletins/${draft.id}`, {
          method: 'PATCH',
          body,
          headers: { 'if-match': `"${draft.revision}"` },
        });
        setSaved(t('compose.draftSaved'));
        onSaved();
      } else {
        const created = await api<Bulletin>('/api/v1/bulletins', { body });
        navigate(`/bulletins/${created.id}/edit`);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p class="breadcrumb">
        <Link href="/bulletins">{t('page.bulletins')}</Link> ›
      </p>
      <h1>{draft ? t('page.edit-draft-bulletin') : t('page.write-a-bulletin')}</h1>
      <ProblemNotice error={error} fields={shownFields} />
      {saved && <Success>{saved}</Success>}
      <form class="card" onSubmit={save} noValidate aria-label={t('compose.form')}>
        <TlpChoice
          tlp={tlp}
          onChange={setTlp}
          authorOrganisation={me.organisation.id}
          organisations={orgs}
          members={members}
          directory={organisations}
        />
        <FormField
          name="title"
          label={t('compose.title')}
          hint={t('compose.titleCount', { count: titleLength, max: titleMax })}
          error={error}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              required
              maxLength={titleMax}
              defaultValue={draft?.title ?? ''}
              onInput={(e) => setTitleLength((e.currentTarget as HTMLInputElement).value.length)}
            />
          )}
        </FormField>
        <FormField name="summary" label={t('compose.summary')} error={error}>
          {(control) => (
            <textarea {...control} rows={2} required maxLength={600} defaultValue={draft?.summary ?? ''} />
          )}
        </FormField>
        <FormField name="body" label={t('compose.body')} hint={t('compose.bodyHint')} error={error}>
          {(control) => <textarea {...control} rows={8} defaultValue={draft?.body ?? ''} />}
        </FormField>
        <FormField name="severity" label={t('bulletin.severity')} error={error}>
          {(control) => (
            <select {...control}>
              {severities.map((s) => (
                <option key={s} value={s} selected={s === (draft?.severity ?? 'medium')}>
                  {severityLabel(s)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <fieldset>
          <legend>{t('bulletin.categories')}</legend>
          {threatCategoryIds.map((c) => (
            <label key={c} class="check">
              <input
                type="checkbox"
                name="categories"
                value={c}
                defaultChecked={draft?.categories.includes(c) ?? false}
              />{' '}
              {categoryLabel(c)}
            </label>
          ))}
          {error instanceof ApiError && error.fieldErrors.categories && (
            <span class="field-error">{error.fieldErrors.categories}</span>
          )}
        </fieldset>
        <FormField name="ports" label={t('compose.ports')} hint={t('compose.portsHint')} error={error}>
          {(control) => <input {...control} type="text" defaultValue={draft?.ports.join(', ') ?? ''} />}
        </FormField>
        <FormField
          name="originCountries"
          label={t('bulletin.origins')}
          hint={t('compose.originsHint')}
          error={error}
        >
          {(control) => (
            <input {...control} type="text" defaultValue={draft?.originCountries.join(', ') ?? ''} />
          )}
        </FormField>
        <RecipientFields
          tlp={tlp}
          authorOrganisation={me.organisation.id}
          organisations={organisations}
          chosen={orgs}
          onChosen={setOrgs}
          members={members}
          onMembers={setMembers}
          error={error}
        />
        <AcknowledgementFields
          required={requiresAck}
          onRequired={setRequiresAck}
          defaultDate={draft?.acknowledgeBy?.slice(0, 10)}
          error={error}
        />
        <button type="submit" disabled={busy}>
          {busy ? t('compose.saving') : t('compose.saveDraft')}
        </button>
      </form>
      {draft && <Attachments draft={draft} onChange={onSaved} />}
      {draft && (
        <Publish
          draft={draft}
          who={audience(
            draft.tlp,
            me.organisation.id,
            draft.recipients.organisations,
            draft.recipients.members,
            (id) => organisations.find((o) => o.id === id)?.name ?? id,
          )}
        />
      )}
    </section>
  );
}

/**
 * Straight to S3 through the presigned POST, with upload progress from XMLHttpRequest, then
 * checked by the API. A failed upload leaves the attachment pending, shown with Upload again and
 * Remove; recipients never see a pending one.
 */
function Attachments({ draft, onChange }: { draft: BulletinDetail; onChange: () => void }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  // Files whose upload failed in this page, by attachment id, so Upload again needs no new choice.
  const [failed, setFailed] = useState<Record<string, { file: File; error: unknown }>>({});

  const upload = async (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('file') as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setError(undefined);
    setDone('');
    let target: AttachmentUpload;
    try {
      target = await api<AttachmentUpload>(`/api/v1/bulletins/${draft.id}/attachments`, {
        body: { fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size },
      });
    } catch (err) {
      setError(err);
      return;
    }
    try {
      await storeAttachment(draft.id, target.attachmentId, target, file, setProgress);
      setDone(t('compose.uploaded', { name: file.name }));
    } catch (err) {
      // Recorded but not stored: its row offers to send the same file again, or to remove it.
      setFailed((was) => ({ ...was, [target.attachmentId]: { file, error: err } }));
      setProgress(null);
    }
    input.value = '';
    onChange();
  };

  return (
    <>
      <h2>{t('bulletin.attachments')}</h2>
      <ProblemNotice error={error} fields={[]} />
      {done && <Success>{done}</Success>}
      {draft.attachments.length > 0 && (
        <ul class="attachment-list">
          {draft.attachments.map((a) => (
            <AttachmentRow
              key={a.id}
              bulletinId={draft.id}
              attachment={a}
              kept={failed[a.id]?.file}
              failure={failed[a.id]?.error}
              removable
              onChange={onChange}
            />
          ))}
        </ul>
      )}
      <form class="card" onSubmit={upload} aria-label={t('compose.attachForm')}>
        <FormField
          name="file"
          label={t('compose.file')}
          hint={t('compose.fileHint', { mb: attachmentLimits.maxBytes / 1024 / 1024 })}
          error={error}
        >
          {(control) => <input {...control} type="file" accept={attachmentContentTypes.join(',')} required />}
        </FormField>
        <UploadProgress percent={progress} />
        <button type="submit" class="secondary">
          {t('attachment.upload')}
        </button>
      </form>
    </>
  );
}

function Publish({ draft, who }: { draft: BulletinDetail; who: string }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // One key per page view: a retried click returns the first publish instead of failing.
  const [key] = useState(() => `publish-${draft.id}-${crypto.randomUUID()}`);
  useEffect(() => setError(undefined), [draft.revision]);
  const publish = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/v1/bulletins/${draft.id}/publish`, {
        method: 'POST',
        headers: { 'idempotency-key': key, 'if-match': `"${draft.revision}"` },
      });
      navigate(`/bulletins/${draft.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <div class="card publish">
      <h2>{t('compose.publish')}</h2>
      <p>
        <TlpBadge label={draft.tlp} describe={false} /> <strong>{t('compose.reaches')}</strong> {who}
      </p>
      <ProblemNotice error={error} />
      <button type="button" onClick={publish} disabled={busy}>
        {busy ? t('compose.publishing') : t('compose.publishBulletin')}
      </button>
    </div>
  );
}
