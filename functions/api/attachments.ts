import { type FileArea, fileKeyPrefixes } from '../../shared/files';
import { scanVerdict } from '../../shared/malware-scan';
import type { FileStore } from '../ports';
import { conflict, ProblemError } from './problems';

const uploadSeconds = 300;
const downloadSeconds = 60;

/** The object key of an attachment: chosen by the server, under the area's prefix and the item's id. */
export const attachmentKey = (area: FileArea, itemId: string, attachmentId: string) =>
  `${fileKeyPrefixes[area]}${itemId}/${attachmentId}`;

/**
 * A presigned POST for one attachment: the policy pins the key, the content type and a size of at
 * most the declared size, so the browser cannot upload anything else or anywhere else.
 */
export async function presignAttachmentUpload(
  files: FileStore,
  area: FileArea,
  itemId: string,
  attachmentId: string,
  input: { contentType: string; size: number },
  now: Date,
) {
  const upload = await files.presignUpload({
    key: attachmentKey(area, itemId, attachmentId),
    contentType: input.contentType,
    maxBytes: input.size,
    expiresInSeconds: uploadSeconds,
  });
  return {
    attachmentId,
    url: upload.url,
    fields: upload.fields,
    expiresAt: new Date(now.getTime() + uploadSeconds * 1000).toISOString(),
    maxBytes: input.size,
  };
}

/**
 * A short-lived presigned GET; call it only after `canSee` allowed the item. The file is served
 * only when GuardDuty's scan tag says it is clean (one GetObjectTagging): not yet scanned is a 409
 * to retry, malware or a file that could not be scanned a 422. `onThreat` records who must be
 * told (the caller's audit event) before malware is refused.
 */
export async function presignAttachmentDownload(
  files: FileStore,
  area: FileArea,
  itemId: string,
  attachment: { id: string; fileName: string },
  now: Date,
  onThreat?: () => Promise<void>,
) {
  const key = attachmentKey(area, itemId, attachment.id);
  const verdict = scanVerdict(await files.scanStatus(key));
  if (verdict === 'pending') {
    throw conflict(`${attachment.fileName} is still being scanned for malware; try again in a minute.`);
  }
  if (verdict === 'infected') {
    await onThreat?.();
    throw new ProblemError(
      422,
      'Malware found',
      `${attachment.fileName} contains malware and will not be served; its organisation's admins have been told.`,
    );
  }
  if (verdict === 'unscannable') {
    throw new ProblemError(
      422,
      'File not scanned',
      `${attachment.fileName} could not be scanned for malware, so it will not be served; ask its uploader for it in another form.`,
    );
  }
  const url = await files.presignDownload({
    key,
    fileName: attachment.fileName,
    expiresInSeconds: downloadSeconds,
  });
  return { url, expiresAt: new Date(now.getTime() + downloadSeconds * 1000).toISOString() };
}

/**
 * The file a browser uploaded, checked against what was declared before it may become visible:
 * it is there, its size is the declared one (`exact`) or 1 byte to it (a presigned POST allows
 * at most the declared size), its type is the declared one; then it is read once for its SHA-256.
 * Anything else is a 409 in plain words, and nothing is changed.
 */
export async function checkedUpload(
  files: FileStore,
  key: string,
  declared: { fileName: string; size: number; contentType: string },
  size: 'exact' | 'at-most',
): Promise<{ sha256: string; size: number }> {
  const stored = await files.describe(key);
  if (!stored) {
    throw conflict(`${declared.fileName} has not arrived in the file store; upload it again, then complete.`);
  }
  const sizeOk =
    size === 'exact' ? stored.size === declared.size : stored.size >= 1 && stored.size <= declared.size;
  if (!sizeOk) {
    const expected = size === 'exact' ? `the ${declared.size}` : `1 to the ${declared.size}`;
    throw conflict(`The stored file has ${stored.size} bytes, not ${expected} declared; upload it again.`);
  }
  if (stored.contentType !== declared.contentType) {
    throw conflict(
      `The stored file is ${stored.contentType ?? 'untyped'}, not ${declared.contentType}; upload it again.`,
    );
  }
  const digest = await files.digest(key);
  if (!digest || digest.size !== stored.size) {
    throw conflict('The stored file changed while it was read; upload it again.');
  }
  return digest;
}
