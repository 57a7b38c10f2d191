import { useState } from 'preact/hooks';
import type { AttachmentUpload } from '../../../../shared/attachment';
import { attachmentContentTypes, attachmentLimits } from '../../../../shared/attachment-rules';
import type { Bulletin, BulletinDetail } from '../../../../shared/bulletin';
import { api } from '../../api';
import { FormField } from '../../components/form-field';
import { ProblemNotice, Success } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { UploadProgress } from '../../components/upload';
import { t } from '../../i18n';
import { navigate } from '../../router';
import { AttachmentRow, storeAttachment } from './attachments';
import { markPublished } from './bulletin-words';

/** The compose page's attachments and publish sections (compose-page.tsx). */

/**
 * Straight to S3 through the presigned POST, with upload progress from XMLHttpRequest, then
 * checked by the API. A failed upload leaves the attachment pending, shown with Upload again and
 * Remove; recipients never see a pending one.
 */
export function Attachments({
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

  // Starts as soon as a file is chosen, while the author goes on writing (the form is not blocked).
  const upload = async (input: HTMLInputElement) => {
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
      onChange();
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
    // Listed from the draft as stored (a failed one with Upload again and Remove).
    onChange();
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
      <form class="card" onSubmit={(event) => event.preventDefault()} aria-label={t('compose.attachForm')}>
        <p class="muted">{t('compose.uploadStartsOnChoice')}</p>
        <FormField
          name="file"
          label={t('compose.file')}
          hint={t('compose.fileHint', { mb: attachmentLimits.maxBytes / 1024 / 1024 })}
          error={error}
        >
          {(control) => (
            <input
              {...control}
              type="file"
              accept={attachmentContentTypes.join(',')}
              onChange={(event) => upload(event.currentTarget)}
            />
          )}
        </FormField>
        <UploadProgress percent={progress} />
      </form>
    </>
  );
}

export function Publish({
  store,
  tlp,
  who,
}: {
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
