import type { AuditEvent } from '../../../shared/audit';
import {
  type Attestation,
  type Document,
  type DocumentSummary,
  documentSummaryOf,
  type LibraryFilter,
  type UnfinishedUpload,
} from '../../../shared/document';
import { inboxOrganisations } from '../../../shared/recipients';
import { keys } from '../../../shared/table';
import { isRestricted, type TlpLabel } from '../../../shared/tlp';
import type {
  DocumentRecord,
  DocumentStore,
  LibraryEntry,
  StoredVersion,
  UnfinishedEntry,
} from '../../ports';
import { ConflictError, StaleRevisionError, type Stretch, type StretchRequest } from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import { allOf, type Condition, filterOfAll, revisionIs, statusIs } from './conditions';
import { mergeByPosition } from './merge';
import { type Item, SharedItemStore } from './shared-item-store';
import type { TransactItem } from './transact';

/** A list entry as stored: the summary, the lower-cased title that title search filters on. */
const entryFields = (summary: DocumentSummary) => ({ ...summary, titleLower: summary.title.toLowerCase() });

function summaryFrom(item: Item): DocumentSummary {
  const { titleLower, acknowledgedRound, acknowledgedAt, ...rest } = withoutKeys<Item>(item);
  return rest as unknown as DocumentSummary;
}

const acknowledgedRoundOf = (item: Item | undefined) =>
  item && typeof item.acknowledgedRound === 'number' ? item.acknowledgedRound : item ? 0 : null;

/** The library filters as one filter (the tag, when given, is the index itself). */
function filterOf(filter: LibraryFilter): Condition | undefined {
  const conditions: Condition[] = [];
  if (filter.q) conditions.push({ expression: 'contains(titleLower, :q)', values: { ':q': filter.q } });
  if (filter.area)
    conditions.push({ expression: 'contains(areas, :area)', values: { ':area': filter.area } });
  if (filter.organisation) {
    conditions.push({
      expression: 'authorOrganisationId = :organisation',
      values: { ':organisation': filter.organisation },
    });
  }
  if (filter.kind)
    conditions.push({ expression: 'authorOrganisationKind = :kind', values: { ':kind': filter.kind } });
  return filterOfAll(conditions);
}

/** A stored version without the unfinished-upload list fields its item carries while pending. */
function versionFrom(item: Item): StoredVersion {
  const { documentId, documentTitle, documentTlp, documentAuthorId, ...version } = withoutKeys<Item>(item);
  return version as unknown as StoredVersion;
}

/** `versionAt#id` → its parts (ids are UUIDs, free of `#`). */
function splitPosition(position: string) {
  const at = position.lastIndexOf('#');
  return { versionAt: position.slice(0, at), id: position.slice(at + 1) };
}

/** Best-practice documents in the single table; see docs/data-model.md and shared/table.ts for the keys. */
export class DynamoDocumentStore extends SharedItemStore implements DocumentStore {
  async create(document: Document, first: StoredVersion, audit: AuditEvent): Promise<void> {
    await this.transact(
      [
        this.putDocument(document, { expression: 'attribute_not_exists(pk)' }),
        this.putVersion(document, first),
        auditPut(this.tableName, audit),
      ],
      () => new ConflictError('A document with that id exists already.'),
    );
  }

  get(id: string): Promise<Document | null> {
    return this.getItem<Document>(keys.document(id), true);
  }

  async getWithVersion(id: string, version: number) {
    const items = await this.batchGet([keys.document(id), keys.documentVersion(id, version)], {
      consistent: true,
    });
    const meta = items.find((i) => i.type === 'DOCUMENT');
    const stored = items.find((i) => i.type === 'DOCUMENT_VERSION');
    return {
      document: meta ? withoutKeys<Document>(meta) : null,
      version: stored ? versionFrom(stored) : null,
    };
  }

  async getRecord(id: string): Promise<DocumentRecord | null> {
    // The partition in one query, leaving out its list entries (they repeat the summary).
    const items = await this.readPartition(
      keys.documentPartition(id),
      {
        expression: '#type IN (:document, :version, :attestation)',
        names: { '#type': 'type' },
        values: {
          ':document': 'DOCUMENT',
          ':version': 'DOCUMENT_VERSION',
          ':attestation': 'DOCUMENT_ATTESTATION',
        },
      },
      true,
    );
    const meta = items.find((i) => i.type === 'DOCUMENT');
    if (!meta) return null;
    return {
      document: withoutKeys<Document>(meta),
      versions: items
        .filter((i) => i.type === 'DOCUMENT_VERSION')
        .map(versionFrom)
        .sort((a, b) => b.version - a.version),
      attestations: items
        .filter((i) => i.type === 'DOCUMENT_ATTESTATION')
        .map((i) => withoutKeys<Attestation>(i)),
    };
  }

