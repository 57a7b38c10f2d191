/**
 * The audit actions the store treats apart, without zod at runtime (like tlp-labels.ts): the
 * DynamoDB audit item of every write needs them, and the api Lambda's cold start does not load
 * the schema library for them (docs/benchmarks.md). audit.ts re-exports them.
 */

/**
 * Audit actions that record a read of restricted material (TLP:AMBER, AMBER+STRICT, RED; see
 * functions/api/addressing.ts): the routes name their events with these, and the store indexes
 * them by reader so a member's last restricted read is one Query.
 */
export const restrictedReadActions = {
  bulletin: 'bulletin.read',
  bulletinAttachment: 'bulletin.attachment_read',
  /** A feed page that showed restricted titles (one event per author organisation). */
  bulletinsListed: 'bulletin.listed',
  bulletinReceipts: 'bulletin.receipts.read',
  bulletinSightings: 'bulletin.sightings.read',
  document: 'document.read',
  documentDownload: 'document.downloaded',
  /** A library page that showed restricted titles (one event per author organisation). */
  documentsListed: 'document.listed',
  documentVersions: 'document.versions.read',
  documentAttestations: 'document.attestations.read',
  /** A quarter's report, or an organisation's indicator history, that showed AMBER figures. */
  indicators: 'indicators.read',
  /** A waterbed page or export that showed AMBER figures (one event per reporting organisation). */
  indicatorsListed: 'indicators.listed',
  /** An evidence file of an assessment (TLP:AMBER unless labelled otherwise; docs/review.md). */
  assessmentEvidence: 'assessment.evidence_downloaded',
} as const;
const restrictedReads: ReadonlySet<string> = new Set(Object.values(restrictedReadActions));
export const isRestrictedRead = (action: string): boolean => restrictedReads.has(action);
