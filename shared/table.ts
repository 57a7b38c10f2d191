/**
 * The single DynamoDB table: its definition and every key builder, in one place (DESIGN §5).
 * The CDK data construct, the local bootstrap and the store adapter all read this module, so the
 * deployed table, the local one and the keys the code writes cannot drift apart.
 */

export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  /** Epoch seconds after which DynamoDB may delete the item (idempotency records, sessions). */
  timeToLiveAttribute: 'expiresAt',
} as const;

export type IndexName = (typeof tableDefinition.globalIndexes)[number]['name'];

/** A stored item's key attributes. */
export interface ItemKey {
  pk: string;
  sk: string;
}

const month = (iso: string) => iso.slice(0, 7);

/** Key builders: the only place that spells a key. */
export const keys = {
  organisation: (id: string): ItemKey => ({ pk: `ORG#${id}`, sk: 'PROFILE' }),
  /** GSI1: directory ordered by kind, country, name. */
  organisationByKind: (kind: string, country: string, name: string) => ({
    gsi1pk: 'ORGS',
    gsi1sk: `${kind}#${country}#${name.toLowerCase()}`,
  }),
  /** GSI2: directory ordered by country, kind, name. */
  organisationByCountry: (country: string, kind: string, name: string) => ({
    gsi2pk: 'ORGS',
    gsi2sk: `${country}#${kind}#${name.toLowerCase()}`,
  }),
  member: (organisationId: string, memberId: string): ItemKey => ({
    pk: `ORG#${organisationId}`,
    sk: `MEMBER#${memberId}`,
  }),
  memberPrefix: 'MEMBER#',
  /** Guards e-mail uniqueness alliance-wide and finds a member by e-mail at sign-in. */
  memberEmail: (email: string): ItemKey => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' }),
  audit: (organisationId: string, at: string, requestId: string): ItemKey => ({
    pk: `AUDIT#${organisationId}#${month(at)}`,
    sk: `${at}#${requestId}`,
  }),
  auditMonth: (organisationId: string, yyyyMm: string) => `AUDIT#${organisationId}#${yyyyMm}`,
} as const;