  async prepareVersion(document: Document, version: StoredVersion, audit: AuditEvent): Promise<void> {
    await this.transact(
      [
        // The version number is only right while the document is as it was read.
        this.check(keys.document(document.id), revisionIs(document.revision)),
        this.putVersion(document, version),
        auditPut(this.tableName, audit),
      ],
      () => new StaleRevisionError('The document changed meanwhile; reload it.'),
    );
  }

  async completeVersion(
    before: Document,
    next: Document,
    version: StoredVersion,
    audit: AuditEvent,
  ): Promise<void> {
    const summary = documentSummaryOf(next);
    const versionAt = next.versionAt!;
    const entries: TransactItem[] = [];
    if (!isRestricted(next.tlp))
      entries.push(this.updateEntry(keys.libraryEntry(next.id, versionAt), summary));
    // Recipients get an inbox entry whatever the label: it carries their acknowledgement state.
    for (const organisationId of inboxOrganisations(next.authorOrganisationId, next.recipients)) {
      entries.push(this.updateEntry(keys.libraryInboxEntry(next.id, organisationId, versionAt), summary));
    }
    for (const tag of next.tags) {
      entries.push(this.updateEntry(keys.documentTagEntry(next.id, tag, versionAt), summary));
    }
    const exists = { expression: 'attribute_exists(pk)' };
    const previous: TransactItem[] =
      version.version > 1
        ? [this.setFields(keys.documentVersion(next.id, version.version - 1), { superseded: true }, exists)]
        : [];
    await this.transact(
      [
        this.putDocument(next, revisionIs(before.revision)),
        this.put(
          { ...keys.documentVersion(next.id, version.version), type: 'DOCUMENT_VERSION', ...version },
          exists,
        ),
        ...previous,
        ...entries,
        auditPut(this.tableName, audit),
      ],
      () => new StaleRevisionError('The document changed meanwhile (or the version is complete already).'),
    );
  }

  async attest(document: Document, attestation: Attestation, audit: AuditEvent): Promise<boolean> {
    return this.transact(
      [
        // Only the current version, in the current round, of a published document.
        this.check(
          keys.document(document.id),
          allOf(statusIs('published'), {
            expression: 'currentVersion = :version AND acknowledgementRound = :round',
            values: { ':version': attestation.version, ':round': attestation.round },
          }),
        ),
        this.put(
          {
            ...keys.documentAttestation(document.id, attestation.organisationId, attestation.version),
            type: 'DOCUMENT_ATTESTATION',
            ...attestation,
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
        // The organisation's inbox entry carries the state the library marks.
        this.setFields(
          {
            pk: keys.documentPartition(document.id),
            sk: keys.libraryInboxEntry(document.id, attestation.organisationId, '').sk,
          },
          { acknowledgedRound: attestation.round, acknowledgedAt: attestation.attestedAt },
          { expression: 'attribute_exists(pk)' },
        ),
        auditPut(this.tableName, audit),
      ],
      (failed) =>
        failed.includes(0) || failed.includes(2)
          ? new ConflictError('The document changed meanwhile (a new version?); reload it.')
          : null,
    );
  }

  async library(
    organisationId: string,
    filter: LibraryFilter,
    page: StretchRequest,
  ): Promise<Stretch<LibraryEntry>> {
    const after = page.after === undefined ? undefined : splitPosition(page.after);
    const condition = filterOf(filter);
    if (filter.tag) return this.tagged(filter.tag, organisationId, condition, page.limit, after);
    const inboxPk = keys.libraryInbox(organisationId);
    const [community, inbox] = await Promise.all([
      this.query(
        {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.library },
          ExclusiveStartKey: after ? keys.libraryEntry(after.id, after.versionAt) : undefined,
          Limit: page.limit,
        },
        condition,
      ),
      this.query(
        {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': inboxPk },
          ExclusiveStartKey: after
            ? keys.libraryInboxEntry(after.id, organisationId, after.versionAt)
            : undefined,
          Limit: page.limit,
        },
        condition,
      ),
    ]);
    const stream = (result: { Items: Item[]; LastEvaluatedKey?: Item }) => ({
      entries: result.Items.map((item) => ({ position: String(item.gsi1sk), item })),
      lastPosition: result.LastEvaluatedKey ? String(result.LastEvaluatedKey.gsi1sk) : undefined,
    });
    const merged = mergeByPosition([stream(community), stream(inbox)], page.limit, (items) => {
      const inboxItem = items.find((i) => i.gsi1pk === inboxPk);
      return { summary: summaryFrom(items[0]!), acknowledgedRound: acknowledgedRoundOf(inboxItem) };
    });
    return { entries: merged.entries, ...(merged.next ? { next: merged.next } : {}) };
  }

  async unfinished(organisationId: string, page: StretchRequest): Promise<Stretch<UnfinishedEntry>> {
    const gsi1pk = keys.unfinishedUploads(organisationId);
    let startKey: Item | undefined;
    if (page.after !== undefined) {
      // `createdAt#id#version`: the version item's table key and index key follow from it.
      const [createdAt, id, version] = page.after.split('#');
      startKey = {
        ...keys.documentVersion(String(id), Number(version)),
        ...keys.unfinishedUpload(organisationId, String(createdAt), String(id), Number(version)),
      };
    }
    const { Items, LastEvaluatedKey } = await this.query({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi1pk },
      ExclusiveStartKey: startKey,
      Limit: page.limit,
    });
    return {
      entries: Items.map((i) => ({
        position: String(i.gsi1sk),
        item: {
          upload: {
            id: String(i.documentId),
            title: String(i.documentTitle),
            version: Number(i.version),
            fileName: String(i.fileName),
            contentType: i.contentType as UnfinishedUpload['contentType'],
            size: Number(i.size),
            createdAt: String(i.createdAt),
            createdBy: i.createdBy as UnfinishedUpload['createdBy'],
          },
          // Entries written before they carried the label count as TLP:RED: their author alone.
          tlp: (i.documentTlp as TlpLabel | undefined) ?? 'TLP:RED',
          authorId: String(i.documentAuthorId ?? ''),
          authorOrganisationId: organisationId,
        },
      })),
      ...(LastEvaluatedKey ? { next: String(LastEvaluatedKey.gsi1sk) } : {}),
    };
  }

