import * as z from 'zod';
import { Role } from './organisation';

/** Who did what, to which object, from where, when, with which request id (docs/glossary.md). */
export const AuditEvent = z.object({
  at: z.iso.datetime(),
  requestId: z.string(),
  actor: z.object({
    memberId: z.string(),
    organisationId: z.string(),
    role: Role,
    /** The API token that acted (its member id is `token:<id>`), named as its org admin named it. */
    token: z.object({ id: z.string(), name: z.string() }).optional(),
  }),
  action: z.string(),
  object: z.object({ type: z.string(), id: z.string() }),
  /** The organisation whose trail holds the event. */
  organisationId: z.string(),
  sourceIp: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** Defined without zod (audit-actions.ts): the audit item of every write and read needs them. */
export { isRestrictedRead, restrictedReadActions } from './audit-actions';

/** Reading an organisation's audit trail is itself audited, in the reader's own trail. */
export const auditReadAction = 'audit.read';

/** The longest stretch one audit request may cover: the trail is partitioned by month. */
export const maxAuditMonths = 12;

/** A day (`2026-11-30`) or a whole month (`2026-11`); `from` starts it, `to` includes it. */
export const AuditDate = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/,
    'a date such as 2026-11-30, or a month such as 2026-11',
  );

/** What an audit query may filter on; dates bound the `at` of the events, both ends included. */
export interface AuditFilter {
  memberId?: string;
  action?: string;
  objectId?: string;
  from: string;
  to: string;
}

/** The CSV export's columns, one row per event (shared/progress.ts `toCsv` defuses formulas). */
export const auditCsvColumns = [
  'at',
  'action',
  'actorMemberId',
  'actorOrganisationId',
  'actorRole',
  'objectType',
  'objectId',
  'organisationId',
  'requestId',
  'sourceIp',
  'details',
] as const;

export const auditCsvRow = (event: AuditEvent) => ({
  at: event.at,
  action: event.action,
  actorMemberId: event.actor.memberId,
  actorOrganisationId: event.actor.organisationId,
  actorRole: event.actor.role,
  objectType: event.object.type,
  objectId: event.object.id,
  organisationId: event.organisationId,
  requestId: event.requestId,
  sourceIp: event.sourceIp,
  details: event.details ? JSON.stringify(event.details) : undefined,
});
