import { t } from '../i18n';
/**
 * What a person is told when the file store refused a file: its answer (S3 XML, a status) means
 * nothing to them, and the attachment or version stays pending until it is sent again.
 */
export const fileNotStored = () => t('upload.notStored');

/**
 * Uploads straight to S3 through a presigned POST (docs/security.md), with progress from
 * XMLHttpRequest (fetch reports no upload progress). Shared by bulletin attachments and
 * document versions.
 */
export function uploadWithProgress(
  target: { url: string; fields: Record<string, string> },
  file: File,
  onProgress: (percent: number) => void,
): Promise<void> {
  const form = new FormData();
  for (const [k, v] of Object.entries(target.fields)) form.append(k, v);
  // The file goes last: S3 ignores fields after it.
  form.append('file', file);
  onProgress(0);
  return new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', target.url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      if (xhr.status < 300) {
        onProgress(100);
        resolve();
      } else reject(new Error(fileNotStored()));
    };
    xhr.onerror = () => reject(new Error(t('upload.failed')));
    xhr.send(form);
  });
}

/** The upload's progress bar, labelled for screen readers. */
export function UploadProgress({ percent }: { percent: number | null }) {
  if (percent === null) return null;
  return (
    <label>
      {t('upload.progress')}{' '}
      <progress max={100} value={percent}>
        {percent}%
      </progress>{' '}
      {percent}%
    </label>
  );
}
