import { expect } from 'vitest';
import type { TestPortal } from './portal';

/**
 * Bulletins and documents made through the API of any test portal, and lists walked to their
 * end, for tests that compare what viewers get from several portals (test/integration/hidden-items.test.ts).
 */

export const bulletinBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Rip-on in reefer containers from Guayaquil',
  summary: 'Bags found behind the evaporator panel of reefers unloaded at Antwerp.',
  body: '## What we saw\n\n- Panels with **fresh** screws',
  severity: 'high',
  tlp: 'TLP:AMBER',
  categories: ['reefer-machinery'],
  ports: ['BEANR'],
  originCountries: ['EC'],
  recipients: { organisations: ['rotterdam'], members: [] },
  requiresAcknowledgement: false,
  acknowledgeBy: null,
  ...overrides,
});

export async function draftBulletin(portal: TestPortal, as: string, overrides: Record<string, unknown> = {}) {
  const res = await portal.request('/api/v1/bulletins', { as, body: bulletinBody(overrides) });
  expect(res.status).toBe(201);
  return res.json as { id: string };
}

export async function publishBulletin(
  portal: TestPortal,
  as: string,
  overrides: Record<string, unknown> = {},
) {
  const created = await draftBulletin(portal, as, overrides);
  const res = await portal.request(`/api/v1/bulletins/${created.id}/publish`, { as, method: 'POST' });
  expect(res.status).toBe(200);
  return res.json as { id: string };
}

export const pdf = (text: string) => `%PDF-1.4\n% ${text}\n%%EOF\n`;

export const documentBody = (content: string, overrides: Record<string, unknown> = {}) => ({
  title: 'Container-release PIN codes: how to retire them',
  summary: 'Replace PIN codes by identity-bound release through the port community system.',
  tags: ['release-pins'],
  areas: ['cargo_release'],
  tlp: 'TLP:GREEN',
  recipients: { organisations: ['algeciras'], members: [] },
  requiresAcknowledgement: false,
  acknowledgeBy: null,
  file: { fileName: 'release-pins.pdf', contentType: 'application/pdf', size: content.length },
  ...overrides,
});

/** Sends a file to the file store exactly as a browser would: the presigned POST's fields, then the file. */
export async function uploadTo(
  upload: { url: string; fields: Record<string, string> },
  content: string,
  type = 'application/pdf',
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
  form.append('file', new Blob([content], { type }), 'upload');
  const res = await fetch(upload.url, { method: 'POST', body: form });
  expect(res.status).toBeLessThan(300);
}

/** A document whose first upload is still to come: a draft, listed among unfinished uploads. */
/**
 * A bulletin with one text attachment, through the real flow: draft, upload as a browser would,
 * complete, publish. Returns the ids and the file's key in the bucket.
 */
export async function publishedWithAttachment(
  portal: Pick<TestPortal, 'request'>,
  as: string,
  content: string,
  options: { fileName?: string; bulletin?: Record<string, unknown> } = {},
) {
  const draft = await portal.request('/api/v1/bulletins', { as, body: bulletinBody(options.bulletin) });
  expect(draft.status).toBe(201);
  const id = draft.json.id as string;
  const upload = await portal.request(`/api/v1/bulletins/${id}/attachments`, {
    as,
    body: { fileName: options.fileName ?? 'seals.txt', contentType: 'text/plain', size: content.length },
  });
  expect(upload.status).toBe(201);
  await uploadTo(upload.json, content, 'text/plain');
  const attachmentId = upload.json.attachmentId as string;
  const done = await portal.request(`/api/v1/bulletins/${id}/attachments/${attachmentId}/complete`, {
    as,
    method: 'POST',
  });
  expect(done.status).toBe(200);
  const published = await portal.request(`/api/v1/bulletins/${id}/publish`, { as, method: 'POST' });
  expect(published.status).toBe(200);
  return { id, attachmentId, key: `bulletins/${id}/${attachmentId}` };
}

export async function draftDocument(portal: TestPortal, as: string, overrides: Record<string, unknown> = {}) {
  const content = pdf('draft');
  const res = await portal.request('/api/v1/documents', { as, body: documentBody(content, overrides) });
  expect(res.status).toBe(201);
  return { id: res.json.document.id as string, upload: res.json.upload, content };
}

/** Create, upload, complete. */
export async function publishDocument(
  portal: TestPortal,
  as: string,
  overrides: Record<string, unknown> = {},
) {
  const draft = await draftDocument(portal, as, overrides);
  await uploadTo(draft.upload, draft.content);
  const res = await portal.request(`/api/v1/documents/${draft.id}/versions/1/complete`, {
    as,
    method: 'POST',
  });
  expect(res.status).toBe(200);
  return { id: draft.id };
}

/** Every page of a list, as the client sees them (status, items and cursor), following nextCursor. */
export async function walkList(portal: TestPortal, as: string | undefined, path: string, limit: number) {
  const pages: { status: number; body: unknown }[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; json: any } = await portal.request(
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      as ? { as } : {},
    );
    pages.push({ status: res.status, body: res.json });
    cursor = res.status === 200 ? res.json.nextCursor : null;
    expect(pages.length).toBeLessThan(1000);
  } while (cursor);
  return pages;
}

/** Every id of a list, walked with small pages: each page answers 200 and no id comes twice. */
export async function listIds(portal: TestPortal, as: string | undefined, path: string, limit = 3) {
  const ids = (await walkList(portal, as, path, limit)).flatMap((page) => {
    expect(page.status).toBe(200);
    return (page.body as { items: { id: string }[] }).items.map((i) => i.id);
  });
  expect(new Set(ids).size).toBe(ids.length);
  return ids;
}
