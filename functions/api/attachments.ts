import { type FileArea, fileKeyPrefixes } from '../../shared/files';
import type { FileStore } from '../ports';

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

/** A short-lived presigned GET; call it only after `canSee` allowed the item. */
export async function presignAttachmentDownload(
  files: FileStore,
  area: FileArea,
  itemId: string,
  attachment: { id: string; fileName: string },
  now: Date,
) {
  const url = await files.presignDownload({
    key: attachmentKey(area, itemId, attachment.id),
    fileName: attachment.fileName,
    expiresInSeconds: downloadSeconds,
  });
  return { url, expiresAt: new Date(now.getTime() + downloadSeconds * 1000).toISOString() };
}
