import { randomBytes } from 'node:crypto';
import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CursorSealer } from '../../functions/api/cursor';
import { isPublicPath } from '../../functions/settings/public-paths';
import { createTestPortal, type TestPortal } from '../support/portal';
import {
  draftBulletin,
  draftDocument,
  listIds,
  publishBulletin,
  publishDocument,
  walkList,
} from '../support/shared-items';
import { addressedItem } from '../support/tlp-arbitraries';

/**
 * The public reads of issue 11 (Contract): TLP:CLEAR documents with their downloads and the
 * alliance's organisations, to anyone without signing in, and nothing else.
 */
let portal: TestPortal;
const ben = 'ben@antwerp.example';
beforeAll(async () => {
  portal = await createTestPortal();
});

describe('public organisations', () => {
  it('lists every member organisation by name, kind, country and UN/LOCODE, without signing in, and no people', async () => {
    expect(isPublicPath('/api/v1/public/organisations')).toBe(true);
    const pages = await walkList(portal, undefined, '/api/v1/public/organisations', 5);
    const items = pages.flatMap((p) => {
      expect(p.status).toBe(200);
      return (p.body as { items: Record<string, unknown>[] }).items;
    });
    const signedIn = await listIds(portal, ben, '/api/v1/organisations', 100);
    expect(items.map((o) => o.id).sort()).toEqual([...signedIn].sort());
    expect(items.find((o) => o.id === 'antwerp')).toEqual({
      id: 'antwerp',
      name: 'Port of Antwerp-Bruges',
      kind: 'port_authority',
      country: 'BE',
      unlocode: 'BEANR',
    });
    for (const o of items)
      expect(Object.keys(o).every((k) => ['id', 'name', 'kind', 'country', 'unlocode'].includes(k))).toBe(
        true,
      );
    expect(JSON.stringify(pages)).not.toMatch(/@|member/i);
  });
});

describe('public documents', () => {
  it('lists TLP:CLEAR published documents with a download anyone can use, and nothing else', async () => {
    expect(isPublicPath('/api/v1/public/documents')).toBe(true);
    const clear = await publishDocument(portal, ben, {
      tlp: 'TLP:CLEAR',
      recipients: { organisations: [], members: [] },
    });
    const green = await publishDocument(portal, ben, {
      tlp: 'TLP:GREEN',
      recipients: { organisations: [], members: [] },
    });
    const clearDraft = await draftDocument(portal, ben, {
      tlp: 'TLP:CLEAR',
      recipients: { organisations: [], members: [] },
    });
    const amber = await publishDocument(portal, ben);

    const listed = await portal.request('/api/v1/public/documents');
    expect(listed.status).toBe(200);
    expect(listed.json.items.map((d: { id: string }) => d.id)).toEqual([clear.id]);
    const [item] = listed.json.items;
    expect(item).toMatchObject({
      id: clear.id,
      tlp: 'TLP:CLEAR',
      authorOrganisationId: 'antwerp',
      file: { fileName: 'release-pins.pdf', contentType: 'application/pdf' },
      download: `/api/v1/public/documents/${clear.id}/download`,
    });
    expect(item.recipients).toBeUndefined();
    expect(item.authorId).toBeUndefined();

    const download = await portal.request(item.download);
    expect(download.status).toBe(200);
    expect(download.json).toMatchObject({
      fileName: 'release-pins.pdf',
      version: 1,
      url: expect.any(String),
    });
    expect((await fetch(download.json.url)).status).toBe(200);

    // Anything else is answered as if it did not exist.
    const missing = await portal.request('/api/v1/public/documents/no-such-document/download');
    expect(missing.status).toBe(404);
    for (const id of [green.id, clearDraft.id, amber.id]) {
      const res = await portal.request(`/api/v1/public/documents/${id}/download`);
      expect(res.status).toBe(404);
      const { requestId: _a, instance: _b, ...body } = res.json;
      const { requestId: _c, instance: _d, ...missingBody } = missing.json;
      expect(body).toEqual(missingBody);
    }
  });
});

