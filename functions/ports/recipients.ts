import type { Member } from '../../shared';

/** Who may be named as recipients: organisations and members, checked before an item is saved. */
export interface RecipientDirectory {
  /** The ids among `ids` that name no organisation. */
  missingOrganisations(ids: readonly string[]): Promise<string[]>;
  /** For each member id found in one of `organisationIds`, that organisation. */
  locateMembers(
    organisationIds: readonly string[],
    memberIds: readonly string[],
  ): Promise<Map<string, string>>;
  /** Members of one organisation whom a contributor may name (id, name, role). */
  candidates(organisationId: string): Promise<Pick<Member, 'id' | 'name' | 'role'>[]>;
}
