import * as z from 'zod';
import { isActiveOrgAdmin, memberStatuses, statusOf } from './directory-rules';
import { OrganisationId, Role } from './organisation';
import { SingleLineText } from './text';

export const MemberId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'member id');
export type MemberId = z.infer<typeof MemberId>;

export const Email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());

/** A suspended member keeps their record (and can be reinstated) but every request is refused. */
export const MemberStatus = z.enum(memberStatuses);
export type MemberStatus = z.infer<typeof MemberStatus>;

export const Member = z.object({
  id: MemberId,
  organisationId: OrganisationId,
  email: z.string(),
  name: z.string(),
  role: Role,
  /** Absent on members stored before suspension existed: they are active (see `statusOf`). */
  status: MemberStatus.optional(),
  /** When the member last signed in (the `auth_time` of the newest token the API has seen). */
  lastSignInAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
});
export type Member = z.infer<typeof Member>;

/** Defined without zod (directory-rules.ts) for the api's every request. */
export { isActiveOrgAdmin, statusOf };

/** Why an org admin suspended, reinstated, re-roled or removed a member; kept in the audit trail. */
export const ChangeReason = z.string().trim().min(1, 'say why (a reason is required)').max(500);

/** `PATCH …/members/{memberId}`: a new status and/or a new role, always with a reason. */
export const MemberChange = z
  .strictObject({ status: MemberStatus.optional(), role: Role.optional(), reason: ChangeReason })
  .refine((c) => c.status !== undefined || c.role !== undefined, {
    message: 'name a status or a role to change',
    path: ['status'],
  });
export type MemberChange = z.infer<typeof MemberChange>;

/** `DELETE …/members/{memberId}?reason=…`. */
export const MemberRemoval = z.strictObject({ reason: ChangeReason });

/** What an org_admin sends to invite a member into their organisation. */
export const NewMember = z.strictObject({
  email: Email,
  name: SingleLineText.trim().min(1).max(120),
  role: Role,
});
export type NewMember = z.infer<typeof NewMember>;
