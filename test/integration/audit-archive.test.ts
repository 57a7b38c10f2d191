import { GetObjectCommand, ListObjectsV2Command, type PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createS3Client } from '../../functions/adapters/s3/files';
import { archiveAuditEvents, findTampering } from '../../functions/jobs/audit-archive';
import { compareAuditTrail, monthsToCompare } from '../../functions/jobs/audit-compare';
import { emitMetric } from '../../functions/jobs/metrics';
import { localCredentials, localRegion } from '../../functions/local/dynamodb-local';
import { auditMonthQuery } from '../../functions/ports';
import { type AuditEvent, keys } from '../../shared';
import { testBuckets } from '../support/local-servers.setup';
import { createTestPortal, type TestPortal } from '../support/portal';

let portal: TestPortal;
const bucket = testBuckets[0]!;
const s3 = createS3Client({
  endpoint: inject('s3Endpoint'),
  region: localRegion,
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});

beforeAll(async () => {
  portal = await createTestPortal();
  expect(localCredentials).toBeDefined();
});

async function storedTrail(organisationId: string): Promise<AuditEvent[]> {
  return (
    await portal.deps.directory.listAudit(organisationId, auditMonthQuery(portal.time.month), { limit: 100 })
  ).items;
}

async function archivedTrail(organisationId: string) {
  const listed = await s3.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: `audit/${organisationId}/` }),
  );
  return Promise.all(
    (listed.Contents ?? []).map(async ({ Key }) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      return JSON.parse(await object.Body!.transformToString()) as { event: AuditEvent; sha256: string };
    }),
  );
}

