import { describe, expect, it } from 'vitest';
import type { Bulletin } from '../../shared/bulletin';
import { untouchedSince } from '../../web/src/pages/bulletins/draft-save';
import { bulletinBody } from '../support/shared-items';

const draftAt = (revision: number, overrides: Record<string, unknown> = {}) =>
  ({
    id: 'b1',
    status: 'draft',
    revision,
    attachments: [],
    ...bulletinBody(overrides),
  }) as unknown as Bulletin;

describe('a draft saved over a revision the composer did not see', () => {
  const content = bulletinBody({ title: 'Seal check at the reefer stack' });

  it('goes ahead when only an attachment step moved the revision', () => {
    const seen = draftAt(2);
    const afterUpload = {
      ...draftAt(3),
      attachments: [{ id: 'a1', status: 'pending' }],
    } as unknown as Bulletin;
    expect(untouchedSince(seen, afterUpload, content)).toBe(true);
  });

  it('stays refused when someone changed any field the save writes', () => {
    const seen = draftAt(2);
    for (const [field, value] of Object.entries({
      title: 'Changed by a colleague',
      recipients: { organisations: ['rotterdam', 'hamburg'], members: [] },
      categories: ['rip-on-rip-off'],
      acknowledgeBy: '2026-12-31T22:59:59.999Z',
    })) {
      expect(untouchedSince(seen, draftAt(3, { [field]: value }), content), field).toBe(false);
    }
  });

  it('does not weigh fields the save leaves alone', () => {
    const onlyTitle = { title: 'Seal check at the reefer stack' };
    expect(untouchedSince(draftAt(2), draftAt(3, { summary: 'Changed by a colleague' }), onlyTitle)).toBe(
      true,
    );
  });
});
