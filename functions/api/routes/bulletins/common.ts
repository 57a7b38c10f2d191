import type { Context } from 'hono';
import * as z from 'zod';
import { type Bulletin, BulletinId, type Revision } from '../../../../shared/bulletin';
import type { AppEnv } from '../../env';
import { problemResponses } from '../../router';
import { type ItemKind, requireChanger, visibleOr404, visibleRecordOr404 } from '../../shared-items';

/** Bulletins as a shared item kind (functions/api/shared-items.ts). */
export const bulletinKind: ItemKind = {
  noun: 'bulletin',
  tag: 'bulletins',
  recordAudit:
    (c) =>
    (...events) =>
      c.get('deps').bulletins.recordAudit(...events),
};

export const idParams = z.object({ id: BulletinId });
export const attachmentParams = z.object({ id: BulletinId, attachmentId: z.uuid() });

export const lifecycleResponses = {
  409: { description: 'Not in a state that allows this' },
  412: { description: 'If-Match names a revision that is no longer current' },
  ...problemResponses,
};

/** A bulletin the viewer may see (404 otherwise). */
export const visibleBulletin = async (c: Context<AppEnv>, id: string): Promise<Bulletin> =>
  visibleOr404(c, await c.get('deps').bulletins.get(id), bulletinKind);

/** A bulletin with its history and receipts, when the viewer may see it (404 otherwise). */
export const visibleBulletinRecord = async (c: Context<AppEnv>, id: string) =>
  visibleRecordOr404(c, await c.get('deps').bulletins.getRecord(id), (r) => r.bulletin, bulletinKind);

/** A bulletin the viewer's organisation may change (404 when not visible, 403 for others). */
export async function ownBulletin(c: Context<AppEnv>, id: string): Promise<Bulletin> {
  const bulletin = await visibleBulletin(c, id);
  requireChanger(c, bulletin, bulletinKind);
  return bulletin;
}

/** The history entry of a publication, revision or withdrawal, by the viewer. */
export function revisionEntry(
  c: Context<AppEnv>,
  next: Bulletin,
  kind: Revision['kind'],
  note: string,
  material: boolean,
  changedFields: string[],
): Revision {
  const viewer = c.get('viewer');
  return {
    revision: next.revision,
    kind,
    at: next.updatedAt,
    by: { memberId: viewer.memberId, email: viewer.email },
    material,
    note,
    changedFields,
  };
}
