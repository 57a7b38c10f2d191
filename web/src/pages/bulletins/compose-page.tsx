import './bulletins.css';
import { useRef, useState } from 'preact/hooks';
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
import { useApi } from '../../components/use-api';
import { t, tx } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate } from '../../router';
import { useMe } from '../../session-context';
import { categoryLabel } from '../../words';
import { severities, severityLabel } from './bulletin-words';
import { Attachments, Publish } from './compose-sections';
import { saveDraft } from './draft-save';

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
 * Drafts created on this page, with the key of the composer that created them: when the address
 * becomes the draft's own, that composer stays (routes.tsx gives both addresses one view), so an
 * upload under way and whatever is typed meanwhile go on.
 */
const createdHere = new Map<string, string>();

/**
 * Compose on one page: write, attach, preview, see who will see it, publish. The draft is created
 * on the first Save draft, attachment or Publish, so a file always has a bulletin to belong to.
 */
export default function ComposePage({ params }: PageProps) {
  const id = params.id;
  // A new composer each time the page comes back to "new" from a draft's address.
  const visits = useRef({ count: 0, lastId: id });
  if (!id && visits.current.lastId) visits.current.count++;
  visits.current.lastId = id;
  const newKey = `new-${visits.current.count}`;
  const existing = useApi<BulletinDetail>(id ? `/api/v1/bulletins/${encodeURIComponent(id)}` : null);
  const organisations = useApi<Page<Organisation>>('/api/v1/organisations?limit=100');
  const ownNew = id !== undefined && createdHere.has(id);
  if (id && !ownNew && existing.loading && !existing.data) {
    return <Loading what={t('compose.loadingDraft')} />;
  }
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
  const key = id ? (createdHere.get(id) ?? id) : newKey;
  return (
    <Composer
      key={key}
      draft={existing.data ?? null}
      organisations={organisations.data?.items ?? []}
      onSaved={existing.reload}
      onCreated={(created) => {
        createdHere.set(created.id, key);
        navigate(`/bulletins/${created.id}/edit`, { replace: true });
      }}
    />
  );
}

function Composer({
  draft,
  organisations,
  onSaved,
  onCreated,
}: {
  draft: BulletinDetail | null;
  organisations: Organisation[];
  onSaved: () => void;
  onCreated: (created: Bulletin) => void;
}) {
  const me = useMe();
  // The draft this composer created or last saved, until the page has (re)loaded it: a second save
  // or file chosen before then updates it instead of creating another.
  const lastStored = useRef<Bulletin | null>(null);
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
      const last = lastStored.current;
      const current = draft && (!last || draft.revision >= last.revision) ? draft : last;
      if (!current) {
        const created = await api<Bulletin>('/api/v1/bulletins', { body: content });
        lastStored.current = created;
        onCreated(created);
        return created;
      }
      const stored = await saveDraft(current, content);
      lastStored.current = stored;
      // Reloaded so the page shows what was stored.
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
    if (await store()) setSaved(t('compose.draftSaved'));
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
