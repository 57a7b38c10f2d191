/**
 * Sightings, "seen here too" (issue 14, docs/waterbed.md): a contributor records that the method
 * of a bulletin they may see was seen at a port. A sighting lives under its bulletin's TLP.
 */
import * as z from 'zod';
import { BulletinId } from './bulletin';
import { quarterOf } from './indicators';
import type { OrganisationKind } from './organisation';
import { Unlocode } from './organisation';
import { canContribute, seesEveryAssessment } from './permissions';
import { Refusal } from './refusal';
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

/**
 * The sighting a contributor records of a bulletin they may see: refused to readers, for a bulletin
 * that is not published (a draft or withdrawn one takes none), and for a day after the one it is
 * recorded on (UTC). It counts in the quarter of the day it was seen, not of the day it is recorded.
 */
export function recordSighting(
  bulletin: { id: string; status: string },
  viewer: Viewer,
  input: NewSighting,
  recorded: { id: string; at: Date },
): Sighting {
  if (!canContribute(viewer)) throw new Refusal('forbidden', 'Only contributors record sightings.');
  if (bulletin.status !== 'published')
    throw new Refusal('conflict', `A ${bulletin.status} bulletin takes no sightings.`);
  if (input.seenOn > recorded.at.toISOString().slice(0, 10))
    throw new Refusal('invalid', 'A sighting cannot be dated in the future.', [
      { field: 'seenOn', message: 'in the future' },
    ]);
  return {
    id: recorded.id,
    bulletinId: bulletin.id,
    port: input.port,
    seenOn: input.seenOn,
    quarter: quarterOf(input.seenOn),
    note: input.note,
    ...(input.ownBulletinId ? { ownBulletinId: input.ownBulletinId } : {}),
    organisationId: viewer.organisationId,
    recordedBy: { memberId: viewer.memberId, email: viewer.email },
    recordedAt: recorded.at.toISOString(),
  };
}

/** What the audit trail keeps of a recorded sighting: which, where and when; its note stays with it. */
export const sightingTrail = (s: Sighting) => ({ sightingId: s.id, port: s.port, seenOn: s.seenOn });

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

/** One bulletin's sightings at a port, as a viewer who may see the bulletin reads them. */
export const PortSightingsOfBulletin = z.object({
  bulletinId: z.string(),
  title: z.string(),
  tlp: z.string(),
  count: z.number().int(),
  /** The latest quarter it was seen at the port (days are in the sightings, for those who read them). */
  lastSeenIn: z.string(),
  /** Null for viewers other than the bulletin's author organisation and the Commission. */
  sightings: z.array(Sighting).nullable(),
});

/** `GET /ports/{locode}/sightings`: the sightings at a port, per bulletin the viewer may see. */
export const PortSightings = z.object({
  port: z.string(),
  count: z.number().int(),
  bulletins: z.array(PortSightingsOfBulletin),
});
export type PortSightings = z.infer<typeof PortSightings>;

/**
 * The sightings at a port as one viewer may read them: only those of bulletins `visible` lets
 * through (the caller's `canSee`), grouped per bulletin, most recently seen first; each in full
 * where `details` allows (the bulletin's author organisation and the Commission), else its count.
 */
export function portSightingsFor<B extends { id: string; title: string; tlp: string }>(
  port: string,
  all: readonly Sighting[],
  bulletins: readonly B[],
  visible: (bulletin: B) => boolean,
  details: (bulletin: B) => boolean,
): PortSightings {
  const shown = new Map(bulletins.filter(visible).map((b) => [b.id, b]));
  const byBulletin = new Map<string, Sighting[]>();
  for (const s of all) {
    if (s.port !== port || !shown.has(s.bulletinId)) continue;
    byBulletin.set(s.bulletinId, [...(byBulletin.get(s.bulletinId) ?? []), s]);
  }
  const newestFirst = (a: Sighting, b: Sighting) =>
    b.seenOn.localeCompare(a.seenOn) || b.recordedAt.localeCompare(a.recordedAt) || a.id.localeCompare(b.id);
  const entries = [...byBulletin].map(([id, sightings]) => {
    const bulletin = shown.get(id)!;
    const sorted = [...sightings].sort(newestFirst);
    return {
      bulletinId: id,
      title: bulletin.title,
      tlp: bulletin.tlp,
      count: sorted.length,
      lastSeenIn: sorted[0]!.quarter,
      sightings: details(bulletin) ? sorted : null,
    };
  });
  entries.sort(
    (a, b) => b.lastSeenIn.localeCompare(a.lastSeenIn) || a.bulletinId.localeCompare(b.bulletinId),
  );
  return { port, count: entries.reduce((n, e) => n + e.count, 0), bulletins: entries };
}
