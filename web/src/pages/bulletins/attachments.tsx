import { useEffect, useState } from 'preact/hooks';
import type { AttachmentUpload } from '../../../../shared/attachment';
import type { Attachment } from '../../../../shared/bulletin';
import { ApiError, api } from '../../api';
import { ProblemNotice } from '../../components/status';
import { fileNotStored, UploadProgress, uploadWithProgress } from '../../components/upload';
import { t } from '../../i18n';

const kb = (size: number) => t('attachment.kb', { kb: Math.max(1, Math.round(size / 1024)) });

/**
 * Sends the file to the presigned POST, then asks the API to check it (complete). Until then the
 * attachment is pending: recipients do not see it. A refusal of the check (409: the file is not
 * there or not as declared) is said in the same plain words as a failed upload.
 */
export async function storeAttachment(
  bulletinId: string,
  attachmentId: string,
  target: AttachmentUpload,
  file: File,
  onProgress: (percent: number) => void,
) {
  await uploadWithProgress(target, file, onProgress);
  try {
    await api(`/api/v1/bulletins/${bulletinId}/attachments/${attachmentId}/complete`, { method: 'POST' });
  } catch (err) {
    throw err instanceof ApiError && err.status === 409 ? new Error(fileNotStored()) : err;
  }
}

/**
 * One attachment as its author organisation's contributors see it. A pending one (its upload
 * failed or never finished) is marked so and offers Upload again and Remove; `kept` is the file
 * of a failed attempt in this page, sent again without choosing it anew. A ready one is removable
 * while the bulletin is a draft.
 */
export function AttachmentRow({
  bulletinId,
  attachment: a,
  kept,
  removable,
  failure,
  onChange,
}: {
  bulletinId: string;
  attachment: Attachment;
  kept?: File | undefined;
  removable: boolean;
  failure?: unknown;
  onChange: () => void;
}) {
  const [error, setError] = useState<unknown>(failure);
  // The row may already be listed when its upload fails (the draft was saved or reloaded while the
  // file was on its way), so a failure arriving later is shown too.
  useEffect(() => {
    if (failure !== undefined) setError(failure);
  }, [failure]);
  const [choosing, setChoosing] = useState(false);
  const [step, setStep] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const path = `/api/v1/bulletins/${bulletinId}/attachments/${a.id}`;
  const pending = a.status === 'pending';

  const sendAgain = async (file: File) => {
    setError(undefined);
    // The presigned policy pins the declared type and at most the declared size.
    if (file.type !== a.contentType || file.size < 1 || file.size > a.size) {
      setError(
        new Error(t('attachment.sameFile', { name: a.fileName, kb: Math.max(1, Math.round(a.size / 1024)) })),
      );
      return;
    }
    try {
      setStep(t('attachment.uploading'));
      const target = await api<AttachmentUpload>(`${path}/upload`, { method: 'POST' });
      await storeAttachment(bulletinId, a.id, target, file, setProgress);
      setChoosing(false);
      setStep('');
      onChange();
    } catch (err) {
      setError(err);
      setProgress(null);
      setStep('');
    }
  };

  const uploadAgain = () => (kept ? sendAgain(kept) : setChoosing(true));

  const chosen = (event: Event) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget as HTMLFormElement).get('file') as File | null;
    if (!file || file.size === 0) setError(new Error(t('attachment.chooseFile')));
    else void sendAgain(file);
  };

  const remove = async () => {
    setError(undefined);
    try {
      setStep(t('attachment.removing'));
      await api(path, { method: 'DELETE' });
      onChange();
    } catch (err) {
      setError(err);
      setStep('');
    }
  };

  return (
    <li aria-label={a.fileName}>
      {a.fileName} <span class="muted">({kb(a.size)})</span>
      {pending && <span class="mark mark-pending">{t('attachment.pending')}</span>}
      <ProblemNotice error={error} />
      {(pending || removable) && !choosing && (
        <div class="bulletin-actions">
          {pending && (
            <button type="button" onClick={uploadAgain} disabled={step !== ''}>
              {t('attachment.uploadAgain')}
            </button>
          )}
          <button type="button" class="secondary" onClick={remove} disabled={step !== ''}>
            {t('attachment.remove')}
          </button>
        </div>
      )}
      {choosing && (
        <form onSubmit={chosen} aria-label={t('attachment.uploadForm', { name: a.fileName })}>
          <label>
            {t('attachment.file', { name: a.fileName })}{' '}
            <input type="file" name="file" accept={a.contentType} required />
          </label>
          <div class="bulletin-actions">
            <button type="submit" disabled={step !== ''}>
              {t('attachment.upload')}
            </button>
            <button type="button" class="secondary" onClick={() => setChoosing(false)} disabled={step !== ''}>
              {t('attachment.cancel')}
            </button>
          </div>
        </form>
      )}
      <UploadProgress percent={progress} />
      {step && (
        <p class="muted" role="status">
          {step}
        </p>
      )}
    </li>
  );
}
