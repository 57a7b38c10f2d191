/**
 * Bulletins as STIX 2.1 (docs/interoperability.md): a pure builder, no I/O. A bulletin is a
 * `report` by its publishing organisation (an `identity`), referring to `location`s (origin
 * countries, affected ports), its categories as `labels` from the alliance taxonomy
 * (shared/taxonomy.ts), and marked with OASIS's TLP 2.0 `marking-definition` (fixed ids).
 * Ids are UUIDv5 of a fixed namespace and the portal's own id, so the same bulletin always
 * exports with the same ids; a revision moves `modified`, a withdrawal sets `revoked`.
 */
import { createHash } from 'node:crypto';
import type { Bulletin } from '../../shared/bulletin';
import type { TlpLabel } from '../../shared/tlp';

export const stixMediaType = 'application/stix+json;version=2.1';

/** The alliance's namespace for UUIDv5 STIX ids. Never change it: every exported id depends on it. */
export const allianceStixNamespace = '06e6199e-50b1-4999-a05a-40143cea74cc';

/** TLP 2.0 extension definition published by OASIS (cti-stix-common-objects, tlp-2.0). */
export const tlp2ExtensionId = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** OASIS's TLP 2.0 marking definitions: fixed ids and `created`, the label in `tlp_2_0`. */
export const tlpMarkingIds: Record<TlpLabel, string> = {
  'TLP:CLEAR': 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  'TLP:GREEN': 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  'TLP:AMBER': 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'TLP:AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  'TLP:RED': 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

export function tlpMarking(tlp: TlpLabel) {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: tlpMarkingIds[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: tlp,
    extensions: {
      [tlp2ExtensionId]: { extension_type: 'property-extension', tlp_2_0: tlp.slice(4).toLowerCase() },
    },
  };
}

/** RFC 9562 UUIDv5 (SHA-1) of a name in a namespace. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const stixId = (type: string, name: string) => `${type}--${uuidV5(allianceStixNamespace, name)}`;

export const stixIds = {
  report: (bulletinId: string) => stixId('report', `bulletin:${bulletinId}`),
  identity: (organisationId: string) => stixId('identity', `organisation:${organisationId}`),
  country: (code: string) => stixId('location', `country:${code}`),
  port: (locode: string) => stixId('location', `port:${locode}`),
};

/** What the builder needs of the publishing organisation (public directory facts). */
export interface StixOrganisation {
  id: string;
  name: string;
  country: string;
}

/** Objects that are not the bulletin's own (organisations, places) carry public facts only. */
const publicMarking = [tlpMarkingIds['TLP:CLEAR']];
/** `created` of the shared vocabulary objects (places), fixed so their ids and versions never move. */
const vocabularyCreated = '2026-01-01T00:00:00.000Z';

export type StixObject = { type: string; id: string } & Record<string, unknown>;

export interface StixContext {
  /** The portal's public address, for the report's link back (functions/api/public-site.ts). */
  baseUrl: string;
  organisation: (id: string) => StixOrganisation | undefined;
}

function identityOf(orgId: string, ctx: StixContext): StixObject {
  const org = ctx.organisation(orgId);
  // Fixed, like places: an organisation's identity is the same object in every export.
  const created = vocabularyCreated;
  return {
    type: 'identity',
    spec_version: '2.1',
    id: stixIds.identity(orgId),
    created,
    modified: created,
    name: org?.name ?? orgId,
    identity_class: 'organization',
    ...(org ? { contact_information: `Alliance member ${org.id} (${org.country})` } : {}),
    object_marking_refs: publicMarking,
  };
}

const countryLocation = (code: string): StixObject => ({
  type: 'location',
  spec_version: '2.1',
  id: stixIds.country(code),
  created: vocabularyCreated,
  modified: vocabularyCreated,
  name: code,
  country: code,
  object_marking_refs: publicMarking,
});

const portLocation = (locode: string): StixObject => ({
  type: 'location',
  spec_version: '2.1',
  id: stixIds.port(locode),
  created: vocabularyCreated,
  modified: vocabularyCreated,
  name: `Port ${locode} (UN/LOCODE)`,
  country: locode.slice(0, 2),
  external_references: [{ source_name: 'UN/LOCODE', external_id: locode }],
  object_marking_refs: publicMarking,
});

/** Milliseconds always: every timestamp of the export has the same form. */
const ts = (iso: string) => new Date(iso).toISOString();

/** The bulletin's `report` (its references must be in the same bundle: `bulletinObjects`). */
export function reportOf(b: Bulletin, ctx: StixContext): StixObject {
  const created = ts(b.publishedAt ?? b.createdAt);
  // Never before `created` (ISO timestamps of one form sort as strings).
  const modified = [created, ts(b.updatedAt)].sort()[1]!;
  return {
    type: 'report',
    spec_version: '2.1',
    id: stixIds.report(b.id),
    created_by_ref: stixIds.identity(b.authorOrganisationId),
    created,
    modified,
    name: b.title,
    description: b.body ? `${b.summary}\n\n${b.body}` : b.summary,
    report_types: ['threat-report'],
    published: created,
    labels: [...b.categories, `severity:${b.severity}`],
    ...(b.status === 'withdrawn' ? { revoked: true } : {}),
    object_refs: [
      stixIds.identity(b.authorOrganisationId),
      ...b.originCountries.map(stixIds.country),
      ...b.ports.map(stixIds.port),
    ],
    external_references: [
      { source_name: 'alliance-portal', external_id: b.id, url: `${ctx.baseUrl}/bulletins/${b.id}` },
    ],
    object_marking_refs: [tlpMarkingIds[b.tlp]],
  };
}

/** Every object a bulletin's report needs, its own first. */
export function bulletinObjects(b: Bulletin, ctx: StixContext): StixObject[] {
  return [
    reportOf(b, ctx),
    identityOf(b.authorOrganisationId, ctx),
    ...b.originCountries.map(countryLocation),
    ...b.ports.map(portLocation),
  ];
}

/**
 * A bundle of bulletins: each object once (shared places and organisations too), the TLP
 * marking definitions they use, in a stable order. The bundle id follows from what it holds.
 */
export function stixBundle(bulletins: readonly Bulletin[], ctx: StixContext) {
  const objects = new Map<string, StixObject>();
  const markings = new Set<TlpLabel>(bulletins.length > 0 ? ['TLP:CLEAR'] : []);
  for (const b of bulletins) {
    markings.add(b.tlp);
    for (const o of bulletinObjects(b, ctx)) if (!objects.has(o.id)) objects.set(o.id, o);
  }
  const all: StixObject[] = [...[...markings].map(tlpMarking), ...objects.values()];
  const fingerprint = all.map((o) => `${o.id}@${(o.modified as string | undefined) ?? ''}`).join('|');
  // The schema wants a bundle's `objects` to hold one at least: an empty page has none.
  return { type: 'bundle', id: stixId('bundle', fingerprint), ...(all.length > 0 ? { objects: all } : {}) };
}
