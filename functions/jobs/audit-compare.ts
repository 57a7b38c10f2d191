/**
 * The daily comparison of the audit trail in the table with its archived copies in the Object
 * Lock bucket (./audit-archive.ts writes them): an event changed or deleted in the table, or never
 * archived, is a difference. It logs each and publishes their number as a metric whose alarm
 * calls someone (infra/constructs/observability.ts). It only reads: audit partitions of the table
 * (Query) and `audit/` of the bucket.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../shared/audit';
import { auditArchivePrefix } from '../../shared/files';
import { keys } from '../../shared/table';
import { archiveKey, findTampering, type Tampering, toAuditEvent } from './audit-evidence';
import { emitMetric } from './metrics';

/** Events younger than this may still be on their way through the stream: not yet a difference. */
export const archiveGraceMs = 60 * 60 * 1000;

export interface Difference {
  key: string;
  problem: Tampering['problem'] | 'missing from the archive';
}

export interface CompareInput {
  db: Pick<DynamoDBDocumentClient, 'send'>;
  tableName: string;
  s3: Pick<S3Client, 'send'>;
  bucket: string;
  now: Date;
  emit?: typeof emitMetric;
}

/** The months the run compares: yesterday's and today's (the same one but on the 1st). */
export function monthsToCompare(now: Date): string[] {
  const yesterday = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  return [...new Set([yesterday.toISOString().slice(0, 7), now.toISOString().slice(0, 7)])];
}

/**
 * Every organisation with an archived trail: the first level under `audit/`. Each listing takes
 * the organisations of its page and, when there is more, starts after the last one's keys
 * (`audit/<id>0` sorts after every `audit/<id>/…`: '0' follows '/'), so a large trail costs one
 * request, not a listing of the whole archive. Not a Delimiter listing: the local S3 (s3rver)
 * answers those empty.
 */
async function archivedOrganisations(s3: CompareInput['s3'], bucket: string): Promise<string[]> {
  const organisations = new Set<string>();
  let startAfter: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: auditArchivePrefix,
        ...(startAfter ? { StartAfter: startAfter } : {}),
      }),
    );
    const found = (page.Contents ?? []).map((o) => o.Key!.slice(auditArchivePrefix.length).split('/')[0]!);
    for (const organisationId of found) organisations.add(organisationId);
    const last = found.at(-1);
    if (!page.IsTruncated || !last) return [...organisations];
    startAfter = `${auditArchivePrefix}${last}0`;
  }
}

/** The month's archived insert copies (`….json`; change records beside them are evidence already alarmed on). */
async function archivedMonth(s3: CompareInput['s3'], bucket: string, organisationId: string, month: string) {
  const keysFound: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: `${auditArchivePrefix}${organisationId}/${month}`,
        ContinuationToken: token,
      }),
    );
    for (const { Key } of page.Contents ?? []) if (Key?.endsWith('.json')) keysFound.push(Key);
    token = page.NextContinuationToken;
  } while (token);
  const copies: { event: AuditEvent; sha256: string }[] = [];
  // Ten reads at a time: quick, and gentle on the bucket.
  for (let i = 0; i < keysFound.length; i += 10) {
    copies.push(
      ...(await Promise.all(
        keysFound.slice(i, i + 10).map(async (Key) => {
          const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
          return JSON.parse(await object.Body!.transformToString()) as { event: AuditEvent; sha256: string };
        }),
      )),
    );
  }
  return copies;
}

/** The month partition of an organisation's trail, as stored now. */
async function storedMonth(
  input: CompareInput,
  organisationId: string,
  month: string,
): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await input.db.send(
      new QueryCommand({
        TableName: input.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditMonth(organisationId, month) },
        ExclusiveStartKey: start,
      }),
    );
    events.push(...(page.Items ?? []).map((item) => toAuditEvent(item)));
    start = page.LastEvaluatedKey;
  } while (start);
  return events;
}

/** Compares the months of every archived organisation; logs each difference and emits their number. */
export async function compareAuditTrail(input: CompareInput): Promise<Difference[]> {
  const months = monthsToCompare(input.now);
  const organisations = await archivedOrganisations(input.s3, input.bucket);
  const differences: Difference[] = [];
  for (const organisationId of organisations) {
    for (const month of months) {
      const [stored, archived] = await Promise.all([
        storedMonth(input, organisationId, month),
        archivedMonth(input.s3, input.bucket, organisationId, month),
      ]);
      differences.push(...findTampering(stored, archived));
      const archivedKeys = new Set(archived.map((a) => archiveKey(a.event)));
      const settled = input.now.getTime() - archiveGraceMs;
      for (const event of stored) {
        if (!archivedKeys.has(archiveKey(event)) && Date.parse(event.at) < settled) {
          differences.push({ key: archiveKey(event), problem: 'missing from the archive' });
        }
      }
    }
  }
  for (const difference of differences) console.error('Audit trail differs from its archive', difference);
  (input.emit ?? emitMetric)('auditArchiveDifferences', differences.length, {
    months,
    organisations: organisations.length,
  });
  return differences;
}
