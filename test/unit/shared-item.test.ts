import { describe, expect, it } from 'vitest';
import {
  type Change,
  changedFields,
  draftFields,
  editDraft,
  namedFields,
  publish,
  requireAcknowledgeable,
  requireReadyAttachments,
  revise,
  type SharedItem,
  standingOf,
  withdraw,
} from '../../shared';
import type { Viewer } from '../../shared/viewer';
import { refusalOf } from '../support/refusals';

const author = { memberId: 'ben-antwerp', email: 'ben@antwerp.example', organisationId: 'antwerp' };
const created = new Date('2026-03-01T10:00:00.000Z');
const later = new Date('2026-03-02T10:00:00.000Z');

type Item = SharedItem & { title: string; withdrawnAt: string | null; withdrawalReason: string | null };

const draft = (over: Partial<Item> = {}): Item => ({
  ...draftFields('item-1', author, created),
  title: 'Rip-on/rip-off in reefer containers',
  tlp: 'TLP:AMBER',
  recipients: { organisations: ['rotterdam'], members: [] },
  requiresAcknowledgement: true,
  acknowledgeBy: '2026-04-01T00:00:00.000Z',
  withdrawnAt: null,
  withdrawalReason: null,
  ...over,
});

const change = (over: Partial<Change> = {}): Change => ({ at: later, noun: 'bulletin', ...over });

const viewer = (organisationId: string, role: Viewer['role']): Viewer => ({
  memberId: `${role}-${organisationId}`,
  email: `${role}@${organisationId}.example`,
  organisationId,
  role,
});

describe('a new draft', () => {
  it('starts at revision 1, round 1, unpublished, by its author', () => {
    expect(draftFields('item-1', author, created)).toEqual({
      id: 'item-1',
      status: 'draft',
      revision: 1,
      acknowledgementRound: 1,
      authorId: 'ben-antwerp',
      authorEmail: 'ben@antwerp.example',
      authorOrganisationId: 'antwerp',
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.000Z',
      publishedAt: null,
    });
  });
});

describe('editDraft', () => {
  it('changes a draft one revision on', () => {
    const next = editDraft(draft(), { title: 'Hidden in the cooling unit' }, change());
    expect(next).toMatchObject({
      title: 'Hidden in the cooling unit',
      revision: 2,
      updatedAt: later.toISOString(),
    });
  });

  it('refuses a published item (409) and a stale If-Match (412)', () => {
    expect(refusalOf(() => editDraft(draft({ status: 'published' }), {}, change())).reason).toBe('conflict');
    const stale = refusalOf(() => editDraft(draft(), {}, change({ expectedRevision: 7 })));
    expect(stale.reason).toBe('stale');
    expect(stale.message).toBe('The bulletin is at revision 1, not 7; reload it.');
  });
});

describe('publish', () => {
  it('publishes a draft at the given time, one revision on', () => {
    const next = publish(draft(), change());
    expect(next).toMatchObject({ status: 'published', publishedAt: later.toISOString(), revision: 2 });
  });

  it('checks the state before the revision: a published item is a 409 whatever If-Match says', () => {
    const refusal = refusalOf(() => publish(draft({ status: 'published' }), change({ expectedRevision: 9 })));
    expect(refusal.reason).toBe('conflict');
    expect(refusal.message).toBe('The bulletin is published already.');
  });

  it('refuses a due date that has passed, naming the field', () => {
    const refusal = refusalOf(() => publish(draft({ acknowledgeBy: '2026-03-02T09:59:59.000Z' }), change()));
    expect(refusal.reason).toBe('invalid');
    expect(refusal.fields.map((f) => f.field)).toEqual(['acknowledgeBy']);
  });

  it('accepts the current revision named by If-Match', () => {
    expect(publish(draft(), change({ expectedRevision: 1 })).revision).toBe(2);
  });
});

