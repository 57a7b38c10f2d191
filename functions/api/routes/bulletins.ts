import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import {
  acknowledgeByIssues,
  isOverdue,
  NewAcknowledgement,
  Receipts,
  receiptsOf,
} from '../../../shared/acknowledgement';
import { AttachmentDownload, AttachmentUpload, NewAttachment } from '../../../shared/attachment';
import { attachmentLimits } from '../../../shared/attachment-rules';
import { restrictedReadActions } from '../../../shared/audit';
import {
  type Attachment,
  asksToAcknowledge,
  attachmentIsReady,
  Bulletin,
  BulletinContent,
  BulletinDetail,
  BulletinDraftPatch,
  BulletinId,
  type BulletinSummary,
  checkedContent,
  FeedFilter,
  FeedItem,
  NewBulletin,
  NewRevision,
  type Revision,
  type ViewerStanding,
  Withdrawal,
} from '../../../shared/bulletin';
import {
  canAcknowledge,
  canChangeItem,
  canContribute,
  canReadReceipts,
  isRecipientOrganisation,
} from '../../../shared/permissions';
import { PageQuery, pageOf } from '../../../shared/problem';
import { canSee } from '../../../shared/tlp';
import type { Viewer } from '../../../shared/viewer';
import type { BulletinRecord, FeedEntry } from '../../ports';
import { auditRestrictedItems, auditRestrictedRead, checkAddressing } from '../addressing';
import {
  attachmentKey,
  checkedUpload,
  presignAttachmentDownload,
  presignAttachmentUpload,
} from '../attachments';
import { auditEvent } from '../audit';
import type { AppEnv } from '../env';
import { IdempotencyKeyHeader } from '../idempotency-header';
import { badRequest, conflict, fieldErrors, forbidden, notFound, ProblemError } from '../problems';
import {
  bearerSecurity,
  jsonBody as body,
  jsonResponse as json,
  newRouter,
  problemResponses,
} from '../router';
import { visiblePage } from '../visible-page';

const idParams = z.object({ id: BulletinId });
const IfMatch = z
  .string()
  .regex(/^(W\/)?"?\d{1,9}"?$/, 'the revision as an ETag, such as "3"')
  .optional();
const writeHeaders = z.object({ 'if-match': IfMatch, 'idempotency-key': IdempotencyKeyHeader });
const ifMatchHeader = z.object({ 'if-match': IfMatch });
const attachmentParams = z.object({ id: BulletinId, attachmentId: z.uuid() });
const lifecycleResponses = {
  409: { description: 'Not in a state that allows this' },
  412: { description: 'If-Match names a revision that is no longer current' },
  ...problemResponses,
};

/** A draft entry names no recipients: canSee decides a draft by its author and label alone. */
const noRecipients = { organisations: [], members: [] };

const etag = (b: { revision: number }) => `"${b.revision}"`;

/** What canSee needs of a stored bulletin or a list summary. */
const labelled = (b: Pick<Bulletin, 'tlp' | 'status' | 'authorId' | 'authorOrganisationId' | 'recipients'>) =>
  b;

/** Loads a bulletin the viewer may see; one they may not see does not exist for them (404). */
async function visibleBulletin(c: Context<AppEnv>, id: string): Promise<Bulletin> {
  const bulletin = await c.get('deps').bulletins.get(id);
  if (!bulletin || !canSee(c.get('viewer'), labelled(bulletin))) throw notFound('bulletin');
  return bulletin;
}

/** Only the author's organisation's contributors change a bulletin; others who can see it get 403. */
function requireAuthorContributor(viewer: Viewer, bulletin: Bulletin) {
  if (!canChangeItem(viewer, bulletin)) {
    throw forbidden("Only contributors of the author's organisation change this bulletin.");
  }
}

/**
 * Pending attachments (upload URL issued, file not yet checked) are shown to the author
 * organisation's contributors, who finish or discard them; everyone else sees ready ones only,
 * so every attachment a recipient sees downloads.
 */
