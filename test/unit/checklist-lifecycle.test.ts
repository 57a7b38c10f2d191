import { describe, expect, it } from 'vitest';
import { toProblem } from '../../functions/api/problems';
import {
  type Assessment,
  AssessmentInput,
  type ChecklistVersion,
  NewChecklist,
} from '../../shared/checklist';
import {
  assess,
  type ChecklistState,
  checkAnswers,
  draftChecklist,
  editDraft,
  expectRevision,
  publishDraft,
  requireCurrentVersion,
  standingOf,
} from '../../shared/checklist-lifecycle';
import { Refusal } from '../../shared/shared-item';
import { threeItems } from '../support/checklist-version';
import { refusalOf } from '../support/refusals';

const monday = { by: 'clara-commission', now: new Date('2029-03-05T09:00:00.000Z') };
const tuesday = { by: 'carl-commission', now: new Date('2029-03-06T10:30:00.000Z') };

const newDraft = (items: unknown[] = threeItems) =>
  draftChecklist(
    NewChecklist.parse({
      title: 'Container terminal access control',
      appliesTo: ['port_authority', 'agency'],
      dueAt: '2030-06-30T02:00:00+02:00',
      items,
    }),
    monday,
  );

/** The state after publishing the draft, as the store would give it back. */
function published(state: ChecklistState, versions: ChecklistVersion[] = []) {
  const next = publishDraft({ ...state, versions }, undefined, tuesday);
  return { record: next.record, draft: state.draft, versions: [...versions, next.version] };
}

describe('draftChecklist', () => {
  it('starts at revision 1, unpublished, with an id from the title and ids for new items', () => {
    const { record, draft } = newDraft([
      { text: 'Badge every truck driver', level: 'mandatory', area: 'access_control' },
      { id: 'B', text: 'Scan every container', level: 'recommended', area: 'container_scanning' },
    ]);
    expect(record).toEqual({
      id: 'container-terminal-access-control',
      title: 'Container terminal access control',
      revision: 1,
      createdAt: '2029-03-05T09:00:00.000Z',
      createdBy: 'clara-commission',
      current: null,
      usedItemIds: ['item-1', 'B'],
    });
    expect(draft.items.map((i) => i.id)).toEqual(['item-1', 'B']);
    // The due date is kept in UTC, whatever offset it was sent with.
    expect(draft.dueAt).toBe('2030-06-30T00:00:00.000Z');
    expect(draft).toMatchObject({ updatedAt: '2029-03-05T09:00:00.000Z', updatedBy: 'clara-commission' });
  });

  it('keeps an id the drafter chose', () => {
    const input = NewChecklist.parse({
      id: 'access',
      title: 'Access',
      appliesTo: ['agency'],
      dueAt: '2030-01-01T00:00:00Z',
      items: [],
    });
    expect(draftChecklist(input, monday).record.id).toBe('access');
  });
});

describe('editDraft', () => {
  it('applies only the fields sent and moves the record one revision on', () => {
    const before = newDraft();
    const after = editDraft(before, { title: 'Renamed', dueAt: '2031-01-01T01:00:00+01:00' }, 1, tuesday);
    expect(after.record.revision).toBe(2);
    expect(after.draft).toEqual({
      ...before.draft,
      title: 'Renamed',
      dueAt: '2031-01-01T00:00:00.000Z',
      updatedAt: '2029-03-06T10:30:00.000Z',
      updatedBy: 'carl-commission',
    });
    // The checklist's own title follows the published version, not the draft.
    expect(after.record.title).toBe('Container terminal access control');
  });

  it('never gives a new item the id of one removed earlier', () => {
    const start = newDraft([{ text: 'First control', level: 'mandatory', area: 'it_security' }]);
    const emptied = editDraft(start, { items: [] }, undefined, tuesday);
    const refilled = editDraft(
      emptied,
      { items: [{ text: 'Second control', level: 'mandatory', area: 'it_security', guidance: '' }] },
      undefined,
      tuesday,
    );
    expect(refilled.draft.items.map((i) => i.id)).toEqual(['item-2']);
    expect(refilled.record.usedItemIds).toEqual(['item-1', 'item-2']);
  });

  it('refuses a stale If-Match and accepts none', () => {
    const state = newDraft();
    const stale = refusalOf(() => editDraft(state, { title: 'Renamed' }, 3, tuesday));
    expect(stale.reason).toBe('stale');
    expect(stale.message).toBe('The checklist is at revision 1, not 3.');
    expect(editDraft(state, { title: 'Renamed' }, undefined, tuesday).record.revision).toBe(2);
  });
});

