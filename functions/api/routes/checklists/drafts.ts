/**
 * The Commission's side of a checklist: draft it, edit the working draft, publish the draft as the
 * next immutable version (docs/checklists.md). The rules are in shared/checklist-lifecycle.ts.
 */

import type { Context } from 'hono';
import * as z from 'zod';
import {
  ChecklistDraftPatch,
  ChecklistDraft as ChecklistDraftSchema,
  ChecklistVersion,
  NewChecklist,
} from '../../../../shared/checklist';
import {
  draftChecklist,
  editDraft,
  previewPublication,
  publishDraft,
} from '../../../../shared/checklist-lifecycle';
import type { AreaRouter } from '../../areas';
import { auditEvent } from '../../audit';
import type { AppEnv } from '../../env';
import { ifMatchHeaders, revisionNamed } from '../../headers';
import { notFound } from '../../problems';
import { jsonResponse as json } from '../../router';
import { ChecklistDetail, checklistRoute, guarded, idParams, requireDrafter, staleResponse } from './common';

/**
 * What changing a checklist starts from: a Commission drafter, the checklist as stored, the
 * revision If-Match named, and who changes it when.
 */
async function checklistToChange(
  c: Context<AppEnv>,
  id: string,
  headers: { 'if-match'?: string | undefined },
) {
  await requireDrafter(c);
  const { checklists, now } = c.get('deps');
  const found = await checklists.get(id);
  if (!found) throw notFound('checklist');
  const viewer = c.get('viewer');
  return {
    found,
    expected: revisionNamed(headers['if-match']),
    change: { by: viewer.memberId, now: now() },
    audit: (action: string, details: Record<string, unknown>) =>
      auditEvent(c, action, { type: 'checklist', id }, viewer.organisationId, details),
  };
}

const PublishPreview = z.object({
  revision: z.number().int(),
  publishable: z.boolean(),
  /** Why it cannot be published (no item, nothing changed), or null. */
  refusal: z.string().nullable(),
  version: ChecklistVersion.nullable(),
  previousVersion: z.number().int().nullable(),
  added: z.array(z.object({ id: z.string(), text: z.string() })),
  changed: z.array(z.object({ id: z.string(), before: z.string(), after: z.string() })),
  removed: z.array(z.object({ id: z.string(), text: z.string() })),
});

export const draftRoutes = (router: AreaRouter) =>
  router
    .openapi(
      checklistRoute({
        method: 'post',
        path: '/api/v1/checklists',
        summary: 'Draft a harmonized checklist (Commission contributors)',
        request: { body: { required: true, content: { 'application/json': { schema: NewChecklist } } } },
        responses: {
          201: json(ChecklistDetail, 'The draft was created'),
          409: { description: 'The id is taken' },
        },
      }),
      async (c) => {
        await requireDrafter(c);
        const viewer = c.get('viewer');
        const { record, draft } = draftChecklist(c.req.valid('json'), {
          by: viewer.memberId,
          now: c.get('deps').now(),
        });
        const { id } = record;
        await c
          .get('deps')
          .checklists.create(
            record,
            draft,
            auditEvent(c, 'checklist.drafted', { type: 'checklist', id }, viewer.organisationId),
          );
        return c.json(
          {
            id,
            title: record.title,
            revision: record.revision,
            createdAt: record.createdAt,
            current: null,
            versions: [],
            draft,
            draftPending: true,
            viewer: null,
          },
          201,
          { location: `/api/v1/checklists/${id}`, etag: `"${record.revision}"` },
        );
      },
    )
    .openapi(
      checklistRoute({
        method: 'patch',
        path: '/api/v1/checklists/{id}',
        summary: 'Edit the working draft (the published versions never change)',
        request: {
          params: idParams,
          headers: ifMatchHeaders,
          body: { required: true, content: { 'application/json': { schema: ChecklistDraftPatch } } },
        },
        responses: {
          200: json(ChecklistDraftSchema, 'The saved draft'),
          409: { description: 'Changed meanwhile (no If-Match)' },
          ...staleResponse,
        },
      }),
      async (c) => {
        const { found, expected, change, audit } = await checklistToChange(
          c,
          c.req.valid('param').id,
          c.req.valid('header'),
        );
        const { record, draft } = editDraft(found, c.req.valid('json'), expected, change);
        const event = audit('checklist.draft_saved', { revision: record.revision });
        await guarded(expected, () =>
          c.get('deps').checklists.saveDraft(record, draft, found.record.revision, event),
        );
        return c.json(draft, 200, { etag: `"${record.revision}"` });
      },
    )
    .openapi(
      checklistRoute({
        method: 'get',
        path: '/api/v1/checklists/{id}/publish-preview',
        summary:
          'What publishing the draft would make: the next version and its diff against the current one (drafters)',
        request: { params: idParams },
        responses: { 200: json(PublishPreview, 'The preview; publish with If-Match set to its revision') },
      }),
      async (c) => {
        const { found, change } = await checklistToChange(c, c.req.valid('param').id, {});
        const preview = previewPublication(found, change);
        return c.json(preview, 200, { etag: `"${preview.revision}"` });
      },
    )
    .openapi(
      checklistRoute({
        method: 'post',
        path: '/api/v1/checklists/{id}/publish',
        summary: 'Publish the draft as the next immutable version',
        request: { params: idParams, headers: ifMatchHeaders },
        responses: {
          201: json(ChecklistVersion, 'The new version'),
          409: { description: 'Nothing changed since the current version, or changed meanwhile' },
          ...staleResponse,
        },
      }),
      async (c) => {
        const { found, expected, change, audit } = await checklistToChange(
          c,
          c.req.valid('param').id,
          c.req.valid('header'),
        );
        const { record, version } = publishDraft(found, expected, change);
        const event = audit('checklist.published', {
          version: version.version,
          changedItems: version.items.filter((i) => i.change !== 'unchanged').map((i) => i.id),
        });
        await guarded(expected, () =>
          c.get('deps').checklists.publish(record, version, found.record.revision, event),
        );
        return c.json(version, 201, {
          location: `/api/v1/checklists/${record.id}/versions/${version.version}`,
          etag: `"${record.revision}"`,
        });
      },
    );
