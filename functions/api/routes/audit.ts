import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { AuditEvent } from '../../../shared/audit';
import { OrganisationId } from '../../../shared/organisation';
import { canReadAudit } from '../../../shared/permissions';
import { pageOf } from '../../../shared/problem';
import { badRequest, forbidden } from '../problems';
import { bearerSecurity, newRouter, problemResponses } from '../router';
import { viewerOrganisation } from '../viewer';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month such as 2026-11');

const AuditQuery = z.strictObject({
  organisation: OrganisationId.optional(),
  from: Month.optional(),
  to: Month.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

/** Months from `to` back to `from`, newest first; the trail is partitioned by month. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = to.split('-').map(Number) as [number, number];
  while (`${y}-${String(m).padStart(2, '0')}` >= from && months.length < 120) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return months;
}

export const auditRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/audit',
    tags: ['audit'],
    summary: "An organisation's audit trail, newest first (its org_admins; Commission org_admins for any)",
    security: bearerSecurity,
    request: { query: AuditQuery },
    responses: {
      200: {
        description: 'A page of audit events',
        content: { 'application/json': { schema: pageOf(AuditEvent) } },
      },
      ...problemResponses,
    },
  }),
  async (c) => {
    const viewer = c.get('viewer');
    const query = c.req.valid('query');
    const organisationId = query.organisation ?? viewer.organisationId;
    if (!canReadAudit(viewer, (await viewerOrganisation(c)).kind, organisationId)) {
      throw forbidden("Only the organisation's org_admins (and Commission org_admins) read its audit trail.");
    }
    const thisMonth = c.get('deps').now().toISOString().slice(0, 7);
    const to = query.to ?? thisMonth;
    const from = query.from ?? to;
    if (from > to)
      throw badRequest('`from` is after `to`.', [{ field: 'from', message: 'must not be after to' }]);
    const months = monthsBetween(from, to);
    const { directory, cursors } = c.get('deps');
    const scope = `audit|${organisationId}|${from}|${to}`;
    const position = cursors.open(scope, query.cursor) as
      | { month: string; key?: Record<string, unknown> }
      | undefined;
    // One month (one partition) per page; an exhausted month hands the cursor to the month before.
    const month = position?.month ?? months[0]!;
    if (!months.includes(month)) throw badRequest('The cursor is invalid for this list.');
    const page = await directory.listAudit(organisationId, month, {
      limit: query.limit,
      after: position?.key,
    });
    const older = months[months.indexOf(month) + 1];
    const next = page.next ? { month, key: page.next } : older ? { month: older } : undefined;
    return c.json({ items: page.items, nextCursor: cursors.seal(scope, next) }, 200);
  },
);