/**
 * The two-worlds property for the public reads: world A holds only what anyone may see (TLP:CLEAR,
 * published); world B the same items with the same ids and times, and drafts and items under
 * other labels in between. Every public answer is the same in both, at every page size.
 */
const cursorKey = randomBytes(32);
const start = Date.now();

async function world() {
  let clock = new Date(start);
  let itemKey = '';
  let call = 0;
  const p = await createTestPortal({
    seed: 'directory',
    overrides: {
      now: () => clock,
      newId: () => `${itemKey}-0000-4000-8000-${String(call++).padStart(12, '0')}`,
      cursors: new CursorSealer(cursorKey),
    },
  });
  return {
    portal: p,
    at(key: string, time: Date) {
      itemKey = key;
      call = 0;
      clock = time;
    },
  };
}

const itemArb = addressedItem({
  kind: fc.constantFrom('bulletin', 'document'),
  draft: fc.boolean(),
});
type ItemSpec = typeof itemArb extends fc.Arbitrary<infer T> ? T : never;

async function make(p: TestPortal, spec: ItemSpec): Promise<string> {
  const overrides = { tlp: spec.tlp, recipients: { organisations: spec.orgs, members: spec.members } };
  if (spec.kind === 'bulletin') {
    return (
      spec.draft
        ? await draftBulletin(p, spec.author, overrides)
        : await publishBulletin(p, spec.author, overrides)
    ).id;
  }
  return (
    spec.draft
      ? await draftDocument(p, spec.author, overrides)
      : await publishDocument(p, spec.author, overrides)
  ).id;
}

const withoutRequestId = (pages: { status: number; body: any }[]) =>
  pages.map(({ status, body }) => {
    const { requestId: _, ...rest } = body ?? {};
    return { status, body: rest };
  });

async function publicAnswers(p: TestPortal, limit: number, ids: string[]) {
  const seen: Record<string, unknown> = {};
  for (const path of [
    '/api/v1/public/documents',
    '/api/v1/public/bulletins',
    '/api/v1/public/organisations',
  ]) {
    seen[path] = withoutRequestId(await walkList(p, undefined, path, limit));
  }
  seen.atom = (await p.request('/api/v1/public/bulletins.atom')).text;
  // Downloads of every id either world holds: the same status, and the same body when refused.
  for (const id of ids) {
    const res = await p.request(`/api/v1/public/documents/${id}/download`);
    seen[id] =
      res.status === 200
        ? { status: 200, fileName: res.json.fileName }
        : withoutRequestId([{ status: res.status, body: res.json }]);
  }
  return seen;
}

describe('two worlds that differ only in what the public may not see', () => {
  it('give identical public lists, pages, cursors, feed and downloads at every page size', async () => {
    const a = await world();
    const b = await world();
    let made = 0;
    let hidden = 0;
    const ids: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(itemArb, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        async (specs, limit) => {
          for (const spec of specs) {
            const n = made++;
            const key = String(n).padStart(8, '0');
            const time = new Date(start + n * 1000);
            const isPublic = spec.tlp === 'TLP:CLEAR' && !spec.draft;
            if (!isPublic) hidden += 1;
            for (const w of isPublic ? [a, b] : [b]) {
              w.at(key, time);
              const id = await make(w.portal, spec);
              if (w === b) ids.push(id);
            }
          }
          const inA = await publicAnswers(a.portal, limit, ids);
          const inB = await publicAnswers(b.portal, limit, ids);
          for (const key of Object.keys(inA)) expect(inB[key], key).toEqual(inA[key]);
        },
      ),
      { numRuns: 12 },
    );
    // Not vacuous: world B held hidden items, and CLEAR ones were listed.
    expect(hidden).toBeGreaterThan(0);
  }, 600_000);
});
