/**
 * The checklist store's port (docs/data-model.md): checklists, their immutable versions, assessments with
 * their history, and the progress counters written in the same transaction as each assessment.
 */
import type {
  Assessment,
  AssessmentDraft,
  AuditEvent,
  ChecklistDraft,
  ChecklistRecord,
  ChecklistVersion,
  Counters,
  DayCounters,
  DirectoryEntry,
  Organisation,
  PeerAssignment,
} from '../../shared';
import type { Page, PageRequest } from './pages';

export interface ChecklistWithVersions {
  record: ChecklistRecord;
  draft: ChecklistDraft;
  /** Oldest first. */
  versions: ChecklistVersion[];
}

/** A version's counters as stored: the numbers, and which organisations have acknowledged. */
export interface VersionCounters {
  counters: Counters;
  acknowledgedBy: Set<string>;
}

export interface VersionRef {
  checklistId: string;
  version: number;
}

export interface ChecklistStore {
  /** Fails with `ConflictError` when the id is taken. */
  create(record: ChecklistRecord, draft: ChecklistDraft, audit: AuditEvent): Promise<void>;
  /** Record, draft and every version: one query of the checklist's partition. */
  get(id: string): Promise<ChecklistWithVersions | null>;
  /** Fails with `ConflictError` unless the stored record is at `expectedRevision`. */
  saveDraft(
    record: ChecklistRecord,
    draft: ChecklistDraft,
    expectedRevision: number,
    audit: AuditEvent,
  ): Promise<void>;
  /** The record (now pointing at the version) and the new immutable version, in one transaction. */
  publish(
    record: ChecklistRecord,
    version: ChecklistVersion,
    expectedRevision: number,
    audit: AuditEvent,
  ): Promise<void>;
  /** Checklist records, newest first. */
  list(page: PageRequest): Promise<Page<ChecklistRecord>>;

  /** What a submission needs, in one round trip: the version, the organisation, its current assessment. */
  submissionContext(
    ref: VersionRef,
    organisationId: string,
  ): Promise<{
    record: ChecklistRecord | null;
    version: ChecklistVersion | null;
    organisation: Organisation | null;
    assessment: Assessment | null;
    /** The peer reviewer assigned to this organisation's assessment (the review route needs it). */
    assignment: PeerAssignment | null;
  }>;
  /**
   * The assessment (conditional on `previous`'s revision, or on there being none), the replaced one
   * into history, the counter deltas, the day's series and the audit event: one transaction.
   * Fails with `ConflictError` when another submission got there first.
   */
  submit(input: {
    version: ChecklistVersion;
    previous: Assessment | null;
    next: Assessment;
    audit: AuditEvent;
  }): Promise<void>;
  /**
   * One organisation's assessment with its history, plus what authorising the read needs (the
   * version, the viewer's organisation): a batch and a query, in parallel.
   */
  assessmentView(
    ref: VersionRef,
    viewerOrganisationId: string,
    organisationId: string,
  ): Promise<{
    version: ChecklistVersion | null;
    viewerOrganisation: Organisation | null;
    assessment: Assessment | null;
    /** The peer reviewer the Commission assigned to this assessment, if any. */
    assignment: PeerAssignment | null;
    /** The organisation's assessments of earlier versions, newest first (read in the same batch). */
    earlierVersions: Assessment[];
    history: Assessment[];
  }>;
  /**
   * One review: the reviewed assessment (conditional on `previous`'s revision and review sequence),
   * the accepted counters' delta and the audit event, in one transaction. `ConflictError` when a
   * submission or another review got there first.
   */
  review(input: {
    version: ChecklistVersion;
    previous: Assessment;
    next: Assessment;
    audit: AuditEvent;
  }): Promise<void>;
  /** Records the peer reviewer of one assessment (replacing an earlier choice) with its audit event. */
  assignPeer(assignment: PeerAssignment, audit: AuditEvent): Promise<void>;
  /** A page of a version's assessments behind a scoreboard cell: one Query, filtered in the store. */
  assessmentsBehind(
    ref: VersionRef,
    filter: { kind?: string | undefined; country?: string | undefined; organisationId?: string | undefined },
    page: PageRequest,
  ): Promise<Page<Assessment>>;
  /** The version, the directory summary and a page of the assessments behind a cell: two calls in parallel. */
  drillDown(
    ref: VersionRef,
    filter: { kind?: string | undefined; country?: string | undefined; organisationId?: string | undefined },
    page: PageRequest,
  ): Promise<{ version: ChecklistVersion | null; directory: DirectoryEntry[]; page: Page<Assessment> }>;
  /** Every current assessment of a version (the Commission's port view reads them all). */
  allAssessments(ref: VersionRef): Promise<Assessment[]>;
  listAssessments(ref: VersionRef, page: PageRequest): Promise<Page<Assessment>>;

  /** The viewer's organisation and its assessments of the given versions: one round trip. */
  standing(
    organisationId: string,
    refs: readonly VersionRef[],
  ): Promise<{
    organisation: Organisation | null;
    assessments: Map<string, Assessment>;
    /** Answers saved without submitting, by `refKey`. */
    drafts: Map<string, AssessmentDraft>;
  }>;
  /** Saves half-finished answers (replacing earlier ones) with the audit event; submitting removes them. */
  saveAssessmentDraft(draft: AssessmentDraft, audit: AuditEvent): Promise<void>;
  getAssessmentDraft(ref: VersionRef, organisationId: string): Promise<AssessmentDraft | null>;
  /**
   * A version's scoreboard inputs in two parallel round trips, whatever the number of assessments:
   * the version, the viewer's organisation and own assessment, the directory summary (one batch),
   * and the counters with the daily series (one query).
   */
  versionProgress(
    ref: VersionRef,
    viewerOrganisationId: string,
  ): Promise<{
    version: ChecklistVersion | null;
    organisation: Organisation | null;
    ownAssessment: Assessment | null;
    directory: DirectoryEntry[];
    totals: VersionCounters;
    days: DayCounters[];
  }>;
  /** Counters of several versions, the directory summary, the viewer's organisation and own assessments: one batch. */
  progressOf(
    refs: readonly VersionRef[],
    viewerOrganisationId: string,
  ): Promise<{
    organisation: Organisation | null;
    directory: DirectoryEntry[];
    totals: Map<string, VersionCounters>;
    ownAssessments: Map<string, Assessment>;
  }>;
}

export const refKey = (ref: VersionRef) => `${ref.checklistId}#${ref.version}`;