function shownAttachments(viewer: Viewer, bulletin: Bulletin): Attachment[] {
  const all = canChangeItem(viewer, bulletin);
  return bulletin.attachments
    .filter((a) => all || attachmentIsReady(a))
    .map((a) => ({ ...a, status: a.status ?? 'ready' }));
}

/** An attachment the viewer's organisation finishes or discards: 404 unless both exist for them, 403 for others. */
async function ownAttachment(c: Context<AppEnv>, id: string, attachmentId: string) {
  const bulletin = await visibleBulletin(c, id);
  requireAuthorContributor(c.get('viewer'), bulletin);
  const attachment = bulletin.attachments.find((a) => a.id === attachmentId);
  if (!attachment) throw notFound('attachment');
  return { bulletin, attachment };
}

function requireNotWithdrawn(bulletin: Bulletin) {
  if (bulletin.status === 'withdrawn') throw conflict('A withdrawn bulletin takes no attachments.');
}

/** The bulletin with one attachment replaced (or, with `null`, removed), one revision on. */
function withAttachment(
  bulletin: Bulletin,
  attachmentId: string,
  replacement: Attachment | null,
  at: string,
): Bulletin {
  return {
    ...bulletin,
    revision: bulletin.revision + 1,
    updatedAt: at,
    attachments: bulletin.attachments.flatMap((a) =>
      a.id !== attachmentId ? [a] : replacement ? [replacement] : [],
    ),
  };
}

