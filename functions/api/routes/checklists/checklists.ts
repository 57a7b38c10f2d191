/**
 * Reading checklists: the list and one checklist with its history, each with the viewer
 * organisation's standing (`standingOf` in shared/checklist-lifecycle.ts). Never-published drafts
 * are shown to Commission drafters only.
 */
import { draftEqualsVersion, prefillAnswers } from '../../../../shared/checklist';
import { standingOf } from '../../../../shared/checklist-lifecycle';
import { canDraftChecklists } from '../../../../shared/permissions';
import { PageQuery, pageOf } from '../../../../shared/problem';
import { refKey } from '../../../ports';
import type { AreaRouter } from '../../areas';
import { notFound } from '../../problems';
import { jsonResponse as json } from '../../router';
import { stillAMember } from '../../viewer';
import {
  ChecklistDetail,
  ChecklistListItem,
  checklistRoute,
  idParams,
  standingRefs,
  standingTowards,
} from './common';

export const checklistReadRoutes = (router: AreaRouter) =>
  router
    .openapi(
      checklistRoute({
        method: 'get',
        path: '/api/v1/checklists',
        summary: "Checklists with their current versions and the viewer organisation's standing",
        request: { query: PageQuery },
        responses: { 200: json(pageOf(ChecklistListItem), 'A page of checklists') },
      }),
      async (c) => {
        const { limit, cursor } = c.req.valid('query');
        const { checklists, cursors, now } = c.get('deps');
        const viewer = c.get('viewer');
        const scope = `checklists|${viewer.organisationId}`;
        const page = await checklists.list({ limit, after: cursors.open(scope, cursor) });
        const standing = await checklists.standing(viewer.organisationId, standingRefs(page.items));
        const organisation = stillAMember(standing.organisation);
        const drafter = canDraftChecklists(viewer, organisation.kind);
        const items = page.items
          // Never-published drafts are the Commission's work in progress.
          .filter((r) => r.current || drafter)
          .map((r) => ({
            id: r.id,
            title: r.title,
            createdAt: r.createdAt,
            current: r.current,
            viewer: r.current
              ? standingTowards({ id: r.id, current: r.current }, organisation, standing.assessments, now())
              : null,
          }));
        return c.json({ items, nextCursor: cursors.seal(scope, page.next) }, 200);
      },
    )
    .openapi(
      checklistRoute({
        method: 'get',
        path: '/api/v1/checklists/{id}',
        summary: "A checklist's current version, history, and the viewer organisation's assessment",
        request: { params: idParams },
        responses: { 200: json(ChecklistDetail, 'The checklist') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { checklists, now } = c.get('deps');
        const viewer = c.get('viewer');
        const found = await checklists.get(id);
        const current = found?.versions.at(-1) ?? null;
        const previousNumber = current && current.version > 1 ? current.version - 1 : null;
        const standing = await checklists.standing(viewer.organisationId, [
          ...(current ? [{ checklistId: id, version: current.version }] : []),
          ...(previousNumber ? [{ checklistId: id, version: previousNumber }] : []),
        ]);
        const organisation = stillAMember(standing.organisation);
        const drafter = canDraftChecklists(viewer, organisation.kind);
        if (!found || (!current && !drafter)) throw notFound('checklist');
        const assessment = current
          ? (standing.assessments.get(refKey({ checklistId: id, version: current.version })) ?? null)
          : null;
        const previous = previousNumber
          ? (standing.assessments.get(refKey({ checklistId: id, version: previousNumber })) ?? null)
          : null;
        return c.json(
          {
            id,
            title: found.record.title,
            revision: found.record.revision,
            createdAt: found.record.createdAt,
            current,
            versions: found.versions.map((v) => ({
              version: v.version,
              publishedAt: v.publishedAt,
              changed: v.items.filter((i) => i.change !== 'unchanged').length + v.removedItemIds.length,
            })),
            draft: drafter ? found.draft : null,
            draftPending: drafter ? !draftEqualsVersion(found.draft, current) : null,
            viewer: current
              ? {
                  ...standingOf(current, organisation, assessment, previous, now()),
                  assessment,
                  prefill: assessment ? [] : prefillAnswers(current, previous),
                }
              : null,
          },
          200,
          { etag: `"${found.record.revision}"` },
        );
      },
    );
