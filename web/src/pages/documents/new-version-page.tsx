import './documents.css';
import { useState } from 'preact/hooks';
import { attachmentLimits } from '../../../../shared/attachment-rules';
import type { DocumentDetail, DocumentUpload } from '../../../../shared/document';
import { ApiError, api } from '../../api';
import { endOfDay } from '../../components/addressing';
import { FormField } from '../../components/form-field';
import { Loading, ProblemNotice } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { UploadProgress, uploadWithProgress } from '../../components/upload';
import { useApi } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link, navigate } from '../../router';
import { acceptedFileTypes, fileTypeLabels } from './document-words';

/** A new version: a change note, whether it is material (recipients acknowledge again), and the file. */
export default function NewVersionPage({ params }: PageProps) {
  const id = params.id!;
  const detail = useApi<DocumentDetail>(`/api/v1/documents/${encodeURIComponent(id)}`);
  const [material, setMaterial] = useState(false);
  const [error, setError] = useState<unknown>();
  const [step, setStep] = useState('');
  const [progress, setProgress] = useState<number | null>(null);

  if (detail.loading && !detail.data) return <Loading what="Loading the document…" />;
  if (detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 400)) {
    return (
      <section>
        <h1>Document not found</h1>
        <p>
          <Link href="/documents">Back to the library</Link>
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
      setStep('Recording the version…');
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
      setStep('Uploading the file…');
      await uploadWithProgress(upload, file!, setProgress);
      setStep('Checking the file and publishing…');
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
        <Link href="/documents">Library</Link> › <Link href={`/documents/${id}`}>{d.title}</Link> ›
      </p>
      <div class="document-head">
        <TlpBadge label={d.tlp} describe={false} />
        <h1>New version of “{d.title}”</h1>
      </div>
      <p class="muted">
        Version {d.currentVersion + 1} replaces version {d.currentVersion}, which stays downloadable, marked
        superseded. Label and recipients stay as published.
      </p>
      <ProblemNotice error={error} fields={['changeNote', 'material', 'file', 'acknowledgeBy']} />
      <form class="card" onSubmit={submit} noValidate aria-label="New version">
        <FormField name="changeNote" label="Change note" hint="What changed, for the readers" error={error}>
          {(control) => <textarea {...control} rows={3} required maxLength={1000} />}
        </FormField>
        <label class="check">
          <input
            type="checkbox"
            name="material"
            checked={material}
            onChange={(e) => setMaterial((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          Material change: recipient organisations must acknowledge again
        </label>
        {material && d.requiresAcknowledgement && (
          <FormField name="acknowledgeBy" label="New acknowledgement due date (optional)" error={error}>
            {(control) => <input {...control} type="date" />}
          </FormField>
        )}
        <FormField
          name="file"
          label="File"
          hint={`${Object.values(fileTypeLabels).join(', ')}; at most ${attachmentLimits.maxBytes / 1024 / 1024} MB`}
          error={error}
        >
          {(control) => <input {...control} type="file" accept={acceptedFileTypes} required />}
        </FormField>
        <UploadProgress percent={progress} />
        {step && (
          <p class="muted" role="status">
            {step}
          </p>
        )}
        <button type="submit" disabled={step !== ''}>
          {step ? 'Publishing…' : `Publish version ${d.currentVersion + 1}`}
        </button>
      </form>
    </section>
  );
}
