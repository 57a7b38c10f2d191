import { describe, expect, it } from 'vitest';
import {
  attestationOf,
  type Document,
  draftFields,
  requireNewVersion,
  requireNextVersion,
  withCurrentVersion,
} from '../../shared';
import type { Viewer } from '../../shared/viewer';
import { refusalOf } from '../support/refusals';

const created = new Date('2026-03-01T10:00:00.000Z');
const later = new Date('2026-03-02T10:00:00.000Z');
const author = { memberId: 'ben-antwerp', email: 'ben@antwerp.example', organisationId: 'antwerp' };

const draft = (over: Partial<Document> = {}): Document => ({
  ...draftFields('doc-1', author, created),
  title: 'Seal checks at the gate',
  summary: 'How Antwerp checks seals',
  tags: ['seals'],
  areas: ['seal_integrity'],
  tlp: 'TLP:GREEN',
  recipients: { organisations: ['rotterdam'], members: [] },
  requiresAcknowledgement: true,
  acknowledgeBy: '2026-04-01T00:00:00.000Z',
  authorOrganisationKind: 'port_authority',
  currentVersion: 0,
  currentFile: null,
  versionAt: null,
  ...over,
});

const version = (n: number, material = false, acknowledgeBy?: string) => ({
  version: n,
  fileName: `v${n}.pdf`,
  contentType: 'application/pdf' as const,
  size: 1000 + n,
  material,
  ...(acknowledgeBy ? { acknowledgeBy } : {}),
});

const change = { at: later, noun: 'document' };

const rotterdam: Viewer = {
  memberId: 'ruth',
  email: 'ruth@rotterdam.example',
  organisationId: 'rotterdam',
  role: 'contributor',
};

describe('a version becoming current', () => {
  it('publishes the draft with its first version', () => {
    const next = withCurrentVersion(draft(), version(1), 'a'.repeat(64), change);
    expect(next).toMatchObject({
      status: 'published',
      publishedAt: later.toISOString(),
      versionAt: later.toISOString(),
      currentVersion: 1,
      currentFile: { fileName: 'v1.pdf', contentType: 'application/pdf', size: 1001, sha256: 'a'.repeat(64) },
      acknowledgementRound: 1,
      revision: 2,
    });
  });

  it('keeps the round for a minor version and opens a new one, with its due date, for a material one', () => {
    const published = withCurrentVersion(draft(), version(1), 'a'.repeat(64), change);
    const minor = withCurrentVersion(published, version(2), 'b'.repeat(64), change);
    expect(minor).toMatchObject({
      currentVersion: 2,
      acknowledgementRound: 1,
      publishedAt: later.toISOString(),
    });
    const material = withCurrentVersion(
      minor,
      version(3, true, '2026-06-01T00:00:00.000Z'),
      'c'.repeat(64),
      change,
    );
    expect(material).toMatchObject({ acknowledgementRound: 2, acknowledgeBy: '2026-06-01T00:00:00.000Z' });
  });

  it('takes versions in order only', () => {
    expect(refusalOf(() => requireNextVersion(draft(), 2)).message).toBe(
      'Version 2 is not the next version.',
    );
    expect(refusalOf(() => withCurrentVersion(draft(), version(3), 'a'.repeat(64), change)).reason).toBe(
      'conflict',
    );
  });

  it('does not publish a first version whose due date has passed', () => {
    const late = draft({ acknowledgeBy: '2026-03-01T12:00:00.000Z' });
    expect(refusalOf(() => withCurrentVersion(late, version(1), 'a'.repeat(64), change)).reason).toBe(
      'invalid',
    );
  });
});

describe('starting a new version', () => {
  const published = draft({ status: 'published', currentVersion: 1 });
  const input = (over: object = {}) => ({
    changeNote: 'New gate',
    material: false,
    file: { fileName: 'v2.pdf', contentType: 'application/pdf' as const, size: 10 },
    ...over,
  });

  it('needs a published document', () => {
    expect(refusalOf(() => requireNewVersion(draft(), input(), later)).reason).toBe('conflict');
    expect(() => requireNewVersion(published, input(), later)).not.toThrow();
  });

  it('takes a new due date only with a material version of a document that asks for acknowledgement', () => {
    const due = '2026-05-01T00:00:00.000Z';
    expect(
      refusalOf(() => requireNewVersion(published, input({ acknowledgeBy: due }), later)).fields[0]?.field,
    ).toBe('acknowledgeBy');
    expect(() =>
      requireNewVersion(published, input({ acknowledgeBy: due, material: true }), later),
    ).not.toThrow();
    expect(
      refusalOf(() =>
        requireNewVersion(
          published,
          input({ acknowledgeBy: '2026-03-01T00:00:00.000Z', material: true }),
          later,
        ),
      ).reason,
    ).toBe('invalid');
  });
});

describe('attesting', () => {
  const published = withCurrentVersion(
    withCurrentVersion(draft(), version(1), 'a'.repeat(64), change),
    version(2),
    'b'.repeat(64),
    change,
  );

  it('records the current version and its file hash for the recipient organisation', () => {
    expect(attestationOf(published, rotterdam, undefined, later)).toEqual({
      organisationId: 'rotterdam',
      memberId: 'ruth',
      email: 'ruth@rotterdam.example',
      attestedAt: later.toISOString(),
      version: 2,
      sha256: 'b'.repeat(64),
      round: 1,
    });
  });

  it('refuses a superseded version (409), one that does not exist (400), a draft (409) and non-recipients (403)', () => {
    expect(refusalOf(() => attestationOf(published, rotterdam, 1, later)).reason).toBe('conflict');
    expect(refusalOf(() => attestationOf(published, rotterdam, 3, later)).reason).toBe('invalid');
    expect(refusalOf(() => attestationOf(draft(), rotterdam, undefined, later)).reason).toBe('conflict');
    expect(
      refusalOf(() => attestationOf(published, { ...rotterdam, organisationId: 'hamburg' }, undefined, later))
        .reason,
    ).toBe('forbidden');
  });
});
