import { randomUUID } from 'node:crypto';
import type { IdentityDirectory } from '../../ports';

/**
 * At home the member record is the identity: the local issuer signs tokens for any member it
 * finds by e-mail, so creating a user only mints the member id.
 */
export class LocalIdentityDirectory implements IdentityDirectory {
  async createUser(): Promise<{ memberId: string }> {
    return { memberId: randomUUID() };
  }
  async deleteUser(): Promise<void> {}
  // The member record is the source of truth at home: the API and the local issuer read its status.
  async suspendUser(): Promise<void> {}
  async reinstateUser(): Promise<void> {}
  async changeRole(): Promise<void> {}
}