  async discardVersion(document: Document, version: StoredVersion, audit: AuditEvent): Promise<void> {
    // Only the very version that was read, and only while its upload is not complete.
    const discardVersion: TransactItem = {
      Delete: {
        TableName: this.tableName,
        Key: keys.documentVersion(document.id, version.version),
        ConditionExpression: 'fileId = :fileId AND attribute_type(uploadedAt, :null)',
        ExpressionAttributeValues: { ':fileId': version.fileId, ':null': 'NULL' },
      },
    };
    const asRead = revisionIs(document.revision);
    const draft = allOf(asRead, statusIs('draft'));
    const documentItem: TransactItem =
      version.version === 1
        ? {
            // A document whose first upload never completed is nothing but this draft: it goes too.
            Delete: {
              TableName: this.tableName,
              Key: keys.document(document.id),
              ConditionExpression: draft.expression,
              ExpressionAttributeNames: draft.names,
              ExpressionAttributeValues: draft.values,
            },
          }
        : this.check(keys.document(document.id), asRead);
    await this.transact(
      [documentItem, discardVersion, auditPut(this.tableName, audit)],
      () => new StaleRevisionError('The document changed meanwhile (or the upload completed); reload it.'),
    );
  }

  /** One tag's entries (GSI2), then the organisation's inbox entries of those documents: two round trips. */
  private async tagged(
    tag: string,
    organisationId: string,
    condition: Condition | undefined,
    limit: number,
    after: { versionAt: string; id: string } | undefined,
  ): Promise<Stretch<LibraryEntry>> {
    const result = await this.query(
      {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.documentsTagged(tag) },
        ExclusiveStartKey: after ? keys.documentTagEntry(after.id, tag, after.versionAt) : undefined,
        Limit: limit,
      },
      condition,
    );
    const next = result.LastEvaluatedKey ? { next: String(result.LastEvaluatedKey.gsi2sk) } : {};
    if (result.Items.length === 0) return { entries: [], ...next };
    const inboxKey = (id: string) => ({
      pk: keys.documentPartition(id),
      sk: keys.libraryInboxEntry(id, organisationId, '').sk,
    });
    const found = await this.batchGet(
      result.Items.map((i) => inboxKey(String(i.id))),
      { projection: 'pk, acknowledgedRound' },
    );
    const states = new Map(found.map((i) => [String(i.pk), i]));
    return {
      entries: result.Items.map((item) => ({
        position: String(item.gsi2sk),
        item: {
          summary: summaryFrom(item),
          acknowledgedRound: acknowledgedRoundOf(states.get(keys.documentPartition(String(item.id)))),
        },
      })),
      ...next,
    };
  }

  private putDocument(document: Document, condition: Condition): TransactItem {
    return this.put({ ...keys.document(document.id), type: 'DOCUMENT', ...document }, condition);
  }

  /** A version; while its upload is pending it is also listed among its organisation's unfinished uploads. */
  private putVersion(document: Document, version: StoredVersion): TransactItem {
    const unfinished =
      version.uploadedAt === null
        ? {
            ...keys.unfinishedUpload(
              document.authorOrganisationId,
              version.createdAt,
              document.id,
              version.version,
            ),
            documentId: document.id,
            documentTitle: document.title,
            documentTlp: document.tlp,
            documentAuthorId: document.authorId,
          }
        : {};
    return this.put({
      ...keys.documentVersion(document.id, version.version),
      type: 'DOCUMENT_VERSION',
      ...version,
      ...unfinished,
    });
  }

  /** Creates or moves a list entry, keeping what else it holds (an inbox entry's acknowledgement state). */
  private updateEntry(key: { pk: string; sk: string } & Record<string, string>, summary: DocumentSummary) {
    const { pk, sk, ...indexKeys } = key;
    return this.setFields({ pk, sk }, { ...entryFields(summary), ...indexKeys, type: 'LIBRARY_ENTRY' });
  }
}