describe('revise', () => {
  const published = draft({ status: 'published', publishedAt: created.toISOString(), revision: 2 });

  it('keeps the round for a non-material revision and opens a new one for a material revision', () => {
    expect(
      revise(published, { changes: { title: 'New' }, material: false }, change()).acknowledgementRound,
    ).toBe(1);
    const material = revise(published, { changes: { title: 'New' }, material: true }, change());
    expect(material).toMatchObject({ acknowledgementRound: 2, revision: 3, title: 'New' });
  });

  it('refuses drafts and withdrawn items', () => {
    expect(refusalOf(() => revise(draft(), { changes: {}, material: false }, change())).reason).toBe(
      'conflict',
    );
    const withdrawn = draft({ status: 'withdrawn' });
    expect(refusalOf(() => revise(withdrawn, { changes: {}, material: false }, change())).reason).toBe(
      'conflict',
    );
  });

  it('reports a past due date on the field the request named', () => {
    const refusal = refusalOf(() =>
      revise(
        published,
        {
          changes: { acknowledgeBy: '2026-01-01T00:00:00.000Z' },
          material: true,
          dueDateField: 'changes.acknowledgeBy',
        },
        change(),
      ),
    );
    expect(refusal.fields).toEqual([
      {
        field: 'changes.acknowledgeBy',
        message: 'the acknowledgement due date must lie in the future',
        code: 'past_due',
      },
    ]);
  });

  it('refuses a due date on an item that asks for no acknowledgement', () => {
    const silent = draft({ status: 'published', requiresAcknowledgement: false, acknowledgeBy: null });
    const refusal = refusalOf(() =>
      revise(silent, { changes: { acknowledgeBy: '2026-05-01T00:00:00.000Z' }, material: false }, change()),
    );
    expect(refusal.fields[0]?.message).toBe('this bulletin asks for no acknowledgement');
  });
});

describe('withdraw', () => {
  it('withdraws a published item with its reason', () => {
    const next = withdraw(draft({ status: 'published' }), 'Wrong port named', change());
    expect(next).toMatchObject({
      status: 'withdrawn',
      withdrawnAt: later.toISOString(),
      withdrawalReason: 'Wrong port named',
      revision: 2,
    });
  });

  it('refuses a draft and an item withdrawn already', () => {
    expect(refusalOf(() => withdraw(draft(), 'x', change())).message).toBe(
      'Only a published bulletin is withdrawn.',
    );
    expect(refusalOf(() => withdraw(draft({ status: 'withdrawn' }), 'x', change())).reason).toBe('conflict');
  });
});

describe('acknowledging', () => {
  const published = draft({ status: 'published' });

  it('is for recipient organisations through a contributor, of published items', () => {
    expect(() =>
      requireAcknowledgeable(viewer('rotterdam', 'contributor'), published, 'bulletin'),
    ).not.toThrow();
    expect(
      refusalOf(() => requireAcknowledgeable(viewer('hamburg', 'contributor'), published, 'bulletin')).reason,
    ).toBe('forbidden');
    expect(
      refusalOf(() => requireAcknowledgeable(viewer('rotterdam', 'reader'), published, 'bulletin')).reason,
    ).toBe('forbidden');
    expect(
      refusalOf(() => requireAcknowledgeable(viewer('rotterdam', 'contributor'), draft(), 'bulletin')).reason,
    ).toBe('conflict');
  });

  it('shows a recipient what it still has to do, and nothing once it acknowledged', () => {
    const rotterdam = viewer('rotterdam', 'contributor');
    expect(standingOf(rotterdam, published, false)).toEqual({
      recipient: true,
      needsAcknowledgement: true,
      mayAcknowledge: true,
    });
    expect(standingOf(rotterdam, published, true).needsAcknowledgement).toBe(false);
    expect(standingOf(viewer('hamburg', 'contributor'), published, false)).toEqual({
      recipient: false,
      needsAcknowledgement: false,
      mayAcknowledge: false,
    });
  });
});

describe('changes', () => {
  it('names only the fields a request sent, and only those whose value changes', () => {
    const sent: { title?: string; summary?: string; ports?: string[] } = {
      title: 'Same',
      summary: undefined,
      ports: ['NLRTM'],
    };
    const changes = namedFields(sent);
    expect(changes).toEqual({ title: 'Same', ports: ['NLRTM'] });
    expect(changedFields({ title: 'Same', summary: 'Kept', ports: ['BEANR'] }, changes)).toEqual(['ports']);
  });
});

describe('attachments before publication', () => {
  const attachment = (fileName: string, status?: 'pending' | 'ready') => ({
    id: fileName,
    fileName,
    contentType: 'application/pdf',
    size: 10,
    createdAt: created.toISOString(),
    createdBy: 'ben-antwerp',
    ...(status ? { status } : {}),
  });

  it('lets an item with ready attachments (or ones stored before there was a status) publish', () => {
    expect(() =>
      requireReadyAttachments({ attachments: [attachment('a.pdf', 'ready'), attachment('b.pdf')] }),
    ).not.toThrow();
  });

  it('names every pending one', () => {
    const refusal = refusalOf(() =>
      requireReadyAttachments({
        attachments: [attachment('a.pdf', 'pending'), attachment('b.pdf', 'pending')],
      }),
    );
    expect(refusal.reason).toBe('conflict');
    expect(refusal.message).toBe(
      'Not uploaded yet: a.pdf, b.pdf. Upload them again or remove them, then publish.',
    );
  });
});
