import type { Role } from '../../shared';

/** Creates sign-in identities (Cognito in AWS; the local issuer needs none). */
export interface IdentityDirectory {
  createUser(input: {
    email: string;
    name: string;
    organisationId: string;
    role: Role;
  }): Promise<{ memberId: string }>;
  deleteUser(input: { memberId: string; email: string }): Promise<void>;
  /** No more sign-ins, and every refresh token revoked (Cognito: disable and global sign-out). */
  suspendUser(input: { email: string }): Promise<void>;
  reinstateUser(input: { email: string }): Promise<void>;
  changeRole(input: { email: string; from: Role; to: Role }): Promise<void>;
}
