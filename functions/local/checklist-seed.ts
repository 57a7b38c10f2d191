import {
  type Assessment,
  type AuditEvent,
  type ChecklistDraft,
  type ChecklistItem,
  type ChecklistRecord,
  type ChecklistVersion,
  diffItems,
  type ItemStatus,
  type Organisation,
  versionSummaryOf,
} from '../../shared';
import { DynamoChecklistStore } from '../adapters/dynamodb/checklist-store';
import type { DocumentClient } from '../adapters/dynamodb/client';
import { rebuildDirectorySummary } from '../adapters/dynamodb/directory-summary';
import { demoAlliance, demoMemberId } from './demo-alliance';

const day = 24 * 60 * 60 * 1000;

interface DemoChecklist {
  id: string;
  title: string;
  description: string;
  appliesTo: ChecklistVersion['appliesTo'];
  publishedDaysAgo: number;
  dueInDays: number;
  items: ChecklistItem[];
  /** Per organisation: days ago it submitted, and its answers in item order. */
  answers: Record<string, { daysAgo: number; statuses: ItemStatus[]; statement?: string }>;
}

const I = 'implemented' as const;
const P = 'in_progress' as const;
const N = 'not_implemented' as const;
const X = 'not_applicable' as const;

export const demoChecklists: DemoChecklist[] = [
  {
    id: 'terminal-access-control',
    title: 'Container-terminal access control',
    description:
      'Minimum controls on who and what enters and leaves a container terminal, so that rip-off teams and corrupted insiders find the same barriers in every alliance port.',
    appliesTo: ['port_authority'],
    publishedDaysAgo: 40,
    dueInDays: -5,
    items: [
      {
        id: 'AC-01',
        text: 'Every person entering the terminal shows a personal badge checked against a central register.',
        guidance: 'Shared or anonymous badges do not count. Visitors are escorted and badged per visit.',
        level: 'mandatory',
        area: 'access_control',
      },
      {
        id: 'AC-02',
        text: 'Truck drivers collect containers only within a booked time slot tied to their identity.',
        guidance: 'The booking names the driver, the truck and the container.',
        level: 'mandatory',
        area: 'cargo_release',
      },
      {
        id: 'AC-03',
        text: 'Container-release PINs are single-use and expire within 24 hours.',
        guidance: 'Replace PINs by an authorised-party release where the port community system allows it.',
        level: 'mandatory',
        area: 'it_security',
      },
      {
        id: 'AC-04',
        text: 'CCTV covers every gate and the reefer stacks; recordings are kept at least 90 days.',
        guidance: '',
        level: 'mandatory',
        area: 'perimeter_security',
      },
      {
        id: 'AC-05',
        text: 'Staff with access to terminal systems are screened before hiring and every three years.',
        guidance: 'Include contractors and lashers.',
        level: 'mandatory',
        area: 'personnel_vetting',
      },
      {
        id: 'AC-06',
        text: 'Seal numbers are checked against the manifest at the exit gate.',
        guidance: 'A mismatch holds the container and informs customs.',
        level: 'mandatory',
        area: 'seal_integrity',
      },
      {
        id: 'AC-07',
        text: 'Containers flagged by risk analysis are scanned before release.',
        guidance: '',
        level: 'recommended',
        area: 'container_scanning',
      },
      {
        id: 'AC-08',
        text: 'Gate and badge logs are handed to law enforcement within 24 hours of a request.',
        guidance: '',
        level: 'recommended',
        area: 'information_sharing',
      },
    ],
    answers: {
      rotterdam: {
        daysAgo: 30,
        statuses: [I, I, I, I, I, I, I, I],
        statement: 'Verified by our internal audit.',
      },
      hamburg: { daysAgo: 26, statuses: [I, I, P, I, I, I, P, I] },
      algeciras: { daysAgo: 21, statuses: [I, P, N, I, P, I, N, I] },
      valencia: { daysAgo: 17, statuses: [I, I, P, P, I, I, I, N] },
      genoa: { daysAgo: 12, statuses: [P, N, N, I, P, I, N, P] },
      piraeus: { daysAgo: 8, statuses: [I, P, P, I, N, X, N, I] },
      marseille: { daysAgo: 3, statuses: [I, I, I, P, I, I, P, I] },
    },
  },
  {
    id: 'seal-and-pin-hygiene',
    title: 'Seal and container-release PIN hygiene',
    description:
      'Controls for shipping lines on the two weak points traffickers abuse most: stolen container-release PINs and swapped seals.',
    appliesTo: ['shipping_company'],
    publishedDaysAgo: 15,
    dueInDays: 45,
    items: [
      {
        id: 'PIN-01',
        text: 'Release PINs travel only through the port community system, never by e-mail or phone.',
        guidance: '',
        level: 'mandatory',
        area: 'it_security',
      },
      {
        id: 'PIN-02',
        text: 'A PIN is invalidated as soon as the container has been picked up.',
        guidance: '',
        level: 'mandatory',
        area: 'cargo_release',
      },
      {
        id: 'PIN-03',
        text: 'High-security seals (ISO 17712 "H") on every container from a high-risk origin.',
        guidance: '',
        level: 'mandatory',
        area: 'seal_integrity',
      },
      {
        id: 'PIN-04',
        text: 'Seal numbers are photographed at stuffing and the photo is attached to the booking.',
        guidance: '',
        level: 'recommended',
        area: 'seal_integrity',
      },
      {
        id: 'PIN-05',
        text: 'Staff who can see release data are vetted and their access is reviewed quarterly.',
        guidance: '',
        level: 'mandatory',
        area: 'personnel_vetting',
      },
      {
        id: 'PIN-06',
        text: 'Seal anomalies are reported to the alliance within 48 hours.',
        guidance: '',
        level: 'recommended',
        area: 'information_sharing',
      },
    ],
    answers: {
      'northsea-line': { daysAgo: 6, statuses: [I, I, P, N, I, I] },
    },
  },
];

