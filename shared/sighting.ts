/**
 * Sightings, "seen here too" (issue 14, docs/waterbed.md): a contributor records that the method
 * of a bulletin they may see was seen at a port. A sighting lives under its bulletin's TLP.
 */
import * as z from 'zod';
import { BulletinId } from './bulletin';
import type { OrganisationKind } from './organisation';
import { Unlocode } from './organisation';
import { seesEveryAssessment } from './permissions';
import { MultiLineText } from './text';
import type { Viewer } from './viewer';

/** A calendar day, `2026-08-14`. */
export const Day = z.iso.date({ error: 'a date such as 2026-08-14' });

export const NewSighting = z.strictObject({
  port: Unlocode,
  seenOn: Day,
  note: MultiLineText.trim().max(1000).default(''),
  /** Optionally, the viewer organisation's own bulletin about it. */
  ownBulletinId: BulletinId.optional(),
});
export type NewSighting = z.infer<typeof NewSighting>;

export const Sighting = z.object({
  id: z.string(),
  bulletinId: z.string(),
  port: z.string(),
  seenOn: z.string(),
  quarter: z.string(),
  note: z.string(),
  ownBulletinId: z.string().optional(),
  organisationId: z.string(),
  recordedBy: z.object({ memberId: z.string(), email: z.string() }),
  recordedAt: z.iso.datetime(),
});
export type Sighting = z.infer<typeof Sighting>;

/** What the author organisation and the Commission get (everything), and others (count and ports). */
export const BulletinSightings = z.object({
  bulletinId: z.string(),
  count: z.number().int(),
  ports: z.array(z.object({ port: z.string(), count: z.number().int() })),
  /** Null for recipients other than the author organisation and the Commission. */
  sightings: z.array(Sighting).nullable(),
});
export type BulletinSightings = z.infer<typeof BulletinSightings>;

/** The author organisation and the Commission read every sighting of a bulletin in full. */
export const seesSightingDetails = (
  viewer: Viewer,
  viewerKind: OrganisationKind | undefined,
  bulletin: { authorOrganisationId: string },
): boolean => viewer.organisationId === bulletin.authorOrganisationId || seesEveryAssessment(viewerKind);

/** The answer of `GET /bulletins/{id}/sightings` for a viewer who may see the bulletin. */
export function sightingsFor(
  bulletinId: string,
  all: readonly Sighting[],
  details: boolean,
): BulletinSightings {
  const byPort = new Map<string, number>();
  for (const s of all) byPort.set(s.port, (byPort.get(s.port) ?? 0) + 1);
  return {
    bulletinId,
    count: all.length,
    ports: [...byPort].sort(([a], [b]) => a.localeCompare(b)).map(([port, count]) => ({ port, count })),
    sightings: details ? [...all] : null,
  };
}

export const sightingCsvColumns = [
  'id',
  'bulletinId',
  'port',
  'seenOn',
  'quarter',
  'organisationId',
  'recordedBy',
  'recordedAt',
  'note',
] as const;
export const sightingCsvRow = (s: Sighting) => ({ ...s, recordedBy: s.recordedBy.email });