describe('audit archive (tamper evidence)', () => {
  it('archives each audit event from the stream and shows an insider’s later change to the table', async () => {
    const invited = await portal.request('/api/v1/organisations/valencia/members', {
      as: 'clara@commission.example',
      body: { email: 'new@valencia.example', name: 'New Member', role: 'reader' },
    });
    expect(invited.status).toBe(201);
    const trail = await storedTrail('valencia');
    expect(trail.map((e) => e.object.id)).toContain(invited.json.id);

    // Records shaped as the table's stream delivers them, plus one non-audit item to ignore.
    const records = [
      ...trail.map((event) => ({
        eventName: 'INSERT',
        dynamodb: {
          NewImage: marshall({
            ...keys.audit(event.organisationId, event.at, event.requestId),
            type: 'AUDIT',
            ...event,
          }),
        },
      })),
      {
        eventName: 'INSERT',
        dynamodb: { NewImage: marshall({ pk: 'ORG#valencia', sk: 'MEMBER#x', type: 'MEMBER' }) },
      },
    ];
    expect(await archiveAuditEvents(s3, bucket, records)).toEqual({ archived: trail.length });
    const archived = await archivedTrail('valencia');
    const byTime = (a: AuditEvent, b: AuditEvent) =>
      a.at.localeCompare(b.at) || a.requestId.localeCompare(b.requestId);
    expect(archived.map((a) => a.event).sort(byTime)).toEqual([...trail].sort(byTime));
    expect(findTampering(await storedTrail('valencia'), archived)).toEqual([]);

    // An insider rewrites who invited the new member.
    const event = trail.find((e) => e.object.id === invited.json.id)!;
    await portal.db.send(
      new UpdateCommand({
        TableName: portal.tableName,
        Key: keys.audit(event.organisationId, event.at, event.requestId),
        UpdateExpression: 'SET actor.memberId = :someoneElse',
        ExpressionAttributeValues: { ':someoneElse': 'ben-antwerp' },
      }),
    );
    expect(findTampering(await storedTrail('valencia'), archived)).toEqual([
      { key: expect.stringContaining('audit/valencia/'), problem: 'changed in the table' },
    ]);
    const deleted = findTampering([], archived);
    expect(deleted).toHaveLength(trail.length);
    expect(deleted.every((t) => t.problem === 'missing from the table')).toBe(true);
  });

  it('stops at the first record it cannot archive and names it, so a retry starts there', async () => {
    const organisationId = 'koper';
    const event = (n: number): AuditEvent => ({
      at: `2026-03-02T10:15:0${n}.000Z`,
      requestId: `req-retry-${n}`,
      actor: { memberId: 'clara-commission', organisationId: 'commission', role: 'org_admin' },
      action: 'member.invited',
      object: { type: 'member', id: `new-koper-${n}` },
      organisationId,
    });
    const records = [1, 2, 3].map((n) => ({
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: `10${n}`,
        NewImage: marshall({
          ...keys.audit(organisationId, event(n).at, event(n).requestId),
          type: 'AUDIT',
          ...event(n),
        }),
      },
    }));
    // The real bucket, except that the second write is refused as S3 might refuse it.
    let puts = 0;
    const secondFails = {
      send: (command: PutObjectCommand) => {
        puts += 1;
        return puts === 2 ? Promise.reject(new Error('SlowDown')) : s3.send(command);
      },
    } as Pick<typeof s3, 'send'>;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await archiveAuditEvents(secondFails, bucket, records)).toEqual({
        archived: 1,
        failedSequenceNumber: '102',
      });
      expect(errors).toHaveBeenCalledWith(
        expect.any(String),
        expect.objectContaining({ sequenceNumber: '102' }),
      );
    } finally {
      errors.mockRestore();
    }
    expect(puts).toBe(2);
    expect((await archivedTrail(organisationId)).map((a) => a.event)).toEqual([event(1)]);

    // Lambda retries from the failed record on; the copies end up exactly one per event.
    expect(await archiveAuditEvents(s3, bucket, records.slice(1))).toEqual({ archived: 2 });
    expect(await archiveAuditEvents(s3, bucket, records.slice(1))).toEqual({ archived: 2 });
    const archived = await archivedTrail(organisationId);
    expect(archived.map((a) => a.event.requestId).sort()).toEqual([
      'req-retry-1',
      'req-retry-2',
      'req-retry-3',
    ]);
  });

  it('names a change to an audit item by its sequence number, the same on every retry', async () => {
    const organisationId = 'piraeus';
    const event: AuditEvent = {
      at: '2026-03-02T11:00:00.000Z',
      requestId: 'req-changed',
      actor: { memberId: 'clara-commission', organisationId: 'commission', role: 'org_admin' },
      action: 'member.invited',
      object: { type: 'member', id: 'new-piraeus' },
      organisationId,
    };
    const image = marshall({
      ...keys.audit(organisationId, event.at, event.requestId),
      type: 'AUDIT',
      ...event,
    });
    const removal = { eventName: 'REMOVE', dynamodb: { SequenceNumber: '555', OldImage: image } };
    const metrics: string[] = [];
    const emit: typeof emitMetric = (metric, value, context) =>
      emitMetric(metric, value, context, (line) => metrics.push(line), new Date('2026-03-02T11:05:00.000Z'));
    expect(await archiveAuditEvents(s3, bucket, [removal], emit)).toEqual({ archived: 1 });
    expect(await archiveAuditEvents(s3, bucket, [removal], emit)).toEqual({ archived: 1 });
    // Each sighting is a metric (EMF) the alarm counts; an insert is none.
    expect(metrics.map((line) => JSON.parse(line))).toEqual(
      Array(2).fill({
        eventName: 'REMOVE',
        key: 'audit/piraeus/2026-03-02/2026-03-02T11:00:00.000Z_req-changed.json',
        sequenceNumber: '555',
        AuditItemsChanged: 1,
        _aws: {
          Timestamp: Date.parse('2026-03-02T11:05:00.000Z'),
          CloudWatchMetrics: [
            {
              Namespace: 'AlliancePortal',
              Dimensions: [[]],
              Metrics: [{ Name: 'AuditItemsChanged', Unit: 'Count' }],
            },
          ],
        },
      }),
    );
    const insert = { eventName: 'INSERT', dynamodb: { SequenceNumber: '556', NewImage: image } };
    expect(await archiveAuditEvents(s3, bucket, [insert], emit)).toEqual({ archived: 1 });
    expect(metrics).toHaveLength(2);
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `audit/${organisationId}/` }),
    );
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual([
      'audit/piraeus/2026-03-02/2026-03-02T11:00:00.000Z_req-changed.json',
      'audit/piraeus/2026-03-02/2026-03-02T11:00:00.000Z_req-changed.json.REMOVE.555',
    ]);
  });

  it('compares the table with the archive daily: changed, deleted and unarchived events are differences', async () => {
    // A month no other test writes in, so only these events are compared.
    const now = new Date('2032-07-01T03:15:00.000Z');
    const event = (n: number, organisationId: string, at: string): AuditEvent => ({
      at,
      requestId: `req-daily-${n}`,
      actor: { memberId: 'ana-antwerp', organisationId: 'antwerp', role: 'org_admin' },
      action: 'member.invited',
      object: { type: 'member', id: `m-${n}` },
      organisationId,
    });
    const events = [
      event(1, 'antwerp', '2032-06-30T10:00:00.000Z'),
      event(2, 'antwerp', '2032-06-30T11:00:00.000Z'),
      event(3, 'antwerp', '2032-07-01T01:00:00.000Z'),
      event(4, 'rotterdam', '2032-06-30T12:00:00.000Z'),
    ];
    for (const e of events) await portal.deps.directory.recordAudit(e);
    const asRecords = events.map((e, i) => ({
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: `90${i}`,
        NewImage: marshall({ ...keys.audit(e.organisationId, e.at, e.requestId), type: 'AUDIT', ...e }),
      },
    }));
    expect(await archiveAuditEvents(s3, bucket, asRecords)).toEqual({ archived: 4 });
    const compare = (emit: typeof emitMetric = () => {}) =>
      compareAuditTrail({ db: portal.db, tableName: portal.tableName, s3, bucket, now, emit });
    expect(await compare()).toEqual([]);

    // An insider changes one event, deletes another, and one event never reached the archive.
    await portal.db.send(
      new UpdateCommand({
        TableName: portal.tableName,
        Key: keys.audit('antwerp', events[0]!.at, events[0]!.requestId),
        UpdateExpression: 'SET #action = :a',
        ExpressionAttributeNames: { '#action': 'action' },
        ExpressionAttributeValues: { ':a': 'member.removed' },
      }),
    );
    await portal.db.send(
      new DeleteCommand({
        TableName: portal.tableName,
        Key: keys.audit('rotterdam', events[3]!.at, events[3]!.requestId),
      }),
    );
    await portal.deps.directory.recordAudit(event(5, 'antwerp', '2032-06-30T20:00:00.000Z'));
    // Still within the grace period: on its way through the stream, not a difference.
    await portal.deps.directory.recordAudit(event(6, 'antwerp', '2032-07-01T02:30:00.000Z'));

    const metrics: string[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    let differences: Awaited<ReturnType<typeof compareAuditTrail>>;
    try {
      differences = await compare((metric, value, context) =>
        emitMetric(metric, value, context, (line) => metrics.push(line), now),
      );
      expect(errors).toHaveBeenCalledTimes(3);
    } finally {
      errors.mockRestore();
    }
    expect(differences.map((d) => [d.key.split('_')[1], d.problem]).sort()).toEqual([
      ['req-daily-1.json', 'changed in the table'],
      ['req-daily-4.json', 'missing from the table'],
      ['req-daily-5.json', 'missing from the archive'],
    ]);
    expect(monthsToCompare(now)).toEqual(['2032-06', '2032-07']);
    expect(JSON.parse(metrics[0]!)).toMatchObject({
      AuditArchiveDifferences: 3,
      months: ['2032-06', '2032-07'],
    });
  });

  it('throws when a failing record has no sequence number to name, so the whole batch is retried', async () => {
    const refused = { send: () => Promise.reject(new Error('AccessDenied')) } as Pick<typeof s3, 'send'>;
    const record = {
      eventName: 'INSERT',
      dynamodb: {
        NewImage: marshall({
          pk: 'ORG#gdansk',
          sk: 'AUDIT#x',
          type: 'AUDIT',
          organisationId: 'gdansk',
          at: '2026-03-02T12:00:00.000Z',
          requestId: 'r',
        }),
      },
    };
    await expect(archiveAuditEvents(refused, bucket, [record])).rejects.toThrow('AccessDenied');
  });
});
