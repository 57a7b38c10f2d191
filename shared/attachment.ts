import * as z from 'zod';
import { attachmentContentTypes, attachmentLimits } from './attachment-rules';
import { Refusal } from './shared-item';
import { SingleLineText } from './text';

export * from './attachment-rules';
export const AttachmentContentType = z.enum(attachmentContentTypes);

export const NewAttachment = z.strictObject({
  fileName: SingleLineText.trim()
    .min(1)
    .max(200)
    .refine((name) => !/[/\\]/.test(name), { message: 'a file name without slashes' }),
  contentType: AttachmentContentType,
  size: z.number().int().min(1).max(attachmentLimits.maxBytes, 'at most 20 MB'),
});
export type NewAttachment = z.infer<typeof NewAttachment>;

/** The presigned POST: send `fields` and then the file as form data to `url`. */
export const AttachmentUpload = z.object({
  attachmentId: z.string(),
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime(),
  maxBytes: z.number().int(),
});
export type AttachmentUpload = z.infer<typeof AttachmentUpload>;

export const AttachmentDownload = z.object({ url: z.string(), expiresAt: z.iso.datetime() });
export type AttachmentDownload = z.infer<typeof AttachmentDownload>;

/**
 * `pending` from the moment its upload URL is issued until the complete call has found the file
 * in the store as declared; only then do recipients see it. Stored items without it are ready.
 */
export const AttachmentStatus = z.enum(['pending', 'ready']);
export type AttachmentStatus = z.infer<typeof AttachmentStatus>;

export const Attachment = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  /** Declared while pending (an upper bound); the stored file's size once ready. */
  size: z.number().int(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  status: AttachmentStatus.optional(),
  /** Hex SHA-256 of the file as the server read it back from the store, once ready. */
  sha256: z.string().optional(),
});
export type Attachment = z.infer<typeof Attachment>;

/** Ready: the file was found as declared (items stored before attachments had a status are). */
export const attachmentIsReady = (a: Pick<Attachment, 'status'>): boolean => a.status !== 'pending';

/** A shared item that carries attachments (a bulletin). */
export interface WithAttachments {
  attachments: Attachment[];
}

/**
 * The attachments a viewer sees: pending ones (upload URL issued, file not yet checked) only
 * for those who may change the item, who finish or discard them; everyone else sees ready
 * ones only, so that every attachment a recipient sees downloads.
 */
export const shownAttachments = (item: WithAttachments, mayChange: boolean): Attachment[] =>
  item.attachments
    .filter((a) => mayChange || attachmentIsReady(a))
    .map((a) => ({ ...a, status: a.status ?? 'ready' }));

/** The attachments with one replaced or, with `null`, removed. */
export const replacedAttachment = (
  item: WithAttachments,
  attachmentId: string,
  replacement: Attachment | null,
): Attachment[] =>
  item.attachments.flatMap((a) => (a.id !== attachmentId ? [a] : replacement ? [replacement] : []));

/**
 * An item publishes only when every attachment is uploaded and checked: the text may rely on the
 * files, and a file completed later would reach recipients without a revision telling them.
 */
export function requireReadyAttachments(item: WithAttachments) {
  const pending = item.attachments.filter((a) => !attachmentIsReady(a));
  if (pending.length === 0) return;
  const them = pending.length > 1 ? 'them' : 'it';
  throw new Refusal(
    'conflict',
    `Not uploaded yet: ${pending.map((a) => a.fileName).join(', ')}. Upload ${them} again or remove ${them}, then publish.`,
  );
}
