import { describe, expect, it } from 'vitest';
import {
  AssessmentInput,
  assessmentErrors,
  assignItemIds,
  type ChecklistDraft,
  type ChecklistItem,
  type ChecklistVersion,
  diffItems,
  draftEqualsVersion,
  NewChecklist,
  prefillAnswers,
} from '../../shared';

const item = (id: string, over: Partial<ChecklistItem> = {}): ChecklistItem => ({
  id,
  text: `Control ${id}`,
  guidance: '',
  level: 'mandatory',
  area: 'access_control',
  ...over,
});

const version = (items: ChecklistItem[], previous: ChecklistItem[] | null = null): ChecklistVersion => ({
  checklistId: 'access',
  version: previous ? 2 : 1,
  title: 'Terminal access control',
  description: '',
  appliesTo: ['port_authority'],
  dueAt: '2030-01-01T00:00:00.000Z',
  ...diffItems(previous, items),
  publishedAt: '2029-01-01T00:00:00.000Z',
  publishedBy: 'clara-commission',
});

describe('checklist drafts', () => {
  const valid = {
    title: 'Container terminal access control',
    appliesTo: ['port_authority'],
    dueAt: '2030-06-30T00:00:00Z',
    items: [{ text: 'Badge every truck driver', level: 'mandatory', area: 'access_control' }],
  };

  it('accepts a draft and names each bad field', () => {
    expect(NewChecklist.safeParse(valid).success).toBe(true);
    const bad = NewChecklist.safeParse({
      ...valid,
      appliesTo: ['commission'],
      dueAt: 'soon',
      items: [{ text: 'x', level: 'must', area: 'vibes' }],
      colour: 'red',
    });
    expect(bad.success).toBe(false);
    const fields = bad.error!.issues.map((i) => i.path.join('.'));
    expect(fields).toEqual(
      expect.arrayContaining(['appliesTo.0', 'dueAt', 'items.0.text', 'items.0.level', 'items.0.area']),
    );
    expect(bad.error!.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });

  it('refuses an item id used twice and a kind named twice', () => {
    const twice = NewChecklist.safeParse({
      ...valid,
      appliesTo: ['port_authority', 'port_authority'],
      items: [
        { id: 'A1', text: 'First control', level: 'mandatory', area: 'access_control' },
        { id: 'A1', text: 'Second control', level: 'mandatory', area: 'access_control' },
      ],
    });
    expect(twice.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['appliesTo', 'items.1.id']);
  });

  it('assigns ids that no earlier version used', () => {
    const items = assignItemIds(
      [
        { text: 'a', level: 'mandatory', area: 'it_security', guidance: '' },
        { id: 'item-2', text: 'b', level: 'recommended', area: 'it_security', guidance: '' },
        { text: 'c', level: 'mandatory', area: 'it_security', guidance: '' },
      ],
      ['item-1'],
    );
    expect(items.map((i) => i.id)).toEqual(['item-3', 'item-2', 'item-4']);
  });
});

describe('versions', () => {
  it('marks new, changed and unchanged items and lists removed ones', () => {
    const v1 = [item('A'), item('B'), item('C')];
    const v2 = [item('A'), item('B', { level: 'recommended' }), item('D')];
    const { items, removedItemIds } = diffItems(v1, v2);
    expect(items.map((i) => [i.id, i.change])).toEqual([
      ['A', 'unchanged'],
      ['B', 'changed'],
      ['D', 'new'],
    ]);
    expect(removedItemIds).toEqual(['C']);
  });

  it('the first version has nothing to compare with', () => {
    expect(diffItems(null, [item('A')]).items[0]!.change).toBe('unchanged');
  });

  it('knows when a draft would publish nothing new', () => {
    const v = version([item('A'), item('B')]);
    const draft: ChecklistDraft = {
      title: v.title,
      description: v.description,
      appliesTo: v.appliesTo,
      dueAt: v.dueAt,
      items: [item('A'), item('B')],
      updatedAt: v.publishedAt,
      updatedBy: 'x',
    };
    expect(draftEqualsVersion(draft, v)).toBe(true);
    expect(draftEqualsVersion({ ...draft, items: [item('B'), item('A')] }, v)).toBe(false);
    expect(draftEqualsVersion({ ...draft, dueAt: '2031-01-01T00:00:00.000Z' }, v)).toBe(false);
    expect(draftEqualsVersion(draft, null)).toBe(false);
  });

  it("prefills only unchanged items' answers from the previous version", () => {
    const v2 = version([item('A'), item('B', { text: 'Stricter B' }), item('D')], [item('A'), item('B')]);
    const previous = {
      items: [
        { itemId: 'A', status: 'implemented' as const, note: 'since 2024' },
        { itemId: 'B', status: 'in_progress' as const },
      ],
    };
    expect(prefillAnswers(v2, previous)).toEqual([
      { itemId: 'A', status: 'implemented', note: 'since 2024' },
    ]);
    expect(prefillAnswers(v2, null)).toEqual([]);
  });
});

describe('assessment validation', () => {
  const v = version([item('A'), item('B'), item('C')]);
  const answers = (ids: string[]) =>
    AssessmentInput.parse({ items: ids.map((itemId) => ({ itemId, status: 'implemented' })) });

  it('accepts one answer per item in any order', () => {
    expect(assessmentErrors(v, answers(['C', 'A', 'B']))).toEqual([]);
  });

  it('names unknown, duplicate and missing items', () => {
    expect(assessmentErrors(v, answers(['A', 'A', 'Z']))).toEqual([
      { field: 'items.1.itemId', message: 'item A is answered twice' },
      { field: 'items.2.itemId', message: 'unknown item id Z' },
      { field: 'items', message: 'answers missing for B, C' },
    ]);
  });

  it('refuses a wrong status and unknown fields by schema', () => {
    const bad = AssessmentInput.safeParse({ items: [{ itemId: 'A', status: 'done', score: 3 }] });
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['items.0.status', 'items.0']),
    );
  });
});