function requireRevision(c: Context<AppEnv>, bulletin: Bulletin) {
  const ifMatch = c.req.header('if-match');
  if (ifMatch === undefined) return;
  const expected = Number(ifMatch.replace(/^W\//, '').replaceAll('"', ''));
  if (expected !== bulletin.revision) {
    throw new ProblemError(
      412,
      'Precondition failed',
      `The bulletin is at revision ${bulletin.revision}, not ${expected}; reload it.`,
    );
  }
}

function feedItem(viewer: Viewer, entry: FeedEntry, now: Date): FeedItem {
  const s: BulletinSummary = entry.summary;
  const needsAcknowledgement =
    asksToAcknowledge(s, viewer.organisationId) &&
    (entry.state?.acknowledgedRound ?? 0) < s.acknowledgementRound;
  return {
    id: s.id,
    status: s.status,
    title: s.title,
    summary: s.summary,
    severity: s.severity,
    tlp: s.tlp,
    categories: s.categories,
    ports: s.ports,
    authorOrganisationId: s.authorOrganisationId,
    publishedAt: s.publishedAt!,
    requiresAcknowledgement: s.requiresAcknowledgement,
    acknowledgeBy: s.acknowledgeBy,
    unread: s.authorId !== viewer.memberId && !(entry.state?.readBy.includes(viewer.memberId) ?? false),
    needsAcknowledgement,
    overdue: needsAcknowledgement && isOverdue(s.acknowledgeBy, now),
  };
}

function standing(viewer: Viewer, record: BulletinRecord): ViewerStanding {
  const b = record.bulletin;
  const ack = record.acknowledgements.find((a) => a.organisationId === viewer.organisationId);
  const current = ack && ack.round === b.acknowledgementRound ? ack : undefined;
  const read = record.reads.find(
    (r) => r.organisationId === viewer.organisationId && r.memberId === viewer.memberId,
  );
  const recipient = isRecipientOrganisation(viewer, b);
  return {
    readAt: read?.readAt ?? null,
    recipient,
    organisationAcknowledgedAt: current?.acknowledgedAt ?? null,
    needsAcknowledgement: asksToAcknowledge(b, viewer.organisationId) && !current,
    mayAcknowledge: canAcknowledge(viewer, b) && b.status === 'published',
    mayEdit: canChangeItem(viewer, b) && b.status !== 'withdrawn',
  };
}

/** Reads of restricted bulletins are audited (see addressing.ts); RED ones refused without their event. */
const auditRead = (
  c: Context<AppEnv>,
  bulletin: Bulletin,
  action: string,
  details?: Record<string, unknown>,
) =>
  auditRestrictedRead(
    c,
    bulletin,
    { type: 'bulletin', id: bulletin.id },
    action,
    (event) => c.get('deps').bulletins.recordAudit(event),
    details,
  );

const revisionEntry = (
  c: Context<AppEnv>,
  next: Bulletin,
  kind: Revision['kind'],
  note: string,
  material: boolean,
  changedFields: string[],
): Revision => {
  const viewer = c.get('viewer');
  return {
    revision: next.revision,
    kind,
    at: next.updatedAt,
    by: { memberId: viewer.memberId, email: viewer.email },
    material,
    note,
    changedFields,
  };
};

export const bulletinRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/bulletins',
      tags: ['bulletins'],
      summary: 'Start a bulletin draft (contributor)',
      security: bearerSecurity,
      request: body(NewBulletin),
      responses: { 201: json(Bulletin, 'The draft'), ...problemResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      if (!canContribute(viewer)) throw forbidden('Only contributors write bulletins.');
      const content = c.req.valid('json');
      await checkAddressing(c, content, viewer.organisationId);
      const at = c.get('deps').now().toISOString();
      const bulletin: Bulletin = {
        ...content,
        id: c.get('deps').newId(),
        status: 'draft',
        revision: 1,
        acknowledgementRound: 1,
        authorId: viewer.memberId,
        authorEmail: viewer.email,
        authorOrganisationId: viewer.organisationId,
        createdAt: at,
        updatedAt: at,
        publishedAt: null,
        withdrawnAt: null,
        withdrawalReason: null,
        attachments: [],
      };
      await c
        .get('deps')
        .bulletins.createDraft(
          bulletin,
          auditEvent(c, 'bulletin.drafted', { type: 'bulletin', id: bulletin.id }, viewer.organisationId),
        );
      return c.json(bulletin, 201, { location: `/api/v1/bulletins/${bulletin.id}`, etag: etag(bulletin) });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/bulletins/drafts',
      tags: ['bulletins'],
      summary: "The viewer organisation's drafts",
      security: bearerSecurity,
      request: { query: PageQuery },
      responses: {
        200: json(
          pageOf(z.object({ id: z.string(), title: z.string(), updatedAt: z.string() })),
          'A page of drafts',
        ),
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { limit, cursor } = c.req.valid('query');
      const { bulletins, cursors } = c.get('deps');
      // Bound to the member: a TLP:RED draft is its author's alone.
      const scope = `bulletin-drafts|${viewer.organisationId}|${viewer.memberId}`;
      const page = await visiblePage(
        (after, n) => bulletins.drafts(viewer.organisationId, { limit: n, after }),
        (d) => canSee(viewer, { ...d, status: 'draft', recipients: noRecipients }),
        limit,
        cursors.openPosition(scope, cursor),
      );
      const items = page.items.map(({ id, title, updatedAt }) => ({ id, title, updatedAt }));
      return c.json({ items, nextCursor: cursors.sealPosition(scope, page.next) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/bulletins',
      tags: ['bulletins'],
      summary: "The viewer's feed, newest first: community bulletins and their organisation's inbox",
      security: bearerSecurity,
      request: { query: FeedFilter.extend(PageQuery.shape) },
      responses: {
        200: json(pageOf(FeedItem), 'A page of the feed'),
        503: { description: 'A page with TLP:RED titles could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { limit, cursor, ...filter } = c.req.valid('query');
      const { bulletins, cursors, now } = c.get('deps');
      // Bound to the member (RED filtering is per member) and to the filters.
      const scope = `bulletins|${viewer.organisationId}|${viewer.memberId}|${filter.port ?? ''}|${filter.category ?? ''}|${filter.severity ?? ''}`;
      const page = await visiblePage(
        (after, n) =>
          filter.port
            ? bulletins.byPort(filter.port, viewer.organisationId, filter, { limit: n, after })
            : bulletins.feed(viewer.organisationId, filter, { limit: n, after }),
        (e) => canSee(viewer, labelled(e.summary)),
        limit,
        cursors.openPosition(scope, cursor),
        { filtered: filter.category !== undefined || filter.severity !== undefined },
      );
      await auditRestrictedItems(
        c,
        page.items.map((e) => e.summary),
        'bulletin',
        restrictedReadActions.bulletinsListed,
        (events) => bulletins.recordAudit(...events),
      );
      const at = now();
      const items = page.items.map((e) => feedItem(viewer, e, at));
      return c.json({ items, nextCursor: cursors.sealPosition(scope, page.next) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/bulletins/{id}',
      tags: ['bulletins'],
      summary: 'A bulletin with its history and the viewer’s standing (404 when not visible)',
      security: bearerSecurity,
      request: { params: idParams },
      responses: {
        200: json(BulletinDetail, 'The bulletin'),
        503: { description: 'A TLP:RED read could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const record = await c.get('deps').bulletins.getRecord(c.req.valid('param').id);
      if (!record || !canSee(viewer, labelled(record.bulletin))) throw notFound('bulletin');
      await auditRead(c, record.bulletin, restrictedReadActions.bulletin);
      const detail: BulletinDetail = {
        ...record.bulletin,
        attachments: shownAttachments(viewer, record.bulletin),
        revisions: record.revisions,
        viewer: standing(viewer, record),
      };
      return c.json(detail, 200, { etag: etag(record.bulletin) });
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/bulletins/{id}',
      tags: ['bulletins'],
      summary: 'Edit a draft (author’s organisation)',
      security: bearerSecurity,
      request: { params: idParams, headers: writeHeaders, ...body(BulletinDraftPatch) },
      responses: { 200: json(Bulletin, 'The draft'), ...lifecycleResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const bulletin = await visibleBulletin(c, c.req.valid('param').id);
      requireAuthorContributor(viewer, bulletin);
      if (bulletin.status !== 'draft') throw conflict('Only drafts are edited; revise a published bulletin.');
      requireRevision(c, bulletin);
      const patch = c.req.valid('json');
      const { id, status, revision, ...current } = bulletin;
      // Safe parse: a draft stored before today's rules (a control character in its title) is
      // answered with a 400 naming the field to fix, not a 500.
      const content = BulletinContent.safeParse({
        title: current.title,
        summary: current.summary,
        body: current.body,
        severity: current.severity,
        tlp: current.tlp,
        categories: current.categories,
        ports: current.ports,
        originCountries: current.originCountries,
        recipients: current.recipients,
        requiresAcknowledgement: current.requiresAcknowledgement,
        acknowledgeBy: current.acknowledgeBy,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      });
      const merged = content.success ? checkedContent(content.data) : content;
      if (!merged.success) {
        const errors = fieldErrors(merged.error.issues);
        throw badRequest(
          `Invalid body: ${errors.map((e) => `${e.field} (${e.message})`).join(', ')}`,
          errors,
        );
      }
      await checkAddressing(c, merged.data, bulletin.authorOrganisationId);
      const next: Bulletin = {
        ...bulletin,
        ...merged.data,
        revision: revision + 1,
        updatedAt: c.get('deps').now().toISOString(),
      };
      await c.get('deps').bulletins.saveDraft(
        next,
        revision,
        auditEvent(c, 'bulletin.edited', { type: 'bulletin', id }, viewer.organisationId, {
          fields: Object.keys(patch),
        }),
      );
      void status;
      return c.json(next, 200, { etag: etag(next) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/bulletins/{id}/publish',
      tags: ['bulletins'],
      summary: 'Publish a draft: one transaction writes it, its inbox or feed entries and the audit event',
      security: bearerSecurity,
      request: { params: idParams, headers: writeHeaders },
      responses: {
        200: json(Bulletin, 'The published bulletin'),
        422: { description: 'The Idempotency-Key was used for another request' },
        ...lifecycleResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { bulletins, idempotency, now } = c.get('deps');
      const result = await idempotency.once(c, 'bulletin.publish', { id }, async () => {
        const viewer = c.get('viewer');
        const bulletin = await visibleBulletin(c, id);
        requireAuthorContributor(viewer, bulletin);
        if (bulletin.status !== 'draft') throw conflict('The bulletin is published already.');
        requireRevision(c, bulletin);
        const late = acknowledgeByIssues(bulletin.acknowledgeBy, now());
        if (late.length > 0)
          throw badRequest('The acknowledgement due date has passed; edit the draft.', late);
        // Refused rather than published without them: the text may rely on the files, and a file
        // completed later would reach recipients without any revision telling them.
        const pending = bulletin.attachments.filter((a) => !attachmentIsReady(a));
        if (pending.length > 0) {
          throw conflict(
            `Not uploaded yet: ${pending.map((a) => a.fileName).join(', ')}. Upload ${pending.length > 1 ? 'them' : 'it'} again or remove ${pending.length > 1 ? 'them' : 'it'}, then publish.`,
          );
        }
        const at = now().toISOString();
        const next: Bulletin = {
          ...bulletin,
          status: 'published',
          revision: bulletin.revision + 1,
          updatedAt: at,
          publishedAt: at,
        };
        await bulletins.publish(
          next,
          bulletin.revision,
          revisionEntry(c, next, 'published', 'Published', false, []),
          auditEvent(c, 'bulletin.published', { type: 'bulletin', id }, viewer.organisationId, {
            tlp: next.tlp,
            recipients: next.recipients.organisations.length,
          }),
        );
        return { status: 200, body: next };
      });
      const published = result.body as Bulletin;
      return c.json(published, 200, { etag: etag(published) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/bulletins/{id}/revisions',
      tags: ['bulletins'],
      summary: 'Revise a published bulletin; a material revision asks for acknowledgement again',
      security: bearerSecurity,
      request: { params: idParams, headers: writeHeaders, ...body(NewRevision) },
      responses: { 201: json(Bulletin, 'The revised bulletin'), ...lifecycleResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const bulletin = await visibleBulletin(c, id);
      requireAuthorContributor(viewer, bulletin);
      if (bulletin.status !== 'published') throw conflict('Only a published bulletin is revised.');
      requireRevision(c, bulletin);
      const { now, bulletins } = c.get('deps');
      if (input.changes.acknowledgeBy !== undefined) {
        const late = acknowledgeByIssues(input.changes.acknowledgeBy, now());
        if (late.length)
          throw badRequest('Invalid body', [{ field: 'changes.acknowledgeBy', message: late[0]!.message }]);
        if (input.changes.acknowledgeBy && !bulletin.requiresAcknowledgement) {
          throw badRequest('Invalid body', [
            { field: 'changes.acknowledgeBy', message: 'this bulletin asks for no acknowledgement' },
          ]);
        }
      }
      const changes = Object.fromEntries(Object.entries(input.changes).filter(([, v]) => v !== undefined));
      const changedFields = Object.keys(changes).filter(
        (f) => JSON.stringify(changes[f]) !== JSON.stringify(bulletin[f as keyof Bulletin]),
      );
      const at = now().toISOString();
      const next: Bulletin = {
        ...bulletin,
        ...changes,
        revision: bulletin.revision + 1,
        updatedAt: at,
        acknowledgementRound: bulletin.acknowledgementRound + (input.material ? 1 : 0),
      };
      await bulletins.replacePublished(
        bulletin,
        next,
        revisionEntry(c, next, 'revised', input.note, input.material, changedFields),
        auditEvent(c, 'bulletin.revised', { type: 'bulletin', id }, viewer.organisationId, {
          material: input.material,
          fields: changedFields,
        }),
      );
      return c.json(next, 201, { etag: etag(next) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/bulletins/{id}/withdraw',
      tags: ['bulletins'],
      summary: 'Withdraw a published bulletin; it stays visible as withdrawn, with the reason',
      security: bearerSecurity,
      request: { params: idParams, headers: writeHeaders, ...body(Withdrawal) },
      responses: { 200: json(Bulletin, 'The withdrawn bulletin'), ...lifecycleResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const bulletin = await visibleBulletin(c, id);
      requireAuthorContributor(viewer, bulletin);
      if (bulletin.status !== 'published') throw conflict('Only a published bulletin is withdrawn.');
      requireRevision(c, bulletin);
      const at = c.get('deps').now().toISOString();
      const next: Bulletin = {
        ...bulletin,
        status: 'withdrawn',
        revision: bulletin.revision + 1,
        updatedAt: at,
        withdrawnAt: at,
        withdrawalReason: reason,
      };
      await c
        .get('deps')
        .bulletins.replacePublished(
          bulletin,
          next,
          revisionEntry(c, next, 'withdrawn', reason, false, ['status']),
          auditEvent(c, 'bulletin.withdrawn', { type: 'bulletin', id }, viewer.organisationId, { reason }),
        );
      return c.json(next, 200, { etag: etag(next) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/bulletins/{id}/acknowledgements',
      tags: ['bulletins'],
      summary:
        'Acknowledge on behalf of the organisation (recipient contributor), or mark read (any member who sees it)',
      security: bearerSecurity,
      request: {
        params: idParams,
        headers: z.object({ 'idempotency-key': IdempotencyKeyHeader }),
        body: { required: false, content: { 'application/json': { schema: NewAcknowledgement } } },
      },
      responses: {
        200: json(
          z.object({
            bulletinId: z.string(),
            organisationId: z.string(),
            round: z.number().int(),
            organisationAcknowledgedAt: z.string().nullable(),
            readAt: z.string().nullable(),
          }),
          'The receipt (acknowledging twice changes nothing)',
        ),
        409: { description: 'The bulletin is withdrawn or a draft' },
        422: { description: 'The Idempotency-Key was used for another request' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const raw = c.req.header('content-type')?.includes('application/json')
        ? c.req.valid('json')
        : undefined;
      const { kind } = NewAcknowledgement.parse(raw ?? {});
      const { bulletins, idempotency, now } = c.get('deps');
      const result = await idempotency.once(c, 'bulletin.acknowledge', { id, kind }, async () => {
        const viewer = c.get('viewer');
        const { bulletin, acknowledgement, read } = await bulletins.getWithStanding(
          id,
          viewer.organisationId,
          viewer.memberId,
        );
        if (!bulletin || !canSee(viewer, labelled(bulletin))) throw notFound('bulletin');
        if (bulletin.status !== 'published')
          throw conflict(`A ${bulletin.status} bulletin takes no receipts.`);
        const round = bulletin.acknowledgementRound;
        const acknowledge = kind === 'acknowledge';
        if (acknowledge) {
          if (!isRecipientOrganisation(viewer, bulletin)) {
            throw forbidden('Only recipient organisations acknowledge this bulletin.');
          }
          if (!canAcknowledge(viewer, bulletin)) {
            throw forbidden(
              'A contributor acknowledges on behalf of the organisation; readers mark it read.',
            );
          }
        }
        const needsAck = acknowledge && !(acknowledgement && acknowledgement.round === round);
        const needsRead = !read;
        const at = now().toISOString();
        if (needsAck || needsRead) {
          await bulletins.acknowledge({
            bulletin,
            organisationId: viewer.organisationId,
            member: { memberId: viewer.memberId, email: viewer.email },
            acknowledge: needsAck,
            markRead: needsRead,
            at,
            audit: auditEvent(
              c,
              needsAck ? 'bulletin.acknowledged' : 'bulletin.marked_read',
              { type: 'bulletin', id },
              viewer.organisationId,
              { round },
            ),
          });
        }
        const current =
          acknowledgement && acknowledgement.round === round ? acknowledgement.acknowledgedAt : null;
        return {
          status: 200,
          body: {
            bulletinId: id,
            organisationId: viewer.organisationId,
            round,
            organisationAcknowledgedAt: needsAck ? at : current,
            readAt: read?.readAt ?? at,
          },
        };
      });
      return c.json(result.body as never, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/bulletins/{id}/acknowledgements',
      tags: ['bulletins'],
      summary: "Receipts (author's organisation): who acknowledged, when, by whom; who has not; overdue",
      security: bearerSecurity,
      request: { params: idParams },
      responses: {
        200: json(Receipts, 'The receipts'),
        503: { description: 'Receipts of a TLP:RED bulletin could not be audited' },
        ...problemResponses,
      },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const record = await c.get('deps').bulletins.getRecord(c.req.valid('param').id);
      if (!record || !canSee(viewer, labelled(record.bulletin))) throw notFound('bulletin');
      const b = record.bulletin;
      if (!canReadReceipts(viewer, b)) {
        throw forbidden("Receipts are for the author's organisation.");
      }
      await auditRead(c, b, restrictedReadActions.bulletinReceipts);
      return c.json(
        receiptsOf({
          recipientOrganisations: b.recipients.organisations,
          requiresAcknowledgement: b.requiresAcknowledgement,
          acknowledgeBy: b.acknowledgeBy,
          round: b.acknowledgementRound,
          acknowledgements: record.acknowledgements,
          reads: record.reads,
          now: c.get('deps').now(),
        }),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/bulletins/{id}/attachments',
      tags: ['bulletins'],
      summary: "Presigned POST for an attachment (author's organisation), under a key the server chose",
      security: bearerSecurity,
      request: { params: idParams, ...body(NewAttachment) },
      responses: { 201: json(AttachmentUpload, 'Where and how to upload'), ...lifecycleResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const bulletin = await visibleBulletin(c, id);
      requireAuthorContributor(viewer, bulletin);
      if (bulletin.status === 'withdrawn') throw conflict('A withdrawn bulletin takes no attachments.');
      if (bulletin.attachments.length >= attachmentLimits.perItem) {
        throw conflict(`A bulletin holds at most ${attachmentLimits.perItem} attachments.`);
      }
      const { bulletins, files, now } = c.get('deps');
      const attachmentId = c.get('deps').newId();
      const at = now();
      const next: Bulletin = {
        ...bulletin,
        revision: bulletin.revision + 1,
        updatedAt: at.toISOString(),
        attachments: [
          ...bulletin.attachments,
          {
            id: attachmentId,
            ...input,
            createdAt: at.toISOString(),
            createdBy: viewer.memberId,
            status: 'pending',
          },
        ],
      };
      await bulletins.attach(
        next,
        bulletin.revision,
        auditEvent(c, 'bulletin.attachment_added', { type: 'bulletin', id }, viewer.organisationId, {
          attachmentId,
          contentType: input.contentType,
          size: input.size,
        }),
      );
      const upload = await presignAttachmentUpload(files, 'bulletins', id, attachmentId, input, at);
      return c.json(upload, 201, { etag: etag(next) });
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/bulletins/{id}/attachments/{attachmentId}',
      tags: ['bulletins'],
      summary:
        'A short-lived presigned GET for a ready attachment of a bulletin the viewer may see (a pending one: 404, or 409 for the author organisation’s contributors)',
      security: bearerSecurity,
      request: { params: attachmentParams },
      responses: { 200: json(AttachmentDownload, 'Where to download'), ...problemResponses },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const bulletin = await visibleBulletin(c, id);
      const attachment = bulletin.attachments.find((a) => a.id === attachmentId);
      if (!attachment) throw notFound('attachment');
      if (!attachmentIsReady(attachment)) {
        if (!canChangeItem(c.get('viewer'), bulletin)) throw notFound('attachment');
        throw conflict(`${attachment.fileName} is not uploaded yet; upload it again or remove it.`);
      }
      await auditRead(c, bulletin, restrictedReadActions.bulletinAttachment, { attachmentId });
      const { files, now } = c.get('deps');
      return c.json(await presignAttachmentDownload(files, 'bulletins', id, attachment, now()), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/bulletins/{id}/attachments/{attachmentId}/complete',
      tags: ['bulletins'],
      summary:
        "After the upload (author's organisation): the server checks the file in the store (there, 1 byte to the declared size, the declared type), computes its SHA-256 and marks the attachment ready, in one transaction with the audit event",
      security: bearerSecurity,
      request: { params: attachmentParams, headers: ifMatchHeader },
      responses: { 200: json(Bulletin, 'The bulletin with the attachment ready'), ...lifecycleResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { id, attachmentId } = c.req.valid('param');
      const { bulletins, files, now } = c.get('deps');
      const { bulletin, attachment } = await ownAttachment(c, id, attachmentId);
      // Completing twice (a retry) answers the same bulletin.
      if (attachmentIsReady(attachment)) return c.json(bulletin, 200, { etag: etag(bulletin) });
      requireNotWithdrawn(bulletin);
      requireRevision(c, bulletin);
      const digest = await checkedUpload(
        files,
        attachmentKey('bulletins', id, attachmentId),
        attachment,
        'at-most',
      );
      const next = withAttachment(
        bulletin,
        attachmentId,
        { ...attachment, status: 'ready', size: digest.size, sha256: digest.sha256 },
        now().toISOString(),
      );
      await bulletins.attach(
        next,
        bulletin.revision,
        auditEvent(c, 'bulletin.attachment_completed', { type: 'bulletin', id }, viewer.organisationId, {
          attachmentId,
          size: digest.size,
          sha256: digest.sha256,
        }),
      );
      return c.json(next, 200, { etag: etag(next) });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/bulletins/{id}/attachments/{attachmentId}/upload',
      tags: ['bulletins'],
      summary:
        "Upload a pending attachment again (author's organisation): a fresh presigned POST for the same server-chosen key, type and size",
      security: bearerSecurity,
      request: { params: attachmentParams },
      responses: { 200: json(AttachmentUpload, 'Where and how to upload'), ...lifecycleResponses },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const { bulletin, attachment } = await ownAttachment(c, id, attachmentId);
      requireNotWithdrawn(bulletin);
      if (attachmentIsReady(attachment)) {
        throw conflict(
          `${attachment.fileName} is uploaded and checked already; remove it and attach the new file instead.`,
        );
      }
      const { files, now } = c.get('deps');
      return c.json(
        await presignAttachmentUpload(files, 'bulletins', id, attachmentId, attachment, now()),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/bulletins/{id}/attachments/{attachmentId}',
      tags: ['bulletins'],
      summary:
        "Discard an attachment and its file (author's organisation): a pending one, or any on a draft. A ready attachment of a published bulletin stays (409)",
      security: bearerSecurity,
      request: { params: attachmentParams, headers: ifMatchHeader },
      responses: { 204: { description: 'Discarded' }, ...lifecycleResponses },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      const { id, attachmentId } = c.req.valid('param');
      const { bulletins, files, now } = c.get('deps');
      const { bulletin, attachment } = await ownAttachment(c, id, attachmentId);
      requireNotWithdrawn(bulletin);
      if (bulletin.status !== 'draft' && attachmentIsReady(attachment)) {
        throw conflict(
          `${attachment.fileName} was published with the bulletin and stays; revise the bulletin to say it is outdated.`,
        );
      }
      requireRevision(c, bulletin);
      await bulletins.attach(
        withAttachment(bulletin, attachmentId, null, now().toISOString()),
        bulletin.revision,
        auditEvent(c, 'bulletin.attachment_discarded', { type: 'bulletin', id }, viewer.organisationId, {
          attachmentId,
          status: attachment.status ?? 'ready',
        }),
      );
      // After the record is gone, so a failed transaction never loses a file an attachment still names.
      await files.remove(attachmentKey('bulletins', id, attachmentId));
      return c.body(null, 204);
    },
  );
