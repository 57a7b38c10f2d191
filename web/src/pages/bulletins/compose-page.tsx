import './bulletins.css';
import { useRef, useState } from 'preact/hooks';
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
import { MarkdownView } from '../../components/markdown-view';
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
import { markPublished, severities, severityLabel } from './bulletin-words';

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

/**
 * Compose on one page: write, attach, preview, see who will see it, publish. The draft is created
 * on the first Save draft, attachment or Publish, so a file always has a bulletin to belong to.
 */
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

  const formRef = useRef<HTMLFormElement>(null);
  const [body, setBody] = useState(draft?.body ?? '');

  const contentOf = (formElement: HTMLFormElement) => {
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const due = text('acknowledgeBy');
    return {
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
  };

  /** Saves what the form holds (creating the draft the first time); null when the API refused it. */
  const store = async (): Promise<Bulletin | null> => {
    if (!formRef.current) return null;
    const content = contentOf(formRef.current);
    setBusy(true);
    setError(undefined);
    try {
      if (!draft) return await api<Bulletin>('/api/v1/bulletins', { body: content });
      const stored = await api<Bulletin>(`/api/v1/bulletins/${draft.id}`, {
        method: 'PATCH',
        body: content,
        headers: { 'if-match': `"${draft.revision}"` },
      });
      // Reloaded so the next save or publish names the new revision.
      onSaved();
      return stored;
    } catch (err) {
      // Shown at the top and next to each field, whichever button asked for the save.
      setError(err);
      return null;
    } finally {
      setBusy(false);
    }
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setSaved('');
    const stored = await store();
    if (!stored) return;
    if (draft) setSaved(t('compose.draftSaved'));
    else navigate(`/bulletins/${stored.id}/edit`);
  };

  return (
    <section>
      <p class="breadcrumb">
        <Link href="/bulletins">{t('page.bulletins')}</Link> ›{' '}
        {draft && <span aria-current="page">{draft.title}</span>}
      </p>
      <h1>{draft ? t('page.edit-draft-bulletin') : t('page.write-a-bulletin')}</h1>
      <ProblemNotice error={error} fields={shownFields} />
      {saved && <Success>{saved}</Success>}
      <form ref={formRef} class="card" onSubmit={save} noValidate aria-label={t('compose.form')}>
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
          {(control) => (
            <textarea
              {...control}
              rows={8}
              defaultValue={draft?.body ?? ''}
              onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)}
            />
          )}
        </FormField>
        {/* The body as recipients will see it, from the same safe subset the bulletin page renders. */}
        <details class="preview">
          <summary>{t('compose.preview')}</summary>
          {body.trim() ? <MarkdownView source={body} /> : <p class="muted">{t('compose.previewEmpty')}</p>}
        </details>
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
      <Attachments draft={draft} store={store} onChange={onSaved} />
      <Publish
        draft={draft}
        store={store}
        tlp={tlp}
        who={audience(
          tlp,
          me.organisation.id,
          orgs,
          tlp === 'TLP:RED' ? members : [],
          (id) => organisations.find((o) => o.id === id)?.name ?? id,
        )}
      />
    </section>
  );
}

/**
 * Straight to S3 through the presigned POST, with upload progress from XMLHttpRequest, then
 * checked by the API. A failed upload leaves the attachment pending, shown with Upload again and
 * Remove; recipients never see a pending one.
 */
function Attachments({
  draft,
  store,
  onChange,
}: {
  draft: BulletinDetail | null;
  store: () => Promise<Bulletin | null>;
  onChange: () => void;
}) {
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
    // No draft yet: save what is written first; a refusal is shown next to the form's fields.
    const id = draft?.id ?? (await store())?.id;
    if (!id) return;
    let target: AttachmentUpload;
    try {
      target = await api<AttachmentUpload>(`/api/v1/bulletins/${id}/attachments`, {
        body: { fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size },
      });
    } catch (err) {
      setError(err);
      if (!draft) navigate(`/bulletins/${id}/edit`, { replace: true });
      return;
    }
    try {
      await storeAttachment(id, target.attachmentId, target, file, setProgress);
      setDone(t('compose.uploaded', { name: file.name }));
    } catch (err) {
      // Recorded but not stored: its row offers to send the same file again, or to remove it.
      setFailed((was) => ({ ...was, [target.attachmentId]: { file, error: err } }));
      setProgress(null);
    }
    input.value = '';
    // The new draft's own address, where its attachment is listed (failed ones with Upload again).
    if (!draft) navigate(`/bulletins/${id}/edit`, { replace: true });
    else onChange();
  };

  return (
    <>
      <h2>{t('bulletin.attachments')}</h2>
      <ProblemNotice error={error} fields={[]} />
      {done && <Success>{done}</Success>}
      {!draft && <p class="muted">{t('compose.attachSavesDraft')}</p>}
      {draft && draft.attachments.length > 0 && (
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

function Publish({
  draft,
  store,
  tlp,
  who,
}: {
  draft: BulletinDetail | null;
  store: () => Promise<Bulletin | null>;
  tlp: string;
  who: string;
}) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // One key per page view: a retried click returns the first publish instead of failing.
  const [key] = useState(() => `publish-${crypto.randomUUID()}`);
  const publish = async () => {
    setError(undefined);
    // What is on screen is what gets published: save it first (creating the draft if need be).
    const stored = await store();
    if (!stored) return;
    setBusy(true);
    try {
      await api(`/api/v1/bulletins/${stored.id}/publish`, {
        method: 'POST',
        headers: { 'idempotency-key': `${key}-${stored.revision}`, 'if-match': `"${stored.revision}"` },
      });
      markPublished(stored.id);
      navigate(`/bulletins/${stored.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
      // A draft created just now lives at its own address from here on.
      if (!draft) navigate(`/bulletins/${stored.id}/edit`, { replace: true });
    }
  };
  return (
    <div class="card publish">
      <h2>{t('compose.publish')}</h2>
      <p>
        <TlpBadge label={tlp as Bulletin['tlp']} describe={false} /> <strong>{t('compose.reaches')}</strong>{' '}
        {who}
      </p>
      <ProblemNotice error={error} />
      <button type="button" onClick={publish} disabled={busy}>
        {busy ? t('compose.publishing') : t('compose.publishBulletin')}
      </button>
    </div>
  );
}
