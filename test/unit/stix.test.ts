import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bulletinObjects,
  type StixContext,
  stixBundle,
  stixIds,
  tlpMarkingIds,
  uuidV5,
} from '../../functions/api/stix';
import type { Bulletin } from '../../shared/bulletin';
import { threatCategoryIds } from '../../shared/taxonomy';
import { tlpLabels } from '../../shared/tlp';
import { stixErrors } from '../support/stix-schemas';

const ctx: StixContext = {
  baseUrl: 'https://portal.example',
  organisation: (id) =>
    id === 'antwerp'
      ? { id, name: 'Port of Antwerp-Bruges', country: 'BE', createdAt: '2026-01-05T09:00:00.000Z' }
      : undefined,
};

const iso = fc
  .integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString());
const text = fc.string({ minLength: 1, maxLength: 80 });

/** Any bulletin the stores could hold: every label, status, category, place and odd text. */
const bulletin: fc.Arbitrary<Bulletin> = fc
  .record({
    id: fc.uuid(),
    status: fc.constantFrom('published' as const, 'withdrawn' as const),
    revision: fc.integer({ min: 1, max: 50 }),
    title: text,
    summary: text,
    body: fc.oneof(fc.constant(''), fc.string({ maxLength: 400 })),
    severity: fc.constantFrom(
      'info' as const,
      'low' as const,
      'medium' as const,
      'high' as const,
      'critical' as const,
    ),
    tlp: fc.constantFrom(...tlpLabels),
    categories: fc.uniqueArray(fc.constantFrom(...threatCategoryIds), { minLength: 1, maxLength: 6 }),
    ports: fc.uniqueArray(fc.constantFrom('BEANR', 'NLRTM', 'DEHAM', 'ESALG', 'FRMRS'), { maxLength: 5 }),
    originCountries: fc.uniqueArray(fc.constantFrom('EC', 'CO', 'BR', 'PE', 'PA'), { maxLength: 5 }),
    authorOrganisationId: fc.constantFrom('antwerp', 'rotterdam', 'be-customs'),
    publishedAt: iso,
    later: fc.integer({ min: 0, max: 10 ** 9 }),
  })
  .map(({ later, ...b }) => ({
    ...b,
    recipients: { organisations: [], members: [] },
    requiresAcknowledgement: false,
    acknowledgeBy: null,
    acknowledgementRound: 1,
    authorId: 'ben-antwerp',
    authorEmail: 'ben@antwerp.example',
    createdAt: b.publishedAt,
    updatedAt: new Date(Date.parse(b.publishedAt) + later).toISOString(),
    withdrawnAt: null,
    withdrawalReason: null,
    attachments: [],
  }));

describe('STIX 2.1 export', () => {
  it('builds bundles that validate against OASIS’s STIX 2.1 schemas, for any bulletins', () => {
    fc.assert(
      fc.property(fc.array(bulletin, { maxLength: 4 }), (bulletins) => {
        const bundle = stixBundle(bulletins, ctx);
        expect(stixErrors(bundle)).toEqual([]);
        // Every reference resolves inside the bundle, markings included.
        const ids = new Set((bundle.objects ?? []).map((o) => o.id));
        for (const o of bundle.objects ?? []) {
          for (const ref of [
            ...((o.object_refs as string[]) ?? []),
            ...((o.object_marking_refs as string[]) ?? []),
          ]) {
            expect(ids.has(ref)).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
    // Compiling OASIS's schemas takes seconds on a busy machine.
  }, 60_000);

  it('the schemas catch a broken object (the validation can fail)', () => {
    const [report] = bulletinObjects(fc.sample(bulletin, 1)[0]!, ctx);
    const bad = { ...report, published: 'yesterday', object_refs: [] };
    expect(
      stixErrors({
        type: 'bundle',
        id: 'bundle--6ba7b810-9dad-11d1-80b4-00c04fd430c8',
        objects: [bad],
      } as never).length,
    ).toBeGreaterThan(0);
  });

  it('keeps ids stable, moves `modified` with a revision and marks the label with OASIS’s TLP 2.0 ids', () => {
    const [b] = fc.sample(bulletin, { seed: 7, numRuns: 1 });
    const first = bulletinObjects(b!, ctx)[0]!;
    const revised = bulletinObjects(
      { ...b!, revision: b!.revision + 1, updatedAt: '2031-01-01T00:00:00.000Z' },
      ctx,
    )[0]!;
    expect(revised.id).toBe(first.id);
    expect(first.id).toBe(stixIds.report(b!.id));
    expect(revised.modified).toBe('2031-01-01T00:00:00.000Z');
    expect(revised.created).toBe(first.created);
    expect(first.object_marking_refs).toEqual([tlpMarkingIds[b!.tlp]]);
    expect(stixBundle([b!], ctx)).toEqual(stixBundle([b!], ctx));
  });

  it('computes RFC 9562 UUIDv5 (the DNS namespace example)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});