describe('publishDraft', () => {
  it('freezes the draft as version 1 and points the record at it', () => {
    const state = newDraft();
    const { record, version } = publishDraft({ ...state, versions: [] }, 1, tuesday);
    expect(version).toMatchObject({
      checklistId: 'container-terminal-access-control',
      version: 1,
      title: state.draft.title,
      dueAt: state.draft.dueAt,
      removedItemIds: [],
      publishedAt: '2029-03-06T10:30:00.000Z',
      publishedBy: 'carl-commission',
    });
    expect(version.items.map((i) => i.change)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(record.revision).toBe(2);
    expect(record.current).toMatchObject({ version: 1, itemCount: 3, mandatoryCount: 2, changedCount: 0 });
  });

  it('marks what the next version changed and takes the draft title for the record', () => {
    const first = published(newDraft());
    const edited = editDraft(
      first,
      { title: 'Stricter access', items: [threeItems[0]!, { ...threeItems[1]!, level: 'recommended' }] },
      undefined,
      tuesday,
    );
    const { record, version } = publishDraft({ ...edited, versions: first.versions }, undefined, tuesday);
    expect(version.version).toBe(2);
    expect(version.items.map((i) => [i.id, i.change])).toEqual([
      ['A', 'unchanged'],
      ['B', 'changed'],
    ]);
    expect(version.removedItemIds).toEqual(['C']);
    expect(record.title).toBe('Stricter access');
  });

  it('refuses a draft without items, naming the field', () => {
    const refusal = refusalOf(() => publishDraft({ ...newDraft([]), versions: [] }, undefined, tuesday));
    expect(refusal.reason).toBe('invalid');
    expect(refusal.fields).toEqual([{ field: 'items', message: 'add at least one item' }]);
  });

  it('refuses to publish a draft equal to the current version', () => {
    const state = published(newDraft());
    const refusal = refusalOf(() => publishDraft(state, undefined, tuesday));
    expect(refusal.reason).toBe('conflict');
    expect(refusal.message).toContain('equals version 1');
  });

  it('refuses a stale If-Match before looking at the draft', () => {
    const refusal = refusalOf(() => publishDraft({ ...newDraft([]), versions: [] }, 7, tuesday));
    expect(refusal.reason).toBe('stale');
  });
});

describe('assessing a version', () => {
  const state = published(newDraft());
  const version = state.versions[0]!;
  const port = { id: 'port-of-antwerp', kind: 'port_authority' as const, country: 'BE' };
  const answers = AssessmentInput.parse({
    items: threeItems.map((i) => ({ itemId: i.id, status: 'implemented' })),
    statement: 'Signed by the harbour master',
  });

  it('accepts only the current version, naming it', () => {
    expect(() => requireCurrentVersion(state.record, 1)).not.toThrow();
    const old = refusalOf(() =>
      requireCurrentVersion({ current: { ...state.record.current!, version: 2 } }, 1),
    );
    expect(old.reason).toBe('conflict');
    expect(old.message).toBe('Version 1 is no longer current; assess version 2.');
  });

  it('refuses answers that do not match the items, naming each', () => {
    expect(() => checkAnswers(version, answers)).not.toThrow();
    const partial = AssessmentInput.parse({ items: [{ itemId: 'A', status: 'implemented' }] });
    const refusal = refusalOf(() => checkAnswers(version, partial));
    expect(refusal.reason).toBe('invalid');
    expect(refusal.fields).toEqual([{ field: 'items', message: 'answers missing for B, C' }]);
  });

  it('makes the first assessment revision 1 and a resubmission one more', () => {
    const first = assess({ version, organisation: port, previous: null, answers }, 0, monday);
    expect(first).toEqual({
      checklistId: version.checklistId,
      version: 1,
      organisationId: 'port-of-antwerp',
      organisationKind: 'port_authority',
      country: 'BE',
      items: answers.items,
      statement: 'Signed by the harbour master',
      revision: 1,
      submittedAt: '2029-03-05T09:00:00.000Z',
      submittedBy: 'clara-commission',
    } satisfies Assessment);
    const second = assess(
      { version, organisation: port, previous: first, answers: { items: answers.items } },
      1,
      tuesday,
    );
    expect(second.revision).toBe(2);
    expect(second).not.toHaveProperty('statement');
  });

  it('refuses a stale If-Match, counting no assessment as revision 0', () => {
    const refusal = refusalOf(() =>
      assess({ version, organisation: port, previous: null, answers }, 1, monday),
    );
    expect(refusal.reason).toBe('stale');
    expect(refusal.message).toBe('The assessment is at revision 0, not 1.');
  });
});

describe('standingOf', () => {
  const current = { dueAt: '2029-03-31T00:00:00.000Z', appliesTo: ['port_authority'] };
  const before = new Date('2029-03-30T00:00:00.000Z');
  const after = new Date('2029-04-01T00:00:00.000Z');
  const submitted = { submittedAt: '2029-03-20T00:00:00.000Z', revision: 2 } as Assessment;

  it('is pending, and overdue only after the due date, until an assessment exists', () => {
    const port = { kind: 'port_authority' as const };
    expect(standingOf(current, port, null, null, before)).toEqual({
      applicable: true,
      status: 'pending',
      overdue: false,
      submittedAt: null,
      revision: null,
      acknowledgedPreviousVersion: false,
    });
    expect(standingOf(current, port, undefined, submitted, after)).toMatchObject({
      status: 'pending',
      overdue: true,
      acknowledgedPreviousVersion: true,
    });
    expect(standingOf(current, port, submitted, null, after)).toMatchObject({
      status: 'acknowledged',
      overdue: false,
      submittedAt: '2029-03-20T00:00:00.000Z',
      revision: 2,
    });
  });

  it('is not applicable, and never overdue, for a kind the version does not apply to', () => {
    expect(standingOf(current, { kind: 'agency' }, null, null, after)).toMatchObject({
      applicable: false,
      status: 'not_applicable',
      overdue: false,
    });
  });
});

describe('expectRevision', () => {
  it('passes without If-Match or with the current revision, and refuses any other', () => {
    expect(() => expectRevision('draft', 4, undefined)).not.toThrow();
    expect(() => expectRevision('draft', 4, 4)).not.toThrow();
    expect(refusalOf(() => expectRevision('draft', 4, 5)).message).toBe('The draft is at revision 4, not 5.');
  });
});

describe('the API answers a refusal in one place', () => {
  it('as 400 naming the fields, 409 or 412', () => {
    const fields = [{ field: 'items', message: 'add at least one item' }];
    expect(toProblem(new Refusal('invalid', 'No items.', fields))).toMatchObject({
      status: 400,
      title: 'Bad request',
      detail: 'No items.',
      errors: fields,
    });
    expect(toProblem(new Refusal('conflict', 'Nothing changed.'))).toMatchObject({
      status: 409,
      title: 'Conflict',
      detail: 'Nothing changed.',
    });
    expect(toProblem(new Refusal('stale', 'At revision 2.'))).toMatchObject({
      status: 412,
      title: 'Precondition failed',
      detail: 'At revision 2.',
    });
  });
});
