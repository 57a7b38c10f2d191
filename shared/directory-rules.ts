/**
 * The directory's facts that every API request needs (checking a token's organisation, a member's
 * status, the directory summary's keys), without zod at runtime, like tlp-labels.ts: the api
 * Lambda's cold start then does not load the schema library (docs/benchmarks.md).
 * organisation.ts and member.ts build their schemas from these.
 */

/** Kinds of alliance member organisations (docs/glossary.md), in the order the schema lists them. */
export const organisationKinds = ['port_authority', 'shipping_company', 'agency', 'commission'] as const;

/** Organisation ids are short readable slugs: they appear in URLs, keys and audit events. */
export const organisationIdRule = {
  pattern: /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
  message: 'lowercase letters, digits and dashes, 1–40 characters',
} as const;

/** True for a string that is a well-formed organisation id (what `OrganisationId` accepts). */
export const isOrganisationId = (value: unknown): value is string =>
  typeof value === 'string' && organisationIdRule.pattern.test(value);

/** A suspended member keeps their record (and can be reinstated) but every request is refused. */
export const memberStatuses = ['active', 'suspended'] as const;
export type MemberStatus = (typeof memberStatuses)[number];

/** Members stored before suspension existed have no status: they are active. */
export const statusOf = (member: { status?: MemberStatus }): MemberStatus => member.status ?? 'active';

/** Org admins who can act: an organisation must always keep at least one. */
export const isActiveOrgAdmin = (member: { role: string; status?: MemberStatus }): boolean =>
  member.role === 'org_admin' && statusOf(member) === 'active';
