import type { OrganisationAcknowledgement, ReadReceipt } from '../../../shared/acknowledgement';
import type { AuditEvent } from '../../../shared/audit';
import {
  type Bulletin,
  type BulletinSummary,
  type FeedFilter,
  type Revision,
  summaryOf,
} from '../../../shared/bulletin';
import { inboxOrganisations } from '../../../shared/recipients';
import { keys } from '../../../shared/table';
import { isRestricted, type TlpLabel } from '../../../shared/tlp';
import {
  type Acknowledging,
  type BulletinRecord,
  type BulletinStore,
  ConflictError,
  type DraftEntry,
  type FeedEntry,
  type InboxState,
  type Page,
  type PageRequest,
  StaleRevisionError,
  type StoreKey,
  type Stretch,
  type StretchRequest,
} from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import { allOf, type Condition, filterOfAll, revisionIs, statusIs, statusIsNot } from './conditions';
import { mergeByPosition } from './merge';
import { type Item, SharedItemStore } from './shared-item-store';
import type { TransactItem } from './transact';
import { namingPorts } from './waterbed-aggregate';

const stateOf = (item: Item): InboxState => ({
  readBy: item.readBy instanceof Set ? [...(item.readBy as Set<string>)] : [],
  acknowledgedRound: typeof item.acknowledgedRound === 'number' ? item.acknowledgedRound : 0,
});

const summaryFrom = (item: Item) => {
  const { delivered, readBy, acknowledgedRound, acknowledgedAt, stateOnly, ...rest } =
    withoutKeys<Item>(item);
  return rest as unknown as BulletinSummary;
};

/** The feed filters as one filter; state-only inbox entries pass so they can join their feed entry. */
function filterOf(filter: FeedFilter, passStateOnly: boolean): Condition | undefined {
  const conditions: Condition[] = [];
  if (filter.category)
    conditions.push({
      expression: 'contains(categories, :category)',
      values: { ':category': filter.category },
    });
  if (filter.severity) {
    conditions.push({
      expression: '#severity = :severity',
      values: { ':severity': filter.severity },
      names: { '#severity': 'severity' },
    });
  }
  if (filter.port)
    conditions.push({ expression: 'contains(ports, :port)', values: { ':port': filter.port } });
  const all = filterOfAll(conditions);
  if (!all || !passStateOnly) return all;
  return {
    ...all,
    expression: `stateOnly = :stateOnly OR (${all.expression})`,
    values: { ...all.values, ':stateOnly': true },
  };
}

/** Incident bulletins in the single table; see docs/data-model.md for the access patterns. */
export class DynamoBulletinStore extends SharedItemStore implements BulletinStore {
  async createDraft(bulletin: Bulletin, audit: AuditEvent): Promise<void> {
    await this.transact(
      [
        this.putBulletin(bulletin, { expression: 'attribute_not_exists(pk)' }),
        this.putDraftEntry(bulletin),
        auditPut(this.tableName, audit),
      ],
      () => new ConflictError('A bulletin with that id exists already.'),
    );
  }

  get(id: string): Promise<Bulletin | null> {
    return this.getItem<Bulletin>(keys.bulletin(id));
  }

