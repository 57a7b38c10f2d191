/**
 * A port's harmonization deficit on the waterbed (docs/waterbed.md): the share of the mandatory
 * items of the current published checklist versions that apply to port authorities which the
 * port's organisation has not declared implemented. Items it answered `not_applicable` leave the
 * base; an organisation that has not answered a current version counts as implementing none of it.
 * Pure: the store hands in the harmonization items it read (one per checklist), the viewer's right
 * to see an organisation's progress (shared/permissions.ts) decides whether it is shown.
 */
import type { ChecklistItem, ItemStatus } from './checklist';
import type { OrganisationKind } from './organisation';
import { canSeeAssessment } from './permissions';
import type { Viewer } from './viewer';

/** The organisation kinds whose answers are kept per organisation for the waterbed. */
export const harmonizedKinds: readonly string[] = ['port_authority'];

/** What a checklist's current version asks: its number and how many mandatory items it has. */
export interface CurrentMandatory {
  version: number;
  mandatoryCount: number;
}

/** One organisation's answers to the mandatory items of one version, as counts. */
export interface MandatoryAnswers {
  implemented: number;
  notApplicable: number;
}

/** One checklist as the waterbed reads it: its current version (if it applies) and every port's answers. */
export interface ChecklistHarmonization {
  checklistId: string;
  current: CurrentMandatory | null;
  /** By `answersKey(organisationId, version)`. */
  answers: Record<string, MandatoryAnswers>;
}

/** Attribute name of an organisation's answers to one version on the harmonization item. */
export const answersKey = (organisationId: string, version: number) => `org|${organisationId}|${version}`;
export const answersPrefix = 'org|';

/** Counts an assessment's answers to the version's mandatory items. */
export function mandatoryAnswers(
  version: { items: readonly { id: string; level: ChecklistItem['level'] }[] },
  answers: readonly { itemId: string; status: ItemStatus }[],
): MandatoryAnswers {
  const mandatory = new Set(version.items.filter((i) => i.level === 'mandatory').map((i) => i.id));
  let implemented = 0;
  let notApplicable = 0;
  for (const a of answers) {
    if (!mandatory.has(a.itemId)) continue;
    if (a.status === 'implemented') implemented++;
    else if (a.status === 'not_applicable') notApplicable++;
  }
  return { implemented, notApplicable };
}

/**
 * The deficit of one organisation, 0 (every mandatory item implemented) to 1 (none); null when no
 * current version with mandatory items applies to port authorities. Answers to an older version
 * count for nothing once a newer one is current.
 */
export function portDeficit(
  checklists: readonly ChecklistHarmonization[],
  organisationId: string,
): number | null {
  let pairs = 0;
  let implemented = 0;
  let applies = false;
  for (const cl of checklists) {
    if (!cl.current || cl.current.mandatoryCount === 0) continue;
    applies = true;
    const own = cl.answers[answersKey(organisationId, cl.current.version)];
    pairs += cl.current.mandatoryCount - (own?.notApplicable ?? 0);
    implemented += own?.implemented ?? 0;
  }
  if (!applies) return null;
  return pairs > 0 ? Math.max(0, pairs - implemented) / pairs : 0;
}

/** The deficit as this viewer may see it: only their own organisation's, or every one for the Commission. */
export function visibleDeficit(
  see: { viewer: Viewer; viewerKind: OrganisationKind | undefined },
  checklists: readonly ChecklistHarmonization[],
  organisationId: string | null,
): number | null {
  if (organisationId === null || !canSeeAssessment(see.viewer, see.viewerKind, organisationId)) return null;
  return portDeficit(checklists, organisationId);
}

/** Bands of the map's colour scale: low below a quarter, high from a half (web legend, CSV stays numeric). */
export type DeficitBand = 'none' | 'low' | 'medium' | 'high';
export const deficitBand = (deficit: number | null): DeficitBand =>
  deficit === null ? 'none' : deficit < 0.25 ? 'low' : deficit < 0.5 ? 'medium' : 'high';
