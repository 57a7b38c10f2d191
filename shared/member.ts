import * as z from 'zod';
import { OrganisationId, Role } from './organisation';

export const MemberId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'member id');
export type MemberId = z.infer<typeof MemberId>;

export const Email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());

export const Member = z.object({
  id: MemberId,
  organisationId: OrganisationId,
  email: z.string(),
  name: z.string(),
  role: Role,
  createdAt: z.iso.datetime(),
  lastSignInAt: z.iso.datetime().optional(),
});
export type Member = z.infer<typeof Member>;

/** What an org_admin sends to invite a member into their organisation. */
export const NewMember = z.strictObject({
  email: Email,
  name: z.string().trim().min(1).max(120),
  role: Role,
});
export type NewMember = z.infer<typeof NewMember>;
