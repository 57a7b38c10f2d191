/**
 * The Commission's side of a checklist: draft it, edit the working draft, publish the draft as the
 * next immutable version (docs/checklists.md). The rules are in shared/checklist-lifecycle.ts.
 */
import {
  ChecklistDraftPatch,
  ChecklistDraft as ChecklistDraftSchema,
  ChecklistVersion,
  NewChecklist,
} from '../../../../shared/checklist';
import { draftChecklist, editDraft, publishDraft } from '../../../../shared/checklist-lifecycle';
import type { AreaRouter } from '../../areas';
import { auditEvent } from '../../audit';
import { ifMatchHeaders, revisionNamed } from '../../headers';
import { notFound } from '../../problems';
import { jsonResponse as json } from '../../router';
import { ChecklistDetail, checklistRoute, guarded, idParams, requireDrafter } from './common';

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
          412: { description: 'If-Match names a revision that is no longer current' },
        },
      }),
      async (c) => {
        await requireDrafter(c);
        const { id } = c.req.valid('param');
        const expected = revisionNamed(c.req.valid('header')['if-match']);
        const { checklists, now } = c.get('deps');
        const found = await checklists.get(id);
        if (!found) throw notFound('checklist');
        const viewer = c.get('viewer');
        const { record, draft } = editDraft(found, c.req.valid('json'), expected, {
          by: viewer.memberId,
          now: now(),
        });
        await guarded(expected, () =>
          checklists.saveDraft(
            record,
            draft,
            found.record.revision,
            auditEvent(c, 'checklist.draft_saved', { type: 'checklist', id }, viewer.organisationId, {
              revision: record.revision,
            }),
          ),
        );
        return c.json(draft, 200, { etag: `"${record.revision}"` });
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
          412: { description: 'If-Match names a revision that is no longer current' },
        },
      }),
      async (c) => {
        await requireDrafter(c);
        const { id } = c.req.valid('param');
        const expected = revisionNamed(c.req.valid('header')['if-match']);
        const { checklists, now } = c.get('deps');
        const found = await checklists.get(id);
        if (!found) throw notFound('checklist');
        const viewer = c.get('viewer');
        const { record, version } = publishDraft(found, expected, { by: viewer.memberId, now: now() });
        await guarded(expected, () =>
          checklists.publish(
            record,
            version,
            found.record.revision,
            auditEvent(c, 'checklist.published', { type: 'checklist', id }, viewer.organisationId, {
              version: version.version,
              changedItems: version.items.filter((i) => i.change !== 'unchanged').map((i) => i.id),
            }),
          ),
        );
        return c.json(version, 201, {
          location: `/api/v1/checklists/${id}/versions/${version.version}`,
          etag: `"${record.revision}"`,
        });
      },
    );
