import './documents.css';
import { useState } from 'preact/hooks';
import type { DocumentDetail, DocumentUpload } from '../../../../shared/document';
import { ApiError, api } from '../../api';
import { endOfDay } from '../../components/addressing';
import { FormField } from '../../components/form-field';
import { Loading, ProblemNotice } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { uploadWithProgress } from '../../components/upload';
import { useApi } from '../../components/use-api';
import { t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate } from '../../router';
import { DocumentFileFields } from './document-file-fields';

/** A new version: a change note, whether it is material (recipients acknowledge again), and the file. */
export default function NewVersionPage({ params }: PageProps) {
  const id = params.id!;
  const detail = useApi<DocumentDetail>(`/api/v1/documents/${encodeURIComponent(id)}`);
  const [material, setMaterial] = useState(false);
  const [error, setError] = useState<unknown>();
  const [step, setStep] = useState('');
  const [progress, setProgress] = useState<number | null>(null);

  if (detail.loading && !detail.data) return <Loading what={t('document.loading')} />;
  if (detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 400)) {
    return (
      <section>
        <h1>{t('document.notFound')}</h1>
        <p>
          <Link href="/documents">{t('document.backToLibrary')}</Link>
        </p>
      </section>
    );
  }
  if (!detail.data) return <ProblemNotice error={detail.error} />;
  const d = detail.data;

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const file = (form.get('file') as File | null) ?? null;
    const due = String(form.get('acknowledgeBy') ?? '');
    setError(undefined);
    setProgress(null);
    try {
      setStep(t('version.recording'));
      const upload = await api<DocumentUpload>(`/api/v1/documents/${id}/versions`, {
        body: {
          changeNote: String(form.get('changeNote') ?? '').trim(),
          material,
          file:
            file && file.size > 0
              ? { fileName: file.name, contentType: file.type, size: file.size }
              : undefined,
          ...(material && due ? { acknowledgeBy: endOfDay(due) } : {}),
        },
      });
      setStep(t('attachment.uploading'));
      await uploadWithProgress(upload, file!, setProgress);
      setStep(t('publish.checking'));
      await api(`/api/v1/documents/${id}/versions/${upload.version}/complete`, { method: 'POST' });
      navigate(`/documents/${id}`);
    } catch (err) {
      setError(err);
      setStep('');
    }
  };

  return (
    <section>
      <p class="breadcrumb">
        <Link href="/documents">{t('page.library')}</Link> › <Link href={`/documents/${id}`}>{d.title}</Link>{' '}
        ›
      </p>
      <div class="document-head">
        <TlpBadge label={d.tlp} describe={false} />
        <h1>{t('version.heading', { title: d.title })}</h1>
      </div>
      <p class="muted">{t('version.replaces', { next: d.currentVersion + 1, current: d.currentVersion })}</p>
      <ProblemNotice error={error} fields={['changeNote', 'material', 'file', 'acknowledgeBy']} />
      <form class="card" onSubmit={submit} noValidate aria-label={t('page.new-version')}>
        <FormField
          name="changeNote"
          label={t('version.changeNote')}
          hint={t('version.changeNoteHint')}
          error={error}
        >
          {(control) => <textarea {...control} rows={3} required maxLength={1000} />}
        </FormField>
        <label class="check">
          <input
            type="checkbox"
            name="material"
            checked={material}
            onChange={(e) => setMaterial((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {t('version.material')}
        </label>
        {material && d.requiresAcknowledgement && (
          <FormField name="acknowledgeBy" label={t('version.dueDate')} error={error}>
            {(control) => <input {...control} type="date" />}
          </FormField>
        )}
        <DocumentFileFields
          error={error}
          progress={progress}
          step={step}
          submit={t('version.publish', { version: d.currentVersion + 1 })}
        />
      </form>
    </section>
  );
}
