import './documents.css';
import { useState } from 'preact/hooks';
import type { Document, DocumentUpload } from '../../../../shared/document';
import type { Organisation } from '../../../../shared/organisation';
import { api, type Page } from '../../api';
import { AcknowledgementFields, endOfDay, RecipientFields, TlpChoice } from '../../components/addressing';
import { FormField } from '../../components/form-field';
import { ProblemNotice } from '../../components/status';
import { uploadWithProgress } from '../../components/upload';
import { useApi } from '../../components/use-api';
import { t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate } from '../../router';
import { useMe } from '../../session-context';
import { areaLabel, areas } from '../checklists/checklist-words';
import { DocumentFileFields } from './document-file-fields';
import { tagsFrom } from './document-words';

const shownFields = [
  'title',
  'summary',
  'tags',
  'areas',
  'tlp',
  'recipients.organisations',
  'recipients.members',
  'acknowledgeBy',
  'file',
];

/** Publish a best practice: metadata, label and audience, then the file straight to S3 with progress. */
export default function PublishPage(_: PageProps) {
  const me = useMe();
  const organisations = useApi<Page<Organisation>>('/api/v1/organisations?limit=100');
  const [tlp, setTlp] = useState('TLP:GREEN');
  const [orgs, setOrgs] = useState<string[]>([]);
  const [members, setMembers] = useState<string[]>([]);
  const [requiresAck, setRequiresAck] = useState(false);
  const [error, setError] = useState<unknown>();
  const [step, setStep] = useState('');
  const [progress, setProgress] = useState<number | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const file = (form.get('file') as File | null) ?? null;
    setError(undefined);
    setProgress(null);
    try {
      setStep(t('publish.recording'));
      const created = await api<{ document: Document; upload: DocumentUpload }>('/api/v1/documents', {
        body: {
          title: text('title'),
          summary: text('summary'),
          tags: tagsFrom(text('tags')),
          areas: form.getAll('areas').map(String),
          tlp,
          recipients: { organisations: orgs, members: tlp === 'TLP:RED' ? members : [] },
          requiresAcknowledgement: requiresAck,
          acknowledgeBy: requiresAck ? endOfDay(text('acknowledgeBy')) : null,
          // The API names what is wrong with a missing file, like any other field.
          file:
            file && file.size > 0
              ? { fileName: file.name, contentType: file.type, size: file.size }
              : undefined,
        },
      });
      setStep(t('attachment.uploading'));
      await uploadWithProgress(created.upload, file!, setProgress);
      setStep(t('publish.checking'));
      await api(`/api/v1/documents/${created.document.id}/versions/1/complete`, { method: 'POST' });
      navigate(`/documents/${created.document.id}`);
    } catch (err) {
      setError(err);
      setStep('');
    }
  };

  return (
    <section>
      <p class="breadcrumb">
        <Link href="/documents">{t('page.library')}</Link> ›
      </p>
      <h1>{t('page.publish-a-document')}</h1>
      <ProblemNotice error={error} fields={shownFields} />
      <form class="card" onSubmit={submit} noValidate aria-label={t('page.document')}>
        <FormField name="title" label={t('compose.title')} error={error}>
          {(control) => <input {...control} type="text" required maxLength={200} />}
        </FormField>
        <FormField name="summary" label={t('compose.summary')} error={error}>
          {(control) => <textarea {...control} rows={3} required maxLength={1000} />}
        </FormField>
        <FormField name="tags" label={t('publish.tags')} hint={t('publish.tagsHint')} error={error}>
          {(control) => <input {...control} type="text" />}
        </FormField>
        <fieldset>
          <legend>{t('publish.areas')}</legend>
          <div class="recipient-grid">
            {areas.map((a) => (
              <label key={a} class="check">
                <input type="checkbox" name="areas" value={a} /> {areaLabel(a)}
              </label>
            ))}
          </div>
        </fieldset>
        <TlpChoice
          tlp={tlp}
          onChange={setTlp}
          authorOrganisation={me.organisation.id}
          organisations={orgs}
          members={members}
          directory={organisations.data?.items}
        />
        <RecipientFields
          tlp={tlp}
          authorOrganisation={me.organisation.id}
          organisations={organisations.data?.items ?? []}
          chosen={orgs}
          onChosen={setOrgs}
          members={members}
          onMembers={setMembers}
          error={error}
        />
        <AcknowledgementFields required={requiresAck} onRequired={setRequiresAck} error={error} />
        <DocumentFileFields error={error} progress={progress} step={step} submit={t('publish.button')} />
      </form>
    </section>
  );
}
