import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../functions/ports';
import { createTestPortal, demoMember, type TestPortal } from '../support/portal';
import { publishBulletin } from '../support/shared-items';

/**
 * Issue 17, item 3: an acknowledgement or read receipt that another request recorded first is
 * not a conflict; only a bulletin whose status or round really changed is.
 */

const ben = 'ben@antwerp.example';
const ruth = 'ruth@rotterdam.example';
const fixedNow = new Date();

let portal: TestPortal;
beforeAll(async () => {
  portal = await createTestPortal({ seed: 'directory', overrides: { now: () => fixedNow } });
});

const receipt = (bulletin: any, at: string, requestId: string, acknowledge = true) => {
  const member = demoMember(ruth);
  return {
    bulletin,
    organisationId: member.organisationId,
    member: { memberId: member.id, email: ruth },
    acknowledge,
    markRead: true,
    at,
    audit: {
      at,
      requestId,
      actor: { memberId: member.id, organisationId: member.organisationId, role: member.role },
      action: 'bulletin.acknowledged',
      object: { type: 'bulletin', id: bulletin.id },
      organisationId: member.organisationId,
    },
  };
};

const partition = async (id: string) => portal.deps.bulletins.getRecord(id);

describe('receipts written by a concurrent request', () => {
  it('stand, and the later request succeeds without writing them twice', async () => {
    const { id } = await publishBulletin(portal, ben, { requiresAcknowledgement: true });
    const bulletin = await portal.deps.bulletins.get(id);
    // Both requests read the bulletin before either wrote: the second finds both receipts taken.
    await portal.deps.bulletins.acknowledge(receipt(bulletin, fixedNow.toISOString(), 'first'));
    await expect(
      portal.deps.bulletins.acknowledge(receipt(bulletin, fixedNow.toISOString(), 'second')),
    ).resolves.toBeUndefined();
    const record = await partition(id);
    expect(record!.acknowledgements).toHaveLength(1);
    expect(record!.reads).toHaveLength(1);
  });

  it('writes what is still missing when only one receipt was taken', async () => {
    const { id } = await publishBulletin(portal, ben, { requiresAcknowledgement: true });
    const bulletin = await portal.deps.bulletins.get(id);
    // A colleague's acknowledgement got there first; Ruth's own read is still to be written.
    const pieter = receipt(bulletin, fixedNow.toISOString(), 'colleague', true);
    await portal.deps.bulletins.acknowledge({
      ...pieter,
      markRead: false,
    });
    await portal.deps.bulletins.acknowledge(receipt(bulletin, fixedNow.toISOString(), 'ruth', true));
    const record = await partition(id);
    expect(record!.acknowledgements).toHaveLength(1);
    expect(record!.reads.map((r) => r.memberId)).toEqual(['ruth-rotterdam']);
  });

  it('is a conflict when the bulletin was withdrawn meanwhile', async () => {
    const { id } = await publishBulletin(portal, ben, { requiresAcknowledgement: true });
    const bulletin = await portal.deps.bulletins.get(id);
    const withdrawn = await portal.request(`/api/v1/bulletins/${id}/withdraw`, {
      as: ben,
      body: { reason: 'Sent to the wrong ports' },
    });
    expect(withdrawn.status).toBe(200);
    await expect(
      portal.deps.bulletins.acknowledge(receipt(bulletin, fixedNow.toISOString(), 'late')),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await partition(id))!.acknowledgements).toHaveLength(0);
  });

  it('answers ten parallel acknowledgements by one member with ten 200s and one receipt each', async () => {
    const { id } = await publishBulletin(portal, ben, { requiresAcknowledgement: true });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        portal.request(`/api/v1/bulletins/${id}/acknowledgements`, {
          as: ruth,
          body: { kind: 'acknowledge' },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const record = await partition(id);
    expect(record!.acknowledgements).toHaveLength(1);
    expect(record!.reads).toHaveLength(1);
  });
});
