/**
 * What makes the archived audit trail evidence, without any AWS call: the canonical form and digest
 * of an event, where its copy lives, and the comparison of the table with the archive. Both the
 * archive job (which writes copies) and the daily comparison (which only reads) use it, so neither
 * bundle carries the other's calls (test/infra/least-privilege.test.ts reads bundles whole).
 */
import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../shared';
import { auditArchivePrefix } from '../../shared/files';

/** Canonical JSON (sorted keys), so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const eventDigest = (event: AuditEvent) =>
  createHash('sha256').update(canonicalJson(event)).digest('hex');

/** Where an event's archived copy lives: by organisation and day, named by time and request. */
export const archiveKey = (event: AuditEvent) =>
  `${auditArchivePrefix}${event.organisationId}/${event.at.slice(0, 10)}/${event.at}_${event.requestId}.json`;

const auditFields = [
  'at',
  'requestId',
  'actor',
  'action',
  'object',
  'organisationId',
  'sourceIp',
  'details',
] as const;

export function toAuditEvent(item: Record<string, unknown>): AuditEvent {
  const event: Record<string, unknown> = {};
  for (const field of auditFields) if (item[field] !== undefined) event[field] = item[field];
  return event as unknown as AuditEvent;
}

/** Events whose stored form no longer matches the archived digest, or that are missing from the store. */
export interface Tampering {
  key: string;
  problem: 'missing from the table' | 'changed in the table';
}

export function findTampering(
  stored: AuditEvent[],
  archived: { event: AuditEvent; sha256: string }[],
): Tampering[] {
  const byKey = new Map(stored.map((e) => [archiveKey(e), e]));
  return archived.flatMap(({ event, sha256 }): Tampering[] => {
    const current = byKey.get(archiveKey(event));
    if (!current) return [{ key: archiveKey(event), problem: 'missing from the table' }];
    return eventDigest(current) === sha256
      ? []
      : [{ key: archiveKey(event), problem: 'changed in the table' }];
  });
}
