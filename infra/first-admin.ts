/**
 * The first Commission org_admin of a fresh deployment, through the same adapters the API uses:
 * the Commission organisation if missing, the Cognito user in the org_admin group (Cognito mails
 * a temporary password; MFA is set up at first sign-in), the member item, with audit events.
 * Run it with infra/scripts/first-admin.ts.
 */
import { randomUUID } from 'node:crypto';
import type { DirectoryStore, IdentityDirectory } from '../functions/ports';
import type { AuditEvent, Member, Organisation } from '../shared';

export interface FirstAdmin {
  email: string;
  name: string;
  organisationName: string;
  country: string;
}

export const commissionId = 'commission';

export async function createFirstAdmin(
  directory: DirectoryStore,
  identity: IdentityDirectory,
  admin: FirstAdmin,
  now = new Date(),
): Promise<{ member: Member; createdOrganisation: boolean }> {
  const requestId = `first-admin-${randomUUID()}`;
  // The script acts as the operator who deployed; the trail says so.
  const audit = (action: string, object: AuditEvent['object']): AuditEvent => ({
    at: now.toISOString(),
    requestId: `${requestId}-${object.type}`,
    actor: { memberId: 'deployment-operator', organisationId: commissionId, role: 'org_admin' },
    action,
    object,
    organisationId: commissionId,
    details: { via: 'infra/scripts/first-admin.ts' },
  });

  let createdOrganisation = false;
  if (!(await directory.getOrganisation(commissionId))) {
    const commission: Organisation = {
      id: commissionId,
      name: admin.organisationName,
      kind: 'commission',
      country: admin.country,
      createdAt: now.toISOString(),
    };
    await directory.createOrganisation(
      commission,
      audit('organisation.created', { type: 'organisation', id: commissionId }),
    );
    createdOrganisation = true;
  }

  const { memberId } = await identity.createUser({
    email: admin.email,
    name: admin.name,
    organisationId: commissionId,
    role: 'org_admin',
  });
  const member: Member = {
    id: memberId,
    organisationId: commissionId,
    email: admin.email,
    name: admin.name,
    role: 'org_admin',
    createdAt: now.toISOString(),
  };
  try {
    await directory.createMember(member, audit('member.invited', { type: 'member', id: memberId }));
  } catch (err) {
    // No half-made admin: a Cognito user without a member item could sign in to nothing.
    await identity.deleteUser({ memberId, email: admin.email });
    throw err;
  }
  return { member, createdOrganisation };
}
