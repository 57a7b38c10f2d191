import * as z from 'zod';
import { canChangeItem } from './permissions';
import { tlpLabels, tlpPresentation } from './tlp-labels';
import type { Viewer } from './viewer';

/** TLP 2.0 labels, spelled exactly as FIRST writes them. */
export const TlpLabel = z.enum(tlpLabels);
export type TlpLabel = z.infer<typeof TlpLabel>;
export { tlpLabels, tlpPresentation };

/** Labels whose items reach only named recipients; they travel through inboxes, not the community feed. */
export const restrictedLabels: readonly TlpLabel[] = ['TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'];
export const isRestricted = (tlp: TlpLabel): boolean => restrictedLabels.includes(tlp);

/** What `canSee` needs to know of a bulletin or document. */
export interface LabelledItem {
  tlp: TlpLabel;
  status?: 'draft' | 'published' | 'withdrawn';
  authorId: string;
  authorOrganisationId: string;
  recipients: { organisations: readonly string[]; members: readonly string[] };
}

/**
 * The one rule for who sees a labelled item (docs/security.md). A viewer of `null` is an anonymous
 * visitor. A TLP:RED draft is its author's alone (its recipients are not final, so nobody else has
 * a need to know yet); other drafts are seen by the contributors of the author's organisation.
 */
export function canSee(viewer: Viewer | null, item: LabelledItem): boolean {
  const ownOrganisation = viewer !== null && viewer.organisationId === item.authorOrganisationId;
  if (item.status === 'draft') {
    if (viewer === null) return false;
    if (viewer.memberId === item.authorId) return true;
    return item.tlp !== 'TLP:RED' && canChangeItem(viewer, item);
  }
  switch (item.tlp) {
    case 'TLP:CLEAR':
      return true;
    case 'TLP:GREEN':
      return viewer !== null;
    case 'TLP:AMBER':
    case 'TLP:AMBER+STRICT':
      return (
        viewer !== null && (ownOrganisation || item.recipients.organisations.includes(viewer.organisationId))
      );
    case 'TLP:RED':
      return (
        viewer !== null &&
        (viewer.memberId === item.authorId || item.recipients.members.includes(viewer.memberId))
      );
  }
}
