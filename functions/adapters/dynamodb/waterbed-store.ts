import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, Bulletin } from '../../../shared';
import type { IndicatorReport } from '../../../shared/indicators';
import type { Sighting } from '../../../shared/sighting';
import { keys } from '../../../shared/table';
import type {
  DirectoryPort,
  PortAggregate,
  ReportAggregate,
  SightingAggregate,
} from '../../../shared/waterbed';
import { ConflictError, StaleRevisionError, type WaterbedStore } from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import { statusIs } from './conditions';
import { type Item, SharedItemStore } from './shared-item-store';

const reportPrefix = 'R#';
const sightingPrefix = 'S#';

/**
 * Indicators, sightings and the waterbed aggregate (docs/waterbed.md). Every write is one
 * transaction holding the item, its aggregate attributes on the port's `WATERBED` item and its
 * audit event, so the waterbed page never shows a figure whose report failed, nor misses one.
 */
export class DynamoWaterbedStore extends SharedItemStore implements WaterbedStore {
  async getReport(organisationId: string, quarter: string): Promise<IndicatorReport | null> {
    return this.getItem<IndicatorReport>(keys.indicatorReport(organisationId, quarter), true);
  }

  async reportHistory(organisationId: string) {
    const { Items } = await this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ind)',
      ExpressionAttributeValues: { ':pk': keys.organisation(organisationId).pk, ':ind': 'IND' },
    });
    const current: IndicatorReport[] = [];
    const versions: IndicatorReport[] = [];
    for (const item of Items) {
      const sk = String(item.sk);
      if (sk.startsWith(keys.indicatorVersionPrefix)) versions.push(withoutKeys(item));
      else if (sk.startsWith(keys.indicatorReportPrefix)) current.push(withoutKeys(item));
    }
    versions.sort((a, b) => b.reportedAt.localeCompare(a.reportedAt) || b.revision - a.revision);
    return { current, versions };
  }

  async saveReport(report: IndicatorReport, expectedRevision: number, audit: AuditEvent): Promise<void> {
    const current = keys.indicatorReport(report.organisationId, report.quarter);
    const aggregate: ReportAggregate = {
      source: {
        organisationId: report.organisationId,
        memberId: report.reportedBy.memberId,
        sharedWith: report.sharedWith,
      },
      figures: report.figures,
    };
    await this.transact(
      [
        this.put(
          { ...current, type: 'INDICATORS', ...report },
          expectedRevision === 0
            ? { expression: 'attribute_not_exists(pk)' }
            : { expression: 'revision = :expected', values: { ':expected': expectedRevision } },
        ),
        this.put(
          {
            ...keys.indicatorVersion(report.organisationId, report.quarter, report.revision),
            type: 'INDICATOR_VERSION',
            ...report,
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
        this.setFields(keys.waterbedPort(report.locode), {
          locode: report.locode,
          [keys.waterbedReportAttribute(report.quarter)]: aggregate,
        }),
        auditPut(this.tableName, audit),
      ],
      (failed) => (failed.includes(0) ? new StaleRevisionError('the quarter was reported meanwhile') : null),
    );
  }

  async listSightings(bulletinId: string): Promise<Sighting[]> {
    const items: Item[] = [];
    let after: Item | undefined;
    do {
      const page = await this.query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':pk': keys.bulletinPartition(bulletinId), ':s': keys.sightingPrefix },
        ScanIndexForward: true,
        ...(after ? { ExclusiveStartKey: after } : {}),
      });
      items.push(...page.Items);
      after = page.LastEvaluatedKey;
    } while (after);
    return items.map((i) => withoutKeys<Sighting>(i));
  }

  async recordSighting(sighting: Sighting, bulletin: Bulletin, audit: AuditEvent): Promise<void> {
    const port = keys.waterbedPort(sighting.port);
    const audience: SightingAggregate['bulletin'] = {
      id: bulletin.id,
      tlp: bulletin.tlp,
      status: 'published',
      authorId: bulletin.authorId,
      authorOrganisationId: bulletin.authorOrganisationId,
      recipients: bulletin.recipients,
      categories: bulletin.categories,
      originCountries: bulletin.originCountries,
    };
    await this.transact(
      [
        this.check(keys.bulletin(bulletin.id), statusIs('published')),
        this.put(
          {
            ...keys.sighting(sighting.bulletinId, sighting.recordedAt, sighting.id),
            ...keys.sightingByPort(sighting.port, sighting.seenOn, sighting.id),
            type: 'SIGHTING',
            ...sighting,
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
        {
          Update: {
            TableName: this.tableName,
            Key: port,
            UpdateExpression: 'SET locode = :locode, #b = :b ADD #n :one',
            ExpressionAttributeNames: {
              '#b': keys.waterbedSightingBulletin(sighting.quarter, bulletin.id),
              '#n': keys.waterbedSightingCount(sighting.quarter, bulletin.id),
            },
            ExpressionAttributeValues: { ':locode': sighting.port, ':b': audience, ':one': 1 },
          },
        },
        auditPut(this.tableName, audit),
      ],
      (failed) => (failed.includes(0) ? new ConflictError('the bulletin is no longer published') : null),
    );
  }

  async readWaterbed(only?: { quarters: readonly string[]; figures: readonly string[] }) {
    // A projection keeps a read of one indicator over many quarters to those figures: a port's
    // item holds every quarter and all nine figures, most of which the page does not ask for.
    const names: Record<string, string> = {};
    const paths = ['locode'];
    if (only) {
      names['#s'] = 'source';
      names['#f'] = 'figures';
      only.figures.forEach((f, i) => {
        names[`#i${i}`] = f;
      });
      only.quarters.forEach((q, n) => {
        names[`#q${n}`] = keys.waterbedReportAttribute(q);
        paths.push(`#q${n}.#s`, ...only.figures.map((_, i) => `#q${n}.#f.#i${i}`));
      });
    }
    const [ports, directory] = await Promise.all([
      this.readAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :port)',
        ExpressionAttributeValues: { ':pk': keys.waterbed, ':port': keys.waterbedPortPrefix },
        ...(only ? { ProjectionExpression: paths.join(', '), ExpressionAttributeNames: names } : {}),
      }),
      this.readAll({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :kind)',
        ExpressionAttributeValues: { ':pk': 'ORGS', ':kind': 'port_authority#' },
      }),
    ]);
    return {
      aggregates: ports.map(aggregateOf),
      directory: directory.flatMap((o): DirectoryPort[] =>
        typeof o.unlocode === 'string'
          ? [{ organisationId: String(o.id), locode: o.unlocode, name: String(o.name) }]
          : [],
      ),
    };
  }

  /** Every page of a Query (one page holds about 1 MB: some 40 ports of 40 quarters; docs/waterbed.md). */
  private async readAll(input: Parameters<SharedItemStore['query']>[0]): Promise<Item[]> {
    const items: Item[] = [];
    let after: Item | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          ...input,
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      after = page.LastEvaluatedKey;
    } while (after);
    return items;
  }
}

/** The flat attributes of a waterbed port item as reports and sightings by quarter. */
function aggregateOf(item: Item): PortAggregate {
  const aggregate: PortAggregate = { locode: String(item.locode), reports: {}, sightings: {} };
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(reportPrefix)) {
      // A projected read holds only the figures asked for, and none when the quarter had none of them.
      const report = value as Partial<ReportAggregate>;
      if (report.source)
        aggregate.reports[name.slice(reportPrefix.length)] = {
          source: report.source,
          figures: report.figures ?? {},
        };
    } else if (name.startsWith(sightingPrefix) && name.endsWith('#b')) {
      const [, quarter = '', bulletinId = ''] = name.split('#');
      const count = Number(item[`${sightingPrefix}${quarter}#${bulletinId}#n`] ?? 0);
      const list = aggregate.sightings[quarter] ?? [];
      list.push({ bulletin: value as SightingAggregate['bulletin'], count });
      aggregate.sightings[quarter] = list;
    }
  }
  return aggregate;
}
