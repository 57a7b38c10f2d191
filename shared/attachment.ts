import * as z from 'zod';
import { attachmentContentTypes, attachmentLimits } from './attachment-rules';
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
