import { randomBytes } from 'node:crypto';
import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CursorSealer } from '../../functions/api/cursor';
import { taxiiMediaType } from '../../functions/api/routes/taxii';
import { stixIds } from '../../functions/api/stix';
import { canSee, type TlpLabel } from '../../shared';
import { createTestPortal, demoMember, expectProblem, type TestPortal } from '../support/portal';
import { publishBulletin } from '../support/shared-items';
import { stixErrors } from '../support/stix-schemas';
import { addressedItem, viewerOf } from '../support/tlp-arbitraries';

const accept = { accept: taxiiMediaType };
const ana = 'ana@antwerp.example';
const ben = 'ben@antwerp.example';
const ruth = 'ruth@rotterdam.example';

/** GET a TAXII path as a member (or with an API token), parsed. */
async function get(portal: TestPortal, path: string, who: { as?: string; token?: string }) {
  const headers: Record<string, string> = { ...accept };
  if (who.token) headers.authorization = `Bearer ${who.token}`;
  return portal.request(path, { ...(who.as ? { as: who.as } : {}), headers });
}

/** Every object (and manifest entry) of a collection, following `next` to the end. */
async function walk(
  portal: TestPortal,
  collectionUrl: string,
  who: { as?: string; token?: string },
  limit: number,
) {
  const pages: unknown[] = [];
  const reports: string[] = [];
  const manifest: string[] = [];
  for (const part of ['objects', 'manifest'] as const) {
    let next: string | undefined;
    do {
      const res = await get(
        portal,
        `${collectionUrl}${part}/?limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`,
        who,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(taxiiMediaType);
      pages.push({ part, body: res.json });
      const objects = (res.json.objects ?? []) as { id: string; type?: string }[];
      if (part === 'objects') reports.push(...objects.filter((o) => o.type === 'report').map((o) => o.id));
      else manifest.push(...objects.map((o) => o.id));
      next = res.json.more ? res.json.next : undefined;
      expect(res.json.more).toBe(next !== undefined);
    } while (next);
  }
  return { pages, reports, manifest };
}

describe('TAXII 2.1', () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await createTestPortal();
    for (const tlp of ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT'] as const) {
      for (let i = 0; i < 3; i++) {
        await publishBulletin(portal, ben, {
          tlp,
          recipients: { organisations: tlp.startsWith('TLP:AMBER') ? ['rotterdam'] : [], members: [] },
        });
      }
    }
  });

  it('discovery → API root → collections → objects: every visible bulletin exactly once, at every page size', async () => {
    const discovery = await get(portal, '/taxii2/', { as: ruth });
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get('content-type')).toBe(taxiiMediaType);
    const apiRoot = new URL(discovery.json.default).pathname;
    const root = await get(portal, apiRoot, { as: ruth });
    expect(root.json.versions).toEqual([taxiiMediaType]);
    const collections = (await get(portal, `${apiRoot}collections/`, { as: ruth })).json.collections as {
      id: string;
      title: string;
    }[];
    expect(collections.map((c) => c.title)).toEqual([
      'Bulletins for my organisation',
      'Community TLP:GREEN',
      'Public TLP:CLEAR',
    ]);
    // What the JSON API shows Ruth, walked to its end.
    const feed: { id: string; tlp: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await portal.request(`/api/v1/bulletins?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
        as: ruth,
      });
      feed.push(...res.json.items);
      cursor = res.json.nextCursor;
    } while (cursor);
    for (const limit of [1, 2, 5, 100]) {
      const all: string[] = [];
      for (const col of collections) {
        const { reports, manifest, pages } = await walk(
          portal,
          `${apiRoot}collections/${col.id}/`,
          { as: ruth },
          limit,
        );
        expect(new Set(reports).size).toBe(reports.length);
        expect(manifest).toEqual(reports);
        for (const p of pages as { part: string; body: { objects?: { type: string }[] } }[]) {
          if (p.part === 'objects' && p.body.objects) {
            expect(
              stixErrors({
                type: 'bundle',
                id: 'bundle--6ba7b810-9dad-41d1-80b4-00c04fd430c8',
                ...p.body,
              } as never),
            ).toEqual([]);
          }
        }
        all.push(...reports);
      }
      expect(all.sort()).toEqual(feed.map((b) => stixIds.report(b.id)).sort());
    }
  });

  it('pages from added_after, answers 404 for an unknown collection, 406 for a client that accepts no TAXII, 401 without a token', async () => {
    const { collections } = (await get(portal, '/taxii2/api/collections/', { as: ruth })).json;
    const green = `/taxii2/api/collections/${collections[1].id}/`;
    const first = await get(portal, `${green}objects/?limit=1`, { as: ruth });
    const after = first.headers.get('x-taxii-date-added-last')!;
    const rest = await walk(portal, green, { as: ruth }, 100);
    const later = await get(portal, `${green}manifest/?added_after=${encodeURIComponent(after)}`, {
      as: ruth,
    });
    expect(later.json.objects.map((o: { id: string }) => o.id)).toEqual(rest.manifest.slice(1));
    expectProblem(
      await get(portal, `/taxii2/api/collections/${crypto.randomUUID()}/objects/`, { as: ruth }),
      404,
    );
    expectProblem(await portal.request('/taxii2/', { as: ruth, headers: { accept: 'text/html' } }), 406);
    expectProblem(await portal.request('/taxii2/', { headers: accept }), 401);
    expectProblem(await get(portal, `${green}objects/?next=forged`, { as: ruth }), 400);
    expectProblem(await get(portal, `${green}objects/?limit=0`, { as: ruth }), 400);
  });

  it('serves an API token with bulletins:read, and refuses one without it', async () => {
    const expiresAt = new Date(portal.deps.now().getTime() + 86_400_000).toISOString();
    const make = async (scopes: string[]) =>
      (
        await portal.request('/api/v1/organisations/antwerp/tokens', {
          as: ana,
          body: { name: 'OpenCTI', scopes, expiresAt },
        })
      ).json.token as string;
    const reader = await make(['bulletins:read']);
    expect((await get(portal, '/taxii2/api/collections/', { token: reader })).status).toBe(200);
    const docsOnly = await make(['documents:read']);
    expectProblem(await get(portal, '/taxii2/api/collections/', { token: docsOnly }), 403);
  });
});

/**
 * Issue 9's two-worlds property over TAXII: world A holds only the bulletins a viewer may see,
 * world B the same ones (same ids, same times) with hidden ones in between; every TAXII answer
 * (objects, manifest, `more`, `next`) is the same in both, at page sizes 1 to 3.
 */
describe('two worlds over TAXII', () => {
  const viewers = [
    'ben@antwerp.example',
    'bo@antwerp.example',
    'ruth@rotterdam.example',
    'hans@hamburg.example',
  ];
  const itemArb = addressedItem({
    author: fc.constantFrom('ben@antwerp.example', 'ruth@rotterdam.example', 'hans@hamburg.example'),
  });
  type Spec = typeof itemArb extends fc.Arbitrary<infer T> ? T : never;
  const cursorKey = randomBytes(32);
  const start = Date.parse('2026-06-15T10:00:00Z');

  async function world() {
    let clock = new Date(start);
    let key = '';
    let call = 0;
    const portal = await createTestPortal({
      seed: 'directory',
      overrides: {
        now: () => clock,
        newId: () => `${key}-0000-4000-8000-${String(call++).padStart(12, '0')}`,
        cursors: new CursorSealer(cursorKey),
      },
    });
    return {
      portal,
      at(k: string, t: Date) {
        key = k;
        call = 0;
        clock = t;
      },
    };
  }
  type World = Awaited<ReturnType<typeof world>>;
  const pairs = new Map<string, { a: World; b: World; made: number; serial: number }>();
  let serials = 0;
  let hidden = 0;

  const visibleTo = (viewer: string, spec: Spec) => {
    const author = demoMember(spec.author);
    return canSee(viewerOf(viewer), {
      tlp: spec.tlp as TlpLabel,
      status: 'published',
      authorId: author.id,
      authorOrganisationId: author.organisationId,
      recipients: { organisations: spec.orgs, members: spec.members },
    });
  };

  async function answers(portal: TestPortal, viewer: string, limit: number) {
    const { collections } = (await get(portal, '/taxii2/api/collections/', { as: viewer })).json;
    const seen: unknown[] = [collections];
    for (const col of collections)
      seen.push((await walk(portal, `/taxii2/api/collections/${col.id}/`, { as: viewer }, limit)).pages);
    return seen;
  }

  it('give the viewer identical TAXII collections, pages and cursors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...viewers),
        fc.array(itemArb, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 3 }),
        async (viewer, specs, limit) => {
          let pair = pairs.get(viewer);
          if (!pair) {
            pair = { a: await world(), b: await world(), made: 0, serial: serials++ };
            pairs.set(viewer, pair);
          }
          for (const spec of specs) {
            const n = pair.made++;
            const key = `${String(pair.serial).padStart(2, '0')}${String(n).padStart(6, '0')}`;
            const visible = visibleTo(viewer, spec);
            if (!visible) hidden += 1;
            for (const w of visible ? [pair.a, pair.b] : [pair.b]) {
              w.at(key, new Date(start + n * 1000));
              await publishBulletin(w.portal, spec.author, {
                tlp: spec.tlp,
                recipients: { organisations: spec.orgs, members: spec.members },
              });
            }
          }
          expect(await answers(pair.b.portal, viewer, limit)).toEqual(
            await answers(pair.a.portal, viewer, limit),
          );
        },
      ),
      { numRuns: 12 },
    );
    expect(hidden).toBeGreaterThan(0);
  }, 600_000);
});
