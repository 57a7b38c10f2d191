/**
 * What other stores write onto the waterbed's aggregates in their own transactions
 * (docs/waterbed.md): a new version of an indicator's aggregate, and the bulletins naming a port
 * on that port's item, set at publication and revision and removed at withdrawal, so the page
 * never counts a bulletin whose publication failed, nor misses one.
 */
import { randomUUID } from 'node:crypto';
import type { Bulletin } from '../../../shared';
import { quarterOf } from '../../../shared/indicators';
import { keys } from '../../../shared/table';
import type { BulletinAudience } from '../../../shared/waterbed';
import type { TransactItem } from './transact';

/** The version of the port items' aggregate: sightings and the bulletins naming a port. */
export const portItemsVersion = 'sightings';

/** A new version of the indicator's aggregate, in the transaction that writes it. */
export function newWaterbedVersion(tableName: string, indicator: string): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.waterbedVersion(indicator),
      UpdateExpression: 'SET #type = :type, #version = :version',
      ExpressionAttributeNames: { '#type': 'type', '#version': 'version' },
      ExpressionAttributeValues: { ':type': 'WATERBED_VERSION', ':version': randomUUID() },
    },
  };
}

/** What the waterbed keeps of a published bulletin: what `canSee` needs, its categories and origins. */
export function bulletinAudience(bulletin: Bulletin): BulletinAudience {
  return {
    id: bulletin.id,
    tlp: bulletin.tlp,
    status: 'published',
    authorId: bulletin.authorId,
    authorOrganisationId: bulletin.authorOrganisationId,
    recipients: bulletin.recipients,
    categories: bulletin.categories,
    originCountries: bulletin.originCountries,
  };
}

/**
 * The bulletin on the items of the ports it names, under the quarter it was first published in:
 * set on every port `next` names (its categories and origins may have been revised), removed from
 * the ports `before` named and `next` no longer does — from all of them when `next` is withdrawn.
 * With a new version of the port items' aggregate when anything changes.
 */
export function namingPorts(tableName: string, before: Bulletin | null, next: Bulletin): TransactItem[] {
  if (!next.publishedAt) return [];
  const attribute = keys.waterbedNamingBulletin(quarterOf(next.publishedAt), next.id);
  const named = next.status === 'withdrawn' ? [] : next.ports;
  const items: TransactItem[] = named.map((locode) => ({
    Update: {
      TableName: tableName,
      Key: keys.waterbedPort(locode),
      UpdateExpression: 'SET locode = :locode, #n = :n',
      ExpressionAttributeNames: { '#n': attribute },
      ExpressionAttributeValues: { ':locode': locode, ':n': bulletinAudience(next) },
    },
  }));
  for (const locode of before?.ports ?? [])
    if (!named.includes(locode))
      items.push({
        Update: {
          TableName: tableName,
          Key: keys.waterbedPort(locode),
          // Its locode set again: a port item this creates (a bulletin published before the
          // bulletins naming a port were kept) is still a well-formed one.
          UpdateExpression: 'SET locode = :locode REMOVE #n',
          ExpressionAttributeNames: { '#n': attribute },
          ExpressionAttributeValues: { ':locode': locode },
        },
      });
  return items.length > 0 ? [...items, newWaterbedVersion(tableName, portItemsVersion)] : [];
}