  async getRecord(id: string): Promise<BulletinRecord | null> {
    // The whole partition in one query: META, REV#n, ACK#org, ACK#org#member, PORT#locode.
    const items = await this.readPartition(keys.bulletinPartition(id));
    const meta = items.find((i) => i.sk === 'META');
    if (!meta) return null;
    const bySort = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix));
    return {
      bulletin: withoutKeys<Bulletin>(meta),
      revisions: bySort('REV#').map((i) => withoutKeys<Revision>(i)),
      acknowledgements: bySort('ACK#')
        .filter((i) => i.type === 'BULLETIN_ACK')
        .map((i) => withoutKeys<OrganisationAcknowledgement>(i)),
      reads: bySort('ACK#')
        .filter((i) => i.type === 'BULLETIN_READ')
        .map((i) => withoutKeys<ReadReceipt>(i)),
    };
  }

  async getMany(ids: readonly string[]): Promise<Bulletin[]> {
    if (ids.length === 0) return [];
    // BatchGetItem takes at most 100 keys.
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100));
    const items = (
      await Promise.all(chunks.map((chunk) => this.batchGet(chunk.map((id) => keys.bulletin(id)))))
    ).flat();
    const byId = new Map(items.map((i) => [i.id as string, withoutKeys<Bulletin>(i)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async getWithStanding(id: string, organisationId: string, memberId: string) {
    const items = await this.batchGet(
      [
        keys.bulletin(id),
        keys.bulletinAcknowledgement(id, organisationId),
        keys.bulletinReadReceipt(id, organisationId, memberId),
      ],
      { consistent: true },
    );
    const find = (type: string) => items.find((i) => i.type === type);
    const meta = find('BULLETIN');
    const ack = find('BULLETIN_ACK');
    const read = find('BULLETIN_READ');
    return {
      bulletin: meta ? withoutKeys<Bulletin>(meta) : null,
      acknowledgement: ack ? withoutKeys<OrganisationAcknowledgement>(ack) : null,
      read: read ? withoutKeys<ReadReceipt>(read) : null,
    };
  }

  async saveDraft(next: Bulletin, expectedRevision: number, audit: AuditEvent): Promise<void> {
    await this.transact(
      [
        this.putBulletin(next, allOf(revisionIs(expectedRevision), statusIs('draft'))),
        this.putDraftEntry(next),
        auditPut(this.tableName, audit),
      ],
      () => new StaleRevisionError('The draft changed meanwhile (or was published); reload it.'),
    );
  }

  async attach(next: Bulletin, expectedRevision: number, audit: AuditEvent): Promise<void> {
    await this.transact(
      [
        this.putBulletin(next, allOf(revisionIs(expectedRevision), statusIsNot('withdrawn'))),
        auditPut(this.tableName, audit),
      ],
      () => new StaleRevisionError('The bulletin changed meanwhile; reload it.'),
    );
  }

  async publish(
    next: Bulletin,
    expectedRevision: number,
    entry: Revision,
    audit: AuditEvent,
    publishToken?: string,
  ): Promise<void> {
    const summary = summaryOf(next);
    const lists: TransactItem[] = [];
    if (isRestricted(next.tlp)) {
      for (const organisationId of inboxOrganisations(next.authorOrganisationId, next.recipients)) {
        lists.push(
          this.put({
            ...keys.inboxEntry(organisationId, summary.publishedAt!, next.id),
            type: 'INBOX',
            ...summary,
            delivered: true,
            acknowledgedRound: 0,
          }),
        );
      }
    } else {
      lists.push(...this.communityEntries(summary).map((item) => this.put(item)));
    }
    await this.transact(
      [
        this.putBulletin(next, allOf(revisionIs(expectedRevision), statusIs('draft'))),
        { Delete: { TableName: this.tableName, Key: keys.draftEntry(next.authorOrganisationId, next.id) } },
        this.putRevision(next.id, entry),
        ...lists,
        ...this.portEntries(summary).map((item) => this.put(item)),
        ...namingPorts(this.tableName, null, next),
        ...(publishToken
          ? [this.put({ ...keys.bulletinPublication(next.id), type: 'BULLETIN_PUBLICATION', publishToken })]
          : []),
        auditPut(this.tableName, audit),
      ],
      () => new StaleRevisionError('The draft changed meanwhile (or was published already); reload it.'),
    );
  }

  async publishToken(id: string): Promise<string | null> {
    const item = await this.getItem<{ publishToken?: unknown }>(keys.bulletinPublication(id), true);
    return typeof item?.publishToken === 'string' ? item.publishToken : null;
  }

  async replacePublished(
    before: Bulletin,
    next: Bulletin,
    entry: Revision,
    audit: AuditEvent,
  ): Promise<void> {
    const summary = summaryOf(next);
    const lists: TransactItem[] = [];
    // Community bulletins' state-only inbox entries carry no summary, so only delivered ones change.
    if (isRestricted(next.tlp)) {
      // Delivered inbox entries keep their read/acknowledgement state: update the summary only.
      for (const organisationId of inboxOrganisations(next.authorOrganisationId, next.recipients)) {
        lists.push(
          this.setFields(keys.inboxEntry(organisationId, summary.publishedAt!, next.id), summary, {
            expression: 'attribute_exists(pk)',
          }),
        );
      }
    } else {
      lists.push(...this.communityEntries(summary).map((item) => this.put(item)));
    }
    const removedPorts = before.ports.filter((p) => !next.ports.includes(p));
    await this.transact(
      [
        this.putBulletin(next, allOf(revisionIs(before.revision), statusIs('published'))),
        this.putRevision(next.id, entry),
        ...lists,
        ...this.portEntries(summary).map((item) => this.put(item)),
        ...removedPorts.map((p) => ({
          Delete: {
            TableName: this.tableName,
            Key: { pk: keys.bulletinPartition(next.id), sk: keys.bulletinPort(next.id, p, '').sk },
          },
        })),
        ...namingPorts(this.tableName, before, next),
        auditPut(this.tableName, audit),
      ],
      () => new StaleRevisionError('The bulletin changed meanwhile; reload it.'),
    );
  }

  async acknowledge(input: Acknowledging): Promise<void> {
    const first = await this.attemptAcknowledge(input);
    if (first === 'done') return;
    // A concurrent request (the same member twice, or a colleague) recorded a receipt first: what
    // it wrote stands, and only what is still missing is written, with this request's audit event.
    const rest = {
      ...input,
      acknowledge: input.acknowledge && !first.acknowledged,
      markRead: input.markRead && !first.read,
    };
    if (!rest.acknowledge && !rest.markRead) return;
    // Receipts that another request wrote meanwhile again are simply there: nothing more to do.
    await this.attemptAcknowledge(rest);
  }

  /**
   * One attempt: `done`, or which receipts another request wrote first (their puts' conditions
   * failed, which cancels the whole transaction). A failed check on the bulletin itself — withdrawn,
   * or a material revision opened a new round — is a real conflict.
   */
  private async attemptAcknowledge(
    input: Acknowledging,
  ): Promise<'done' | { acknowledged: boolean; read: boolean }> {
    const { bulletin, organisationId, member, at } = input;
    const round = bulletin.acknowledgementRound;
    const items: TransactItem[] = [
      // No acknowledgement of a withdrawn bulletin or of a round a material revision has closed.
      this.check(
        keys.bulletin(bulletin.id),
        allOf(statusIs('published'), {
          expression: 'acknowledgementRound = :round',
          values: { ':round': round },
        }),
      ),
    ];
    if (input.acknowledge) {
      const acknowledgement: OrganisationAcknowledgement = {
        organisationId,
        round,
        acknowledgedAt: at,
        acknowledgedBy: member,
      };
      items.push(
        this.put(
          {
            ...keys.bulletinAcknowledgement(bulletin.id, organisationId),
            type: 'BULLETIN_ACK',
            ...acknowledgement,
          },
          { expression: 'attribute_not_exists(pk) OR round < :round', values: { ':round': round } },
        ),
      );
    }
    if (input.markRead) {
      const read: ReadReceipt = {
        organisationId,
        memberId: member.memberId,
        email: member.email,
        readAt: at,
      };
      items.push(
        this.put(
          {
            ...keys.bulletinReadReceipt(bulletin.id, organisationId, member.memberId),
            type: 'BULLETIN_READ',
            ...read,
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
      );
    }
    // The organisation's inbox entry carries the state the feed marks: delivered entries exist for
    // restricted bulletins; community bulletins get a state-only entry at the same position.
    const restricted = isRestricted(bulletin.tlp);
    const sets = ['#id = :id', 'publishedAt = :publishedAt'];
    const values: Record<string, unknown> = { ':id': bulletin.id, ':publishedAt': bulletin.publishedAt };
    if (!restricted) {
      sets.push('stateOnly = :true', '#type = :type');
      values[':true'] = true;
      values[':type'] = 'INBOX_STATE';
    }
    if (input.acknowledge) {
      sets.push('acknowledgedRound = :round', 'acknowledgedAt = :at');
      values[':round'] = round;
      values[':at'] = at;
    }
    const names: Record<string, string> = { '#id': 'id', ...(restricted ? {} : { '#type': 'type' }) };
    let update = `SET ${sets.join(', ')}`;
    if (input.markRead) {
      update += ' ADD readBy :member';
      values[':member'] = new Set([member.memberId]);
    }
    items.push({
      Update: {
        TableName: this.tableName,
        Key: keys.inboxEntry(organisationId, bulletin.publishedAt!, bulletin.id),
        UpdateExpression: update,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(restricted ? { ConditionExpression: 'attribute_exists(pk)' } : {}),
      },
    });
    items.push(auditPut(this.tableName, input.audit));
    const ackAt = input.acknowledge ? 1 : -1;
    const readAt = input.markRead ? (input.acknowledge ? 2 : 1) : -1;
    let exists: { acknowledged: boolean; read: boolean } | undefined;
    await this.transact(items, (failed) => {
      if (failed.some((i) => i !== ackAt && i !== readAt)) {
        return new ConflictError('The bulletin changed meanwhile (revised or withdrawn); reload it.');
      }
      exists = { acknowledged: failed.includes(ackAt), read: failed.includes(readAt) };
      return null;
    });
    return exists ?? 'done';
  }

  async feed(organisationId: string, filter: FeedFilter, page: StretchRequest): Promise<Stretch<FeedEntry>> {
    const after = page.after;
    const inboxPk = keys.organisation(organisationId).pk;
    const [community, inbox] = await Promise.all([
      this.query(
        {
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.communityFeed },
          ExclusiveStartKey: after ? { pk: keys.communityFeed, sk: after } : undefined,
          Limit: page.limit,
        },
        filterOf(filter, false),
      ),
      this.query(
        {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :inbox)',
          ExpressionAttributeValues: { ':pk': inboxPk, ':inbox': keys.inboxPrefix },
          ExclusiveStartKey: after ? { pk: inboxPk, sk: `${keys.inboxPrefix}${after}` } : undefined,
          Limit: page.limit,
        },
        filterOf(filter, true),
      ),
    ]);
    const stripInbox = (sk: unknown) => String(sk).slice(keys.inboxPrefix.length);
    return mergeByPosition(
      [
        {
          entries: community.Items.map((i) => ({ position: String(i.sk), item: i })),
          lastPosition: community.LastEvaluatedKey ? String(community.LastEvaluatedKey.sk) : undefined,
        },
        {
          entries: inbox.Items.map((i) => ({ position: stripInbox(i.sk), item: i })),
          lastPosition: inbox.LastEvaluatedKey ? stripInbox(inbox.LastEvaluatedKey.sk) : undefined,
        },
      ],
      page.limit,
      feedEntryOf,
    );
  }

  async byPort(
    locode: string,
    organisationId: string,
    filter: FeedFilter,
    page: StretchRequest,
  ): Promise<Stretch<FeedEntry>> {
    const { port: _port, ...rest } = filter;
    const after = page.after;
    const gsiPk = keys.portBulletins(locode);
    let startKey: StoreKey | undefined;
    if (after) {
      // A GSI start key needs the table key too; both follow from the position.
      const id = after.slice(after.lastIndexOf('#') + 1);
      startKey = { ...keys.bulletinPort(id, locode, after.slice(0, after.lastIndexOf('#'))) };
    }
    const port = await this.query(
      {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': gsiPk },
        ExclusiveStartKey: startKey,
        Limit: page.limit,
      },
      filterOf(rest, false),
    );
    const positions = port.Items.map((i) => String(i.gsi2sk));
    const next = port.LastEvaluatedKey ? String(port.LastEvaluatedKey.gsi2sk) : undefined;
    if (positions.length === 0) return { entries: [], ...(next ? { next } : {}) };
    // The organisation's state of exactly this stretch of time, in a second query.
    const inboxPk = keys.organisation(organisationId).pk;
    const newest = positions[0]!;
    const oldest = positions[positions.length - 1]!;
    const inbox = await this.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': inboxPk,
        ':from': `${keys.inboxPrefix}${oldest}`,
        ':to': `${keys.inboxPrefix}${newest}`,
      },
      ProjectionExpression: 'id, readBy, acknowledgedRound',
    });
    const states = new Map(inbox.Items.map((i) => [String(i.id), stateOf(i)]));
    return {
      entries: port.Items.map((i) => {
        const summary = summaryFrom(i);
        return { position: String(i.gsi2sk), item: { summary, state: states.get(summary.id) ?? null } };
      }),
      ...(next ? { next } : {}),
    };
  }

  async publicFeed(page: PageRequest): Promise<Page<BulletinSummary>> {
    const after = typeof page.after?.at === 'string' ? page.after.at : undefined;
    const result = await this.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.publicFeed },
      ExclusiveStartKey: after ? { pk: keys.publicFeed, sk: after } : undefined,
      Limit: page.limit,
    });
    return {
      items: result.Items.map((i) => summaryFrom(i)),
      next: result.LastEvaluatedKey ? { at: String(result.LastEvaluatedKey.sk) } : undefined,
    };
  }

  async drafts(organisationId: string, page: StretchRequest): Promise<Stretch<DraftEntry>> {
    const pk = keys.organisation(organisationId).pk;
    const result = await this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :draft)',
      ExpressionAttributeValues: { ':pk': pk, ':draft': keys.draftPrefix },
      ExclusiveStartKey: page.after ? { pk, sk: `${keys.draftPrefix}${page.after}` } : undefined,
      Limit: page.limit,
      ScanIndexForward: true,
    });
    const position = (sk: unknown) => String(sk).slice(keys.draftPrefix.length);
    return {
      entries: result.Items.map((i) => ({
        position: position(i.sk),
        item: {
          id: String(i.id),
          title: String(i.title),
          updatedAt: String(i.updatedAt),
          // Entries written before drafts carried their label count as TLP:RED: their author alone.
          tlp: (i.tlp as TlpLabel | undefined) ?? 'TLP:RED',
          authorId: String(i.authorId ?? ''),
          authorOrganisationId: organisationId,
        },
      })),
      ...(result.LastEvaluatedKey ? { next: position(result.LastEvaluatedKey.sk) } : {}),
    };
  }

  private putBulletin(bulletin: Bulletin, condition: Condition | undefined): TransactItem {
    return this.put({ ...keys.bulletin(bulletin.id), type: 'BULLETIN', ...bulletin }, condition);
  }

  private putDraftEntry(bulletin: Bulletin): TransactItem {
    return this.put({
      ...keys.draftEntry(bulletin.authorOrganisationId, bulletin.id),
      type: 'DRAFT',
      id: bulletin.id,
      title: bulletin.title,
      updatedAt: bulletin.updatedAt,
      tlp: bulletin.tlp,
      authorId: bulletin.authorId,
    });
  }

  private putRevision(id: string, entry: Revision): TransactItem {
    return this.put(
      { ...keys.bulletinRevision(id, entry.revision), type: 'BULLETIN_REVISION', ...entry },
      { expression: 'attribute_not_exists(pk)' },
    );
  }

  private communityEntries(summary: BulletinSummary) {
    const entries = [
      { ...keys.communityFeedEntry(summary.publishedAt!, summary.id), type: 'FEED', ...summary },
    ];
    if (summary.tlp === 'TLP:CLEAR') {
      entries.push({ ...keys.publicFeedEntry(summary.publishedAt!, summary.id), type: 'PUBLIC', ...summary });
    }
    return entries;
  }

  private portEntries(summary: BulletinSummary) {
    return summary.ports.map((locode) => ({
      ...keys.bulletinPort(summary.id, locode, summary.publishedAt!),
      type: 'BULLETIN_PORT',
      ...summary,
    }));
  }
}

/**
 * The feed row at one position: the summary (feed or delivered inbox entry) with the
 * organisation's state (inbox entry); a state entry whose feed entry the filter left out stays out.
 */
function feedEntryOf(items: Item[]): FeedEntry | null {
  const withSummary = items.find((i) => !i.stateOnly);
  if (!withSummary) return null;
  const state = items.find((i) => i.type === 'INBOX' || i.stateOnly);
  return { summary: summaryFrom(withSummary), state: state ? stateOf(state) : null };
}
