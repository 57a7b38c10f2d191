import { useState } from 'preact/hooks';
import type { DocumentUpload, UnfinishedUpload } from '../../../../shared/document';
import { api } from '../../api';
import { when } from '../../components/receipts-table';
import { ProblemNotice } from '../../components/status';
import { UploadProgress, uploadWithProgress } from '../../components/upload';
import { usePagedList } from '../../components/use-api';
import { t } from '../../i18n';
import { navigate } from '../../router';
import { acceptedFileTypes } from './document-words';

/**
 * The organisation's documents and versions whose upload never completed (a failed upload, a
 * closed tab), so that a contributor uploads them again or discards them. Nothing when none.
 */
export function UnfinishedUploads() {
  const list = usePagedList<UnfinishedUpload>('/api/v1/documents/drafts', {});
  if (list.items.length === 0) return null;
  return (
    <section class="card unfinished" aria-labelledby="unfinished-heading">
      <h2 id="unfinished-heading">{t('unfinished.heading')}</h2>
      <ul class="unfinished-list">
        {list.items.map((u) => (
          <UnfinishedRow key={`${u.id}@${u.version}`} upload={u} onDiscarded={() => list.reload()} />
        ))}
      </ul>
      {list.hasMore && (
        <button type="button" class="secondary" onClick={() => list.loadMore()} disabled={list.loading}>
          {t('unfinished.more')}
        </button>
      )}
    </section>
  );
}

function UnfinishedRow({ upload: u, onDiscarded }: { upload: UnfinishedUpload; onDiscarded: () => void }) {
  const [mode, setMode] = useState<'idle' | 'upload' | 'discard'>('idle');
  const [error, setError] = useState<unknown>();
  const [step, setStep] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const path = `/api/v1/documents/${u.id}/versions/${u.version}`;
  const name = u.version > 1 ? t('unfinished.name', { title: u.title, version: u.version }) : u.title;

  const uploadAgain = async (event: Event) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget as HTMLFormElement).get('file') as File | null;
    setError(undefined);
    // The presigned policy and the completion check pin the declared type and size.
    if (!file || file.size === 0) {
      setError(new Error(t('attachment.chooseFile')));
      return;
    }
    if (file.size !== u.size || file.type !== u.contentType) {
      setError(new Error(t('unfinished.sameFile', { name: u.fileName, size: u.size })));
      return;
    }
    try {
      setStep(t('attachment.uploading'));
      const target = await api<DocumentUpload>(`${path}/upload`, { method: 'POST' });
      await uploadWithProgress(target, file, setProgress);
      setStep(t('publish.checking'));
      await api(`${path}/complete`, { method: 'POST' });
      navigate(`/documents/${u.id}`);
    } catch (err) {
      setError(err);
      setStep('');
    }
  };

  const discard = async () => {
    setError(undefined);
    try {
      setStep(t('unfinished.discarding'));
      await api(path, { method: 'DELETE' });
      onDiscarded();
    } catch (err) {
      setError(err);
      setStep('');
    }
  };

  return (
    <li class="document-row" aria-label={name}>
      <strong>{name}</strong>
      <p class="document-meta muted">
        {t('unfinished.started', { name: u.fileName, date: when(u.createdAt), email: u.createdBy.email })}
      </p>
      <ProblemNotice error={error} />
      {mode === 'idle' && (
        <div class="document-actions">
          <button type="button" onClick={() => setMode('upload')}>
            {t('attachment.uploadAgain')}
          </button>
          <button type="button" class="secondary" onClick={() => setMode('discard')}>
            {t('unfinished.discard')}
          </button>
        </div>
      )}
      {mode === 'upload' && (
        <form onSubmit={uploadAgain} aria-label={t('attachment.uploadForm', { name: u.fileName })}>
          <label>
            {t('attachment.file', { name: u.fileName })}{' '}
            <input type="file" name="file" accept={acceptedFileTypes} required />
          </label>
          <UploadProgress percent={progress} />
          {step && (
            <p class="muted" role="status">
              {step}
            </p>
          )}
          <div class="document-actions">
            <button type="submit" disabled={step !== ''}>
              {t('unfinished.uploadAndPublish')}
            </button>
            <button type="button" class="secondary" onClick={() => setMode('idle')} disabled={step !== ''}>
              {t('attachment.cancel')}
            </button>
          </div>
        </form>
      )}
      {mode === 'discard' && (
        <div class="document-actions" role="alert">
          <span>
            {u.version > 1
              ? t('unfinished.discardVersion', { version: u.version })
              : t('unfinished.discardDocument')}
          </span>
          <button type="button" onClick={discard} disabled={step !== ''}>
            {t('unfinished.yes')}
          </button>
          <button type="button" class="secondary" onClick={() => setMode('idle')} disabled={step !== ''}>
            {t('unfinished.keep')}
          </button>
        </div>
      )}
    </li>
  );
}
