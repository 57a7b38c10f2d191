/** `GET /api/v1/me/todo`: the current versions the viewer's organisation has still to acknowledge. */
import * as z from 'zod';
import { ChecklistId } from '../../../../shared/checklist';
import { refKey } from '../../../ports';
import type { AreaRouter } from '../../areas';
import { jsonResponse as json } from '../../router';
import { stillAMember } from '../../viewer';
import { checklistRoute, standingRefs, standingTowards } from './common';

const TodoItem = z.object({
  checklistId: ChecklistId,
  version: z.number().int(),
  title: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  acknowledgedPreviousVersion: z.boolean(),
  /** Answers were saved without submitting: the checklist is in progress. */
  inProgress: z.boolean(),
  savedAt: z.string().nullable(),
});

/** How many checklists the to-do looks at: one page of the checklist index. */
const todoScope = 100;

export const todoRoutes = (router: AreaRouter) =>
  router.openapi(
    checklistRoute({
      method: 'get',
      path: '/api/v1/me/todo',
      summary: 'Checklists my organisation still has to acknowledge, overdue first',
      responses: { 200: json(z.object({ items: z.array(TodoItem) }), 'The to-do') },
    }),
    async (c) => {
      const { checklists, now } = c.get('deps');
      const viewer = c.get('viewer');
      const page = await checklists.list({ limit: todoScope });
      const { organisation, assessments, drafts } = await checklists.standing(
        viewer.organisationId,
        standingRefs(page.items),
      );
      const member = stillAMember(organisation);
      const at = now();
      const items = page.items.flatMap((r) => {
        if (!r.current) return [];
        const standing = standingTowards({ id: r.id, current: r.current }, member, assessments, at);
        if (standing.status !== 'pending') return [];
        const saved = drafts.get(refKey({ checklistId: r.id, version: r.current.version }));
        return [
          {
            checklistId: r.id,
            version: r.current.version,
            title: r.current.title,
            dueAt: r.current.dueAt,
            overdue: standing.overdue,
            acknowledgedPreviousVersion: standing.acknowledgedPreviousVersion,
            inProgress: Boolean(saved),
            savedAt: saved?.savedAt ?? null,
          },
        ];
      });
      // Overdue first (longest overdue on top), then the nearest due date.
      items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
      return c.json({ items }, 200);
    },
  );
