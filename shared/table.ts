/**
 * The single DynamoDB table: its definition and every key builder, in one place (docs/data-model.md).
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
  /** The stream the audit archive and the notify job read (infra/constructs/data.ts sets the same). */
  streamView: 'NEW_AND_OLD_IMAGES',
} as const;

export type IndexName = (typeof tableDefinition.globalIndexes)[number]['name'];

/** A stored item's key attributes. */
export interface ItemKey {
  pk: string;
  sk: string;
}

const month = (iso: string) => iso.slice(0, 7);
/** Zero-padded so versions sort in order. */
const versionKey = (version: number) => String(version).padStart(4, '0');

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
  /** GSI1 of an audit item: one organisation's trail by one actor (member ids are unique), by time. */
  auditByActor: (organisationId: string, memberId: string, at: string, requestId: string) => ({
    gsi1pk: `AUDIT#${organisationId}#BY#${memberId}`,
    gsi1sk: `${at}#${requestId}`,
  }),
  auditByActorPartition: (organisationId: string, memberId: string) =>
    `AUDIT#${organisationId}#BY#${memberId}`,
  /** GSI2 of a restricted-read audit item: one member's reads in every trail, so the last is one Query. */
  restrictedReadBy: (actorOrganisationId: string, memberId: string, at: string, requestId: string) => ({
    gsi2pk: `AUDITREAD#${actorOrganisationId}#${memberId}`,
    gsi2sk: `${at}#${requestId}`,
  }),
  restrictedReadsOf: (actorOrganisationId: string, memberId: string) =>
    `AUDITREAD#${actorOrganisationId}#${memberId}`,
  /** The item `GET /api/v1/health/ready` reads (it need not exist: an answer is what counts). */
  readinessProbe: { pk: 'READINESS', sk: 'READINESS' } as ItemKey,
  /** Every audit partition starts so (the api role's IAM Deny on changing them matches it). */
  auditPartitionPrefix: 'AUDIT#',
  /** An organisation's latest access review, listed through GSI1 by completion time. */
  accessReview: (organisationId: string): ItemKey => ({ pk: `ORG#${organisationId}`, sk: 'ACCESS_REVIEW' }),
  accessReviewIndex: (completedAt: string, organisationId: string) => ({
    gsi1pk: 'ACCESS_REVIEWS',
    gsi1sk: `${completedAt}#${organisationId}`,
  }),
  accessReviews: 'ACCESS_REVIEWS',
  /** Checklists: the record (revision, current version summary), the working draft, published versions. */
  checklist: (id: string): ItemKey => ({ pk: `CHECKLIST#${id}`, sk: 'META' }),
  checklistDraft: (id: string): ItemKey => ({ pk: `CHECKLIST#${id}`, sk: 'DRAFT' }),
  checklistVersion: (id: string, version: number): ItemKey => ({
    pk: `CHECKLIST#${id}`,
    sk: `V#${versionKey(version)}`,
  }),
  checklistVersionPrefix: 'V#',
  /** GSI1: every checklist record, newest first. */
  checklistsIndex: (createdAt: string, id: string) => ({
    gsi1pk: 'CHECKLISTS',
    gsi1sk: `${createdAt}#${id}`,
  }),
  checklistsIndexPk: 'CHECKLISTS',
  /** One organisation's assessment of one version; replaced ones move to `HIST#`. */
  assessment: (checklistId: string, version: number, organisationId: string): ItemKey => ({
    pk: `CHECKLIST#${checklistId}#V#${versionKey(version)}`,
    sk: `ORG#${organisationId}`,
  }),
  assessmentPrefix: 'ORG#',
  assessmentsOfVersion: (checklistId: string, version: number) =>
    `CHECKLIST#${checklistId}#V#${versionKey(version)}`,
  assessmentHistory: (
    checklistId: string,
    version: number,
    organisationId: string,
    revision: number,
  ): ItemKey => ({
    pk: `CHECKLIST#${checklistId}#V#${versionKey(version)}`,
    sk: `HIST#${organisationId}#${String(revision).padStart(6, '0')}`,
  }),
  assessmentHistoryPrefix: (organisationId: string) => `HIST#${organisationId}#`,
  /** Answers an organisation saved without submitting: counted nowhere, removed by the submission. */
  assessmentDraft: (checklistId: string, version: number, organisationId: string): ItemKey => ({
    pk: `CHECKLIST#${checklistId}#V#${versionKey(version)}`,
    sk: `DRAFT#${organisationId}`,
  }),
  /** The peer organisation the Commission assigned to review one organisation's assessment (docs/review.md). */
  peerAssignment: (checklistId: string, version: number, organisationId: string): ItemKey => ({
    pk: `CHECKLIST#${checklistId}#V#${versionKey(version)}`,
    sk: `PEER#${organisationId}`,
  }),
  /** GSI1: the assessments an organisation was assigned to review. */
  peerAssignmentByReviewer: (
    reviewerOrganisationId: string,
    checklistId: string,
    version: number,
    organisationId: string,
  ) => ({
    gsi1pk: `ORG#${reviewerOrganisationId}#PEER`,
    gsi1sk: `${checklistId}#${versionKey(version)}#${organisationId}`,
  }),
  /** GSI1: an organisation's assessments. */
  assessmentByOrganisation: (organisationId: string, checklistId: string, version: number) => ({
    gsi1pk: `ORG#${organisationId}#ASSESS`,
    gsi1sk: `${checklistId}#${versionKey(version)}`,
  }),
  /** Progress counters of a version (all in `TOTAL`) and its daily series (`DAY#yyyy-mm-dd`). */
  progressTotal: (checklistId: string, version: number): ItemKey => ({
    pk: `PROGRESS#${checklistId}#V#${versionKey(version)}`,
    sk: 'TOTAL',
  }),
  progressDay: (checklistId: string, version: number, date: string): ItemKey => ({
    pk: `PROGRESS#${checklistId}#V#${versionKey(version)}`,
    sk: `DAY#${date}`,
  }),
  progressOfVersion: (checklistId: string, version: number) =>
    `PROGRESS#${checklistId}#V#${versionKey(version)}`,
  progressDayPrefix: 'DAY#',
  /** The directory in brief, one item per organisation kind: read whole, so scoreboards need no directory query. */
  directorySummary: (kind: string): ItemKey => ({ pk: 'DIRECTORY', sk: `KIND#${kind}` }),
  /** A kind's summary and what is kept beside it (its harmonization items): one Query by prefix. */
  directoryOfKind: (kind: string) => ({ pk: 'DIRECTORY', prefix: `KIND#${kind}` }),
  /**
   * Beside the kind's summary, one item per checklist: its current version's mandatory count (set
   * at publication) and each organisation's mandatory answers (set at submission), so the
   * waterbed colours ports by harmonization deficit in its second read (shared/port-deficit.ts).
   */
  harmonization: (kind: string, checklistId: string): ItemKey => ({
    pk: 'DIRECTORY',
    sk: `KIND#${kind}#CHECKLIST#${checklistId}`,
  }),

  // Bulletins: one partition per bulletin (META, REV#n, ACK#org, ACK#org#member, PORT#locode),
  // plus list entries written in the same transaction as the bulletin (docs/data-model.md).
  bulletin: (id: string): ItemKey => ({ pk: `BULLETIN#${id}`, sk: 'META' }),
  bulletinPartition: (id: string) => `BULLETIN#${id}`,
  bulletinRevision: (id: string, revision: number): ItemKey => ({
    pk: `BULLETIN#${id}`,
    sk: `REV#${String(revision).padStart(6, '0')}`,
  }),
  /** An organisation's acknowledgement (the latest round it acknowledged). */
  bulletinAcknowledgement: (id: string, organisationId: string): ItemKey => ({
    pk: `BULLETIN#${id}`,
    sk: `ACK#${organisationId}`,
  }),
  /** A member's personal read receipt; sorts right after their organisation's acknowledgement. */
  bulletinReadReceipt: (id: string, organisationId: string, memberId: string): ItemKey => ({
    pk: `BULLETIN#${id}`,
    sk: `ACK#${organisationId}#${memberId}`,
  }),
  /** Who published the bulletin, as a token of their Idempotency-Key (functions/api/publish-once.ts). */
  bulletinPublication: (id: string): ItemKey => ({ pk: `BULLETIN#${id}`, sk: 'PUBLICATION' }),
  /** By-port entry in the bulletin's partition, listed through GSI2 newest first. */
  bulletinPort: (id: string, locode: string, publishedAt: string) => ({
    pk: `BULLETIN#${id}`,
    sk: `PORT#${locode}`,
    gsi2pk: `PORT#${locode}`,
    gsi2sk: `${publishedAt}#${id}`,
  }),
  portBulletins: (locode: string) => `PORT#${locode}`,
  /** Community feed (TLP:GREEN and TLP:CLEAR), newest first. */
  communityFeedEntry: (publishedAt: string, id: string): ItemKey => ({
    pk: 'FEED',
    sk: `${publishedAt}#${id}`,
  }),
  communityFeed: 'FEED',
  /** The public feed (TLP:CLEAR only), so anonymous pages are full pages. */
  publicFeedEntry: (publishedAt: string, id: string): ItemKey => ({
    pk: 'PUBLIC',
    sk: `${publishedAt}#${id}`,
  }),
  publicFeed: 'PUBLIC',
  /**
   * An organisation's inbox: restricted bulletins addressed to it, and its read/acknowledgement
   * state of community bulletins, at the same position as the feed entry so both merge by time.
   */
  inboxEntry: (organisationId: string, publishedAt: string, id: string): ItemKey => ({
    pk: `ORG#${organisationId}`,
    sk: `INBOX#${publishedAt}#${id}`,
  }),
  inboxPrefix: 'INBOX#',
  /** An organisation's drafts, so an author finds them again. */
  draftEntry: (organisationId: string, id: string): ItemKey => ({
    pk: `ORG#${organisationId}`,
    sk: `DRAFT#${id}`,
  }),
  draftPrefix: 'DRAFT#',
  // Documents: one partition per document (META, V#n, ATTEST#org#V#n) that also holds its list
  // entries; their GSI sort key is the current version's time, so a new version moves the
  // document to the top of every list by updating its entries in place (docs/data-model.md).
  document: (id: string): ItemKey => ({ pk: `DOC#${id}`, sk: 'META' }),
  documentPartition: (id: string) => `DOC#${id}`,
  documentVersion: (id: string, version: number): ItemKey => ({
    pk: `DOC#${id}`,
    sk: `V#${versionKey(version)}`,
  }),
  documentVersionPrefix: 'V#',
  /** One organisation's attestation of one version. */
  documentAttestation: (id: string, organisationId: string, version: number): ItemKey => ({
    pk: `DOC#${id}`,
    sk: `ATTEST#${organisationId}#V#${versionKey(version)}`,
  }),
  documentAttestationPrefix: 'ATTEST#',
  /** Community library entry (TLP:GREEN, TLP:CLEAR), listed through GSI1 `LIBRARY`, newest version first. */
  libraryEntry: (id: string, versionAt: string) => ({
    pk: `DOC#${id}`,
    sk: 'LIBRARY',
    gsi1pk: 'LIBRARY',
    gsi1sk: `${versionAt}#${id}`,
  }),
  library: 'LIBRARY',
  /**
   * An organisation's library inbox entry: restricted documents addressed to it, and the
   * organisation's acknowledgement state of any document it is a recipient of.
   */
  libraryInboxEntry: (id: string, organisationId: string, versionAt: string) => ({
    pk: `DOC#${id}`,
    sk: `INBOX#${organisationId}`,
    gsi1pk: `ORG#${organisationId}#LIBRARY`,
    gsi1sk: `${versionAt}#${id}`,
  }),
  libraryInbox: (organisationId: string) => `ORG#${organisationId}#LIBRARY`,
  /** A document's tag entry, listed through GSI2 `DOCTAG#tag` (then `canSee`). */
  documentTagEntry: (id: string, tag: string, versionAt: string) => ({
    pk: `DOC#${id}`,
    sk: `TAG#${tag}`,
    gsi2pk: `DOCTAG#${tag}`,
    gsi2sk: `${versionAt}#${id}`,
  }),
  documentsTagged: (tag: string) => `DOCTAG#${tag}`,
  /**
   * GSI1 attributes of a version whose upload is not complete, on the version item itself: the
   * complete transaction rewrites the item without them and a discard deletes it, so the
   * organisation's unfinished uploads list can never hold a finished one.
   */
  unfinishedUpload: (organisationId: string, createdAt: string, id: string, version: number) => ({
    gsi1pk: `ORG#${organisationId}#UNFINISHED`,
    gsi1sk: `${createdAt}#${id}#${versionKey(version)}`,
  }),
  unfinishedUploads: (organisationId: string) => `ORG#${organisationId}#UNFINISHED`,
  /** An organisation's API token (a hash of its secret, never the secret), listed by prefix. */
  apiToken: (organisationId: string, tokenId: string): ItemKey => ({
    pk: `ORG#${organisationId}`,
    sk: `APITOKEN#${tokenId}`,
  }),
  apiTokenPrefix: 'APITOKEN#',
  /** An organisation's webhook (its signing secret too: the job signs with it), listed by prefix. */
  webhook: (organisationId: string, webhookId: string): ItemKey => ({
    pk: `ORG#${organisationId}`,
    sk: `WEBHOOK#${webhookId}`,
  }),
  webhookPrefix: 'WEBHOOK#',
  /** GSI2 of a failing webhook only (removed when it answers or is paused): the pause check's list. */
  failingWebhook: (failingSince: string, organisationId: string, webhookId: string) => ({
    gsi2pk: 'WEBHOOKS_FAILING',
    gsi2sk: `${failingSince}#${organisationId}#${webhookId}`,
  }),
  failingWebhooks: 'WEBHOOKS_FAILING',
  /** One event for one webhook; its log is its partition, newest last. */
  webhookDelivery: (organisationId: string, webhookId: string, createdAt: string, id: string): ItemKey => ({
    pk: `WEBHOOK#${organisationId}#${webhookId}`,
    sk: `DELIVERY#${createdAt}#${id}`,
  }),
  webhookDeliveries: (organisationId: string, webhookId: string) => `WEBHOOK#${organisationId}#${webhookId}`,
  webhookDeliveryPrefix: 'DELIVERY#',
  /** GSI1 of a delivery waiting for its next attempt only: the retry job's list, by time. */
  webhookRetry: (nextAttemptAt: string, id: string) => ({
    gsi1pk: 'WEBHOOK_RETRIES',
    gsi1sk: `${nextAttemptAt}#${id}`,
  }),
  webhookRetries: 'WEBHOOK_RETRIES',
  // Notifications (docs/notifications.md): one partition per member holds their notifications
  // (ids sort by time), the unread counter, preferences, the marks of mails sent and the digest queue.
  notification: (memberId: string, id: string): ItemKey => ({ pk: `NOTIFY#${memberId}`, sk: `N#${id}` }),
  notificationsOf: (memberId: string) => `NOTIFY#${memberId}`,
  notificationPrefix: 'N#',
  /** GSI1 on an unread notification only (removed when read): the unread list without a filter. */
  unreadNotification: (memberId: string, id: string) => ({ gsi1pk: `NOTIFY#${memberId}#UNREAD`, gsi1sk: id }),
  unreadNotificationsOf: (memberId: string) => `NOTIFY#${memberId}#UNREAD`,
  unreadCounter: (memberId: string): ItemKey => ({ pk: `NOTIFY#${memberId}`, sk: 'UNREAD' }),
  notificationPreferences: (memberId: string): ItemKey => ({ pk: `NOTIFY#${memberId}`, sk: 'PREFERENCES' }),
  /** Written before a mail is handed to the sender, on condition it is not there: a replay never mails twice. */
  mailSent: (memberId: string, mailKey: string): ItemKey => ({
    pk: `NOTIFY#${memberId}`,
    sk: `MAILED#${mailKey}`,
  }),
  /** A notification waiting for the member's digest, listed through GSI2 `DIGESTS` by member. */
  digestEntry: (memberId: string, id: string) => ({
    pk: `NOTIFY#${memberId}`,
    sk: `DIGEST#${id}`,
    gsi2pk: 'DIGESTS',
    gsi2sk: `${memberId}#${id}`,
  }),
  pendingDigests: 'DIGESTS',
  /** The local date of the member's last digest. */
  lastDigest: (memberId: string): ItemKey => ({ pk: `NOTIFY#${memberId}`, sk: 'DIGESTED' }),
  /** An address SES reported as bouncing or complaining: no more mail to it. */
  bouncingAddress: (email: string): ItemKey => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'BOUNCING' }),
  /** An item with a due date that reminders are sent for, until it is done or withdrawn. */
  reminderEntry: (itemType: string, itemId: string): ItemKey => ({
    pk: 'REMINDERS',
    sk: `${itemType}#${itemId}`,
  }),
  reminders: 'REMINDERS',
  // Port indicators and sightings (docs/waterbed.md). A quarter's current report sits in the
  // organisation's partition, each version of it (corrections) beside it. The waterbed aggregate
  // of figures is one item per waterbed indicator and quarter holding every port's figures for
  // it, so the page reads just the asked indicator and quarters in one Query; sightings and the
  // bulletins naming a port stay one item per port. Each is written in the same transaction as
  // the report, sighting or bulletin publication, revision and withdrawal.
  indicatorReport: (organisationId: string, quarter: string): ItemKey => ({
    pk: `ORG#${organisationId}`,
    sk: `IND#${quarter}`,
  }),
  indicatorReportPrefix: 'IND#',
  indicatorVersion: (organisationId: string, quarter: string, revision: number): ItemKey => ({
    pk: `ORG#${organisationId}`,
    sk: `INDREV#${quarter}#${String(revision).padStart(6, '0')}`,
  }),
  indicatorVersionPrefix: 'INDREV#',
  waterbedPort: (locode: string): ItemKey => ({ pk: 'WATERBED', sk: `PORT#${locode}` }),
  waterbed: 'WATERBED',
  waterbedPortPrefix: 'PORT#',
  waterbedIndicatorQuarter: (indicator: string, quarter: string): ItemKey => ({
    pk: `WATERBED#${indicator}`,
    sk: `Q#${quarter}`,
  }),
  waterbedIndicator: (indicator: string) => `WATERBED#${indicator}`,
  waterbedQuarter: (quarter: string) => `Q#${quarter}`,
  /**
   * The version of a waterbed indicator's aggregate (`sightings` included): a new value in every
   * transaction that writes it. It sits beside the port authorities' summary (`directoryOfKind`),
   * so the page's directory read carries it and an instance answers from what it read before
   * while the version holds (docs/waterbed.md, "The read cache").
   */
  waterbedVersion: (indicator: string): ItemKey => ({
    pk: 'DIRECTORY',
    sk: `KIND#port_authority#WATERBED#${indicator}`,
  }),
  /**
   * Attribute name of one reporting organisation's figures for a port on a waterbed
   * indicator-quarter item (the port authority and the agencies working with it each have their
   * own). Entries written before were `P#<locode>`: read as the entry of the organisation they name.
   */
  waterbedReportAttribute: (locode: string, organisationId: string) => `P#${locode}#${organisationId}`,
  waterbedReportPrefix: 'P#',
  /** Attribute names on a waterbed port item: a bulletin's sightings there in a quarter. */
  waterbedSightingCount: (quarter: string, bulletinId: string) => `S#${quarter}#${bulletinId}#n`,
  waterbedSightingBulletin: (quarter: string, bulletinId: string) => `S#${quarter}#${bulletinId}#b`,
  /** Attribute name on a waterbed port item: a published bulletin naming the port, by its publication quarter. */
  waterbedNamingBulletin: (quarter: string, bulletinId: string) => `N#${quarter}#${bulletinId}`,
  waterbedNamingPrefix: 'N#',
  /** A sighting in its bulletin's partition, listed per port through GSI2. */
  sighting: (bulletinId: string, recordedAt: string, id: string) => ({
    pk: `BULLETIN#${bulletinId}`,
    sk: `SIGHTING#${recordedAt}#${id}`,
  }),
  sightingPrefix: 'SIGHTING#',
  sightingByPort: (locode: string, seenOn: string, id: string) => ({
    gsi2pk: `SIGHTINGS#${locode}`,
    gsi2sk: `${seenOn}#${id}`,
  }),
  portSightings: (locode: string) => `SIGHTINGS#${locode}`,
  /** Powertools idempotency records share the table under one static partition (sort key = hashed key). */
  idempotencyPartition: 'IDEMPOTENCY',
} as const;