const seedAudit = (
  at: string,
  action: string,
  object: AuditEvent['object'],
  organisationId: string,
  memberId: string,
  organisationOf: string,
): AuditEvent => ({
  at,
  requestId: `seed-${crypto.randomUUID()}`,
  actor: { memberId, organisationId: organisationOf, role: 'contributor' },
  action,
  object,
  organisationId,
});

/**
 * Seeds the demo checklists with a realistic spread of assessments, writing each assessment
 * through the same store method as a real submission so the counters agree with the answers.
 * Skips a checklist that exists already. Also builds the directory summary the scoreboard reads.
 */
export async function seedChecklists(db: DocumentClient, tableName: string, now = new Date()): Promise<void> {
  await rebuildDirectorySummary(db, tableName);
  const store = new DynamoChecklistStore(db, tableName);
  const author = demoMemberId('carl@commission.example', 'commission');
  for (const demo of demoChecklists) {
    if (await store.get(demo.id)) continue;
    const published = new Date(now.getTime() - demo.publishedDaysAgo * day).toISOString();
    const draft: ChecklistDraft = {
      title: demo.title,
      description: demo.description,
      appliesTo: demo.appliesTo,
      dueAt: `${new Date(now.getTime() + demo.dueInDays * day).toISOString().slice(0, 10)}T00:00:00.000Z`,
      items: demo.items,
      updatedAt: published,
      updatedBy: author,
    };
    const record: ChecklistRecord = {
      id: demo.id,
      title: demo.title,
      revision: 1,
      createdAt: published,
      createdBy: author,
      current: null,
      usedItemIds: demo.items.map((i) => i.id),
    };
    await store.create(
      record,
      draft,
      seedAudit(
        published,
        'checklist.drafted',
        { type: 'checklist', id: demo.id },
        'commission',
        author,
        'commission',
      ),
    );
    const version: ChecklistVersion = {
      checklistId: demo.id,
      version: 1,
      title: draft.title,
      description: draft.description,
      appliesTo: draft.appliesTo,
      dueAt: draft.dueAt,
      ...diffItems(null, draft.items),
      publishedAt: published,
      publishedBy: author,
    };
    await store.publish(
      { ...record, revision: 2, current: versionSummaryOf(version) },
      version,
      1,
      seedAudit(
        published,
        'checklist.published',
        { type: 'checklist', id: demo.id },
        'commission',
        author,
        'commission',
      ),
    );
    for (const [organisationId, answer] of Object.entries(demo.answers)) {
      const org = demoAlliance.find((o) => o.id === organisationId) as Organisation | undefined;
      const contributor = demoAlliance
        .find((o) => o.id === organisationId)
        ?.members.find((m) => m.role !== 'reader');
      if (!org || !contributor) throw new Error(`demo organisation ${organisationId} has no contributor`);
      const submittedAt = new Date(now.getTime() - answer.daysAgo * day).toISOString();
      const memberId = demoMemberId(contributor.email, organisationId);
      const next: Assessment = {
        checklistId: demo.id,
        version: 1,
        organisationId,
        organisationKind: org.kind as Assessment['organisationKind'],
        country: org.country,
        items: demo.items.map((item, i) => ({
          itemId: item.id,
          status: answer.statuses[i] ?? 'not_implemented',
        })),
        ...(answer.statement ? { statement: answer.statement } : {}),
        revision: 1,
        submittedAt,
        submittedBy: memberId,
      };
      await store.submit({
        version,
        previous: null,
        next,
        audit: seedAudit(
          submittedAt,
          'assessment.submitted',
          { type: 'assessment', id: `${demo.id}/1/${organisationId}` },
          organisationId,
          memberId,
          organisationId,
        ),
      });
    }
  }
}
