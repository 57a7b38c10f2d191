/**
 * Files attached to shared material (bulletins, documents). The browser uploads straight to S3
 * through a presigned POST whose policy enforces the content type and size given here. No zod
 * here: the web pages import these rules without the schema library.
 */
export const attachmentLimits = { maxBytes: 20 * 1024 * 1024, perItem: 10 } as const;

/** What may be attached: documents, images and plain data; nothing executable or archived. */
export const attachmentContentTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const;

/** What a document version may be: PDF, Office documents and images; nothing executable or archived. */
export const documentContentTypes = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'image/png',
  'image/jpeg',
] as const;
