import type { Bulletin, BulletinDetail } from '../../../../shared/bulletin';
import { ApiError, api } from '../../api';

/** What the composer writes: the draft's content fields, by name. */
export type DraftContent = Record<string, unknown>;

/**
 * Whether the fields a save writes are the same in `fresh` as in `base`, the revision the author
 * saw: then only something else (an attachment added, checked or removed) moved the revision.
 */
export const untouchedSince = (base: Bulletin, fresh: Bulletin, content: DraftContent) =>
  Object.keys(content).every(
    (field) =>
      JSON.stringify(base[field as keyof Bulletin]) === JSON.stringify(fresh[field as keyof Bulletin]),
  );

/**
 * Saves a draft's content over the revision the composer last saw. An upload runs while the author
 * goes on writing, and each of its steps moves the revision without touching the content: that
 * refusal (412) is a false conflict, so the draft is read again and, when nobody changed what this
 * save writes, saved over the newer revision. A change by someone else to the content stays a 412.
 */
export async function saveDraft(base: Bulletin, content: DraftContent): Promise<Bulletin> {
  const saveOver = (revision: number) =>
    api<Bulletin>(`/api/v1/bulletins/${base.id}`, {
      method: 'PATCH',
      body: content,
      headers: { 'if-match': `"${revision}"` },
    });
  try {
    return await saveOver(base.revision);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 412)) throw err;
    const fresh = await api<BulletinDetail>(`/api/v1/bulletins/${base.id}`);
    if (fresh.revision === base.revision || !untouchedSince(base, fresh, content)) throw err;
    return saveOver(fresh.revision);
  }
}
