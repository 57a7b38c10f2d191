import * as z from 'zod';
import { organisationIdRule, organisationKinds } from './directory-rules';
import { SingleLineText } from './text';

/** Kinds of alliance member organisations (docs/glossary.md). */
export const OrganisationKind = z.enum(organisationKinds);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

/** A member's one role in their organisation. */
export const Role = z.enum(['reader', 'contributor', 'org_admin']);
export type Role = z.infer<typeof Role>;

/** Organisation ids are short readable slugs: they appear in URLs, keys and audit events. */
export const OrganisationId = z.string().regex(organisationIdRule.pattern, organisationIdRule.message);
export type OrganisationId = z.infer<typeof OrganisationId>;

/** ISO 3166-1 alpha-2, upper case. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code such as BE');

/** UN/LOCODE without the space: two-letter country then three letters or digits 2–9. */
export const Unlocode = z.string().regex(/^[A-Z]{2}[A-Z2-9]{3}$/, 'UN/LOCODE such as BEANR');

export const Organisation = z.object({
  id: OrganisationId,
  name: z.string().min(2).max(120),
  kind: OrganisationKind,
  country: CountryCode,
  unlocode: Unlocode.optional(),
  createdAt: z.iso.datetime(),
});
export type Organisation = z.infer<typeof Organisation>;

/** What a Commission org_admin sends to add a member organisation. */
export const NewOrganisation = z
  .strictObject({
    id: OrganisationId.optional(),
    name: SingleLineText.trim().min(2).max(120),
    kind: OrganisationKind,
    country: CountryCode,
    unlocode: Unlocode.optional(),
  })
  .superRefine((org, ctx) => {
    if (org.kind === 'port_authority' && !org.unlocode) {
      ctx.addIssue({ code: 'custom', path: ['unlocode'], message: 'a port authority needs its UN/LOCODE' });
    }
    if (org.unlocode && !org.unlocode.startsWith(org.country)) {
      ctx.addIssue({
        code: 'custom',
        path: ['unlocode'],
        message: 'the UN/LOCODE must start with the country code',
      });
    }
  });
export type NewOrganisation = z.infer<typeof NewOrganisation>;

export const OrganisationFilter = z.strictObject({
  kind: OrganisationKind.optional(),
  country: CountryCode.optional(),
});
export type OrganisationFilter = z.infer<typeof OrganisationFilter>;

/** Turns a name into a candidate organisation id: "Port of Le Havre" → "port-of-le-havre". */
export function organisationIdFromName(name: string): OrganisationId {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return slug || 'organisation';
}
