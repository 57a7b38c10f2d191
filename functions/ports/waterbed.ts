import type { AuditEvent, Bulletin } from '../../shared';
import type { IndicatorReport } from '../../shared/indicators';
import type { ChecklistHarmonization } from '../../shared/port-deficit';
import type { Sighting } from '../../shared/sighting';
import type { DirectoryPort, PortAggregate } from '../../shared/waterbed';

/** Port indicators, sightings and the waterbed aggregate written with them (docs/waterbed.md). */
export interface WaterbedStore {
  /** A quarter's current report, or null. */
  getReport(organisationId: string, quarter: string): Promise<IndicatorReport | null>;
  /** Every quarter's current report and every version ever stored (corrections), newest first. */
  reportHistory(organisationId: string): Promise<{ current: IndicatorReport[]; versions: IndicatorReport[] }>;
  /**
   * Stores the report as the quarter's current one (on condition that the current revision is
   * still `expectedRevision`, 0 for none: `StaleRevisionError` otherwise), keeps it as a version,
   * sets the quarter on the port's waterbed aggregate and writes the audit event: one transaction.
   */
  saveReport(report: IndicatorReport, expectedRevision: number, audit: AuditEvent): Promise<void>;
  /** Audit events of reads (restricted figures shown), written together. */
  recordAudit(...events: AuditEvent[]): Promise<void>;
  /** Every sighting of a bulletin, oldest first. */
  listSightings(bulletinId: string): Promise<Sighting[]>;
  /** Every sighting at a port (GSI2), of any bulletin: the caller decides which it may show. */
  sightingsAtPort(locode: string): Promise<Sighting[]>;
  /**
   * Stores the sighting, counts it on the port's waterbed aggregate (with what `canSee` needs of
   * the bulletin) and writes the audit event: one transaction, on condition that the bulletin is
   * still published (`ConflictError` otherwise).
   */
  recordSighting(sighting: Sighting, bulletin: Bulletin, audit: AuditEvent): Promise<void>;
  /**
   * The ports' aggregates, every member port and the checklists' harmonization items: two
   * Queries, in parallel. With `only`, the figures of that indicator in those quarters (no
   * sightings); without, every port's sightings.
   */
  readWaterbed(only?: { indicator: string; quarters: readonly string[] }): Promise<{
    aggregates: PortAggregate[];
    directory: DirectoryPort[];
    harmonization: ChecklistHarmonization[];
  }>;
}
