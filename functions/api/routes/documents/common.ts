import type { Context } from 'hono';
import * as z from 'zod';
import {
  type Document,
  type DocumentFile,
  DocumentId,
  type DocumentVersion,
  DocumentVersionNumber,
} from '../../../../shared/document';
import type { StoredVersion } from '../../../ports';
import { presignAttachmentUpload } from '../../attachments';
import type { AppEnv } from '../../env';
import { conflict, notFound } from '../../problems';
import { problemResponses } from '../../router';
import { type ItemKind, requireChanger, visibleOr404, visibleRecordOr404 } from '../../shared-items';

/** Best-practice documents as a shared item kind (functions/api/shared-items.ts). */
export const documentKind: ItemKind = {
  noun: 'document',
  tag: 'documents',
  recordAudit:
    (c) =>
    (...events) =>
      c.get('deps').documents.recordAudit(...events),
};

export const idParams = z.object({ id: DocumentId });
export const versionParams = z.object({ id: DocumentId, version: DocumentVersionNumber });
export const stateResponses = {
  409: { description: 'Not in a state that allows this (e.g. the file is not uploaded yet)' },
  ...problemResponses,
};

/** A version as clients see it: without the storage id, and superseded once a newer one is current. */
export const publicVersion = (v: StoredVersion, currentVersion: number): DocumentVersion => {
  const { fileId, acknowledgeBy, ...rest } = v;
  return { ...rest, superseded: v.uploadedAt !== null && v.version < currentVersion };
};

/** Versions as a viewer sees them: pending ones only for the author organisation. */
export const shownVersions = (c: Context<AppEnv>, document: Document, versions: readonly StoredVersion[]) => {
  const own = c.get('viewer').organisationId === document.authorOrganisationId;
  return versions
    .filter((v) => own || v.uploadedAt !== null)
    .map((v) => publicVersion(v, document.currentVersion));
};

/** A version whose file the server is about to let the browser upload, under a key it chose. */
export function pendingVersion(
  c: Context<AppEnv>,
  version: number,
  file: DocumentFile,
  changeNote: string,
  material: boolean,
  at: string,
): StoredVersion {
  const viewer = c.get('viewer');
  return {
    version,
    changeNote,
    material,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.size,
    sha256: null,
    uploadedAt: null,
    superseded: false,
    createdAt: at,
    createdBy: { memberId: viewer.memberId, email: viewer.email },
    fileId: `v${version}/${c.get('deps').newId()}`,
  };
}

export async function presignVersionUpload(c: Context<AppEnv>, documentId: string, version: StoredVersion) {
  const { files, now } = c.get('deps');
  const upload = await presignAttachmentUpload(
    files,
    'documents',
    documentId,
    version.fileId,
    version,
    now(),
  );
  return {
    version: version.version,
    url: upload.url,
    fields: upload.fields,
    expiresAt: upload.expiresAt,
    maxBytes: upload.maxBytes,
  };
}

/** A document the viewer may see (404 otherwise). */
export const visibleDocument = async (c: Context<AppEnv>, id: string): Promise<Document> =>
  visibleOr404(c, await c.get('deps').documents.get(id), documentKind);

/** A document with its versions and attestations, when the viewer may see it (404 otherwise). */
export const visibleDocumentRecord = async (c: Context<AppEnv>, id: string) =>
  visibleRecordOr404(c, await c.get('deps').documents.getRecord(id), (r) => r.document, documentKind);

/** Loads a document and one version for a viewer who may see the document (404 otherwise). */
export async function visibleVersion(c: Context<AppEnv>, id: string, n: number) {
  const { document, version } = await c.get('deps').documents.getWithVersion(id, n);
  return { document: visibleOr404(c, document, documentKind), version };
}

/** A version of the viewer organisation's document (404 for what they cannot see, 403 for others' documents). */
export async function ownVersion(c: Context<AppEnv>, id: string, n: number) {
  const { document, version } = await visibleVersion(c, id, n);
  requireChanger(c, document, documentKind);
  if (!version) throw notFound('version');
  return { document, version };
}

/** A version whose upload is not complete, which its organisation retries or discards (409 once complete). */
export async function unfinishedVersion(c: Context<AppEnv>, id: string, n: number) {
  const found = await ownVersion(c, id, n);
  if (found.version.uploadedAt !== null) throw conflict(`Version ${n} is complete; it stays as published.`);
  return found;
}
