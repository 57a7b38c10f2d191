import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createS3Client } from '../../functions/adapters/s3/files';
import { archiveAuditEvents, findTampering } from '../../functions/jobs/audit-archive';
import { localCredentials, localRegion } from '../../functions/local/dynamodb-local';
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
  const month = new Date().toISOString().slice(0, 7);
  return (await portal.deps.directory.listAudit(organisationId, month, { limit: 100 })).items;
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
    expect(await archiveAuditEvents(s3, bucket, records)).toBe(trail.length);
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
});
