import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import {
  AuditDate,
  AuditEvent,
  type AuditFilter,
  auditCsvColumns,
  auditCsvRow,
  auditReadAction,
  maxAuditMonths,
} from '../../../shared/audit';
import { MemberId } from '../../../shared/member';
import { OrganisationId } from '../../../shared/organisation';
import { canReadAudit } from '../../../shared/permissions';
import { pageOf } from '../../../shared/problem';
import { toCsv } from '../../../shared/progress';
import type { AuditQuery as StoreAuditQuery } from '../../ports';
import { auditEvent } from '../audit';
import type { AppEnv } from '../env';
import { badRequest, forbidden, notFound, ProblemError } from '../problems';
import { bearerSecurity, newRouter, problemResponses } from '../router';
import { viewerOrganisation } from '../viewer';

const AuditQuery = z.strictObject({
  organisationId: OrganisationId.optional(),
  memberId: MemberId.optional(),
  action: z
    .string()
    .max(64)
    .regex(/^[a-z_]+(\.[a-z_]+)+$/, 'an action such as member.invited')
    .optional(),
  /** The object (bulletin, document, member…) the events are about. */
  objectId: z.string().trim().min(1).max(200).optional(),
  from: AuditDate.optional(),
  to: AuditDate.optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

/** The most events one CSV export holds; a wider export is refused with a plain 400. */
export const maxCsvEvents = 5000;

const monthIndex = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
};

/** Months from `to` back to `from`, newest first; the trail is partitioned by month. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let i = monthIndex(to); i >= monthIndex(from); i -= 1) {
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

const rangeError = (message: string) =>
  badRequest(`Invalid dates: ${message}.`, [{ field: 'from', message }]);

/** The viewer may read this organisation's trail (403 otherwise; 404 for an unknown one). */
async function requireAuditReader(c: Context<AppEnv>, organisationId: string) {
  const viewer = c.get('viewer');
  if (!canReadAudit(viewer, (await viewerOrganisation(c)).kind, organisationId)) {
    throw forbidden("Only the organisation's org_admins (and Commission org_admins) read its audit trail.");
  }
  if (organisationId !== viewer.organisationId) {
    if (!(await c.get('deps').directory.getOrganisation(organisationId))) throw notFound('organisation');
  }
}

/** Filter and months of a request: `to` defaults to this month, `from` to the month of `to`. */
function auditQueryOf(c: Context<AppEnv>, query: z.infer<typeof AuditQuery>): StoreAuditQuery {
  const to = query.to ?? c.get('deps').now().toISOString().slice(0, 7);
  const from = query.from ?? to.slice(0, 7);
  // Days and months compare as strings once `to` covers its whole day or month.
  if (from > `${to}~`) throw rangeError('from must not be after to');
  const months = monthsBetween(from.slice(0, 7), to.slice(0, 7));
  if (months.length > maxAuditMonths) {
    throw rangeError(`at most ${maxAuditMonths} months per request`);
  }
  const filter: AuditFilter = {
    from,
    to,
    ...(query.memberId ? { memberId: query.memberId } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.objectId ? { objectId: query.objectId } : {}),
  };
  return { filter, months };
}

/**
 * Reading the trail is audited in the reader's own organisation's trail; an unrecorded read is
 * refused (503), like a TLP:RED read (functions/api/addressing.ts).
 */
async function recordRead(c: Context<AppEnv>, organisationId: string, details: Record<string, unknown>) {
  const viewer = c.get('viewer');
  try {
    await c
      .get('deps')
      .directory.recordAudit(
        auditEvent(c, auditReadAction, { type: 'audit', id: organisationId }, viewer.organisationId, details),
      );
  } catch (err) {
    c.get('deps').logger.error('audit read audit failed', {
      requestId: c.get('requestId'),
      error: err as Error,
    });
    throw new ProblemError(
      503,
      'Service unavailable',
      'This read of the audit trail could not itself be recorded in the audit trail, so it is refused; try again.',
    );
  }
}

export const auditRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/audit',
    tags: ['audit'],
    summary:
      "An organisation's audit trail, newest first, filtered by member, action, object and dates " +
      '(its org_admins; Commission org_admins for any); `format=csv` exports the whole filtered range',
    security: bearerSecurity,
    request: { query: AuditQuery },
    responses: {
      200: {
        description: 'A page of audit events, or the CSV export',
        content: {
          'application/json': { schema: pageOf(AuditEvent) },
          'text/csv': { schema: z.string() },
        },
      },
      503: { description: 'The read could not be recorded in the audit trail' },
      ...problemResponses,
    },
  }),
  async (c) => {
    const viewer = c.get('viewer');
    const query = c.req.valid('query');
    const organisationId = query.organisationId ?? viewer.organisationId;
    await requireAuditReader(c, organisationId);
    const storeQuery = auditQueryOf(c, query);
    const { directory, cursors } = c.get('deps');
    const details = { organisationId, ...storeQuery.filter, format: query.format };

    if (query.format === 'csv') {
      if (query.cursor !== undefined) {
        throw badRequest('A CSV export holds the whole range: leave out the cursor.', [
          { field: 'cursor', message: 'not with format=csv' },
        ]);
      }
      const events: AuditEvent[] = [];
      let after: Record<string, unknown> | undefined;
      do {
        const page = await directory.listAudit(organisationId, storeQuery, { limit: 1000, after });
        events.push(...page.items);
        after = page.next;
        if (events.length > maxCsvEvents) {
          throw badRequest(
            `More than ${maxCsvEvents} events match: narrow the dates or the filters to export them.`,
            [{ field: 'from', message: 'too many events for one export' }],
          );
        }
      } while (after);
      await recordRead(c, organisationId, details);
      const { from, to } = storeQuery.filter;
      return c.body(toCsv(auditCsvColumns, events.map(auditCsvRow)), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="audit-${organisationId}-${from}-${to}.csv"`,
      });
    }

    // The scope binds the cursor to this organisation and these filters.
    const scope = `audit|${organisationId}|${JSON.stringify(storeQuery.filter)}`;
    const position = cursors.open(scope, query.cursor) as { m?: unknown } | undefined;
    if (position && (typeof position.m !== 'string' || !storeQuery.months.includes(position.m))) {
      throw badRequest('The cursor is invalid for this list.', [
        { field: 'cursor', message: 'invalid cursor' },
      ]);
    }
    const page = await directory.listAudit(organisationId, storeQuery, {
      limit: query.limit,
      after: position,
    });
    // The events leave only once their reading is on record.
    await recordRead(c, organisationId, { ...details, ...(query.cursor ? { page: 'next' } : {}) });
    return c.json({ items: page.items, nextCursor: cursors.seal(scope, page.next) }, 200);
  },
);
