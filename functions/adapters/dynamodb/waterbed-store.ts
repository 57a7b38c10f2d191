import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, Bulletin } from '../../../shared';
import type { Figures, IndicatorReport } from '../../../shared/indicators';
import {
  answersPrefix,
  type ChecklistHarmonization,
  type CurrentMandatory,
  type MandatoryAnswers,
} from '../../../shared/port-deficit';
import type { Sighting } from '../../../shared/sighting';
import { keys } from '../../../shared/table';
import {
  type BulletinAudience,
  decodeReportAggregate,
  encodeReportAggregate,
  figuresOf,
  type PortAggregate,
  type ReportAggregate,
  type SightingAggregate,
  waterbedIndicators,
} from '../../../shared/waterbed';
import { ConflictError, StaleRevisionError, type WaterbedStore } from '../../ports';
import { auditPut, withoutKeys } from './audit-item';
import { statusIs } from './conditions';
import { directoryPorts } from './directory-summary';
import { type Item, SharedItemStore } from './shared-item-store';
import type { TransactItem } from './transact';
import { VersionedCache } from './versioned-cache';
import { bulletinAudience, newWaterbedVersion, portItemsVersion } from './waterbed-aggregate';

const sightingPrefix = 'S#';
const portKind = 'port_authority';
/** Indicator-and-quarters combinations an instance keeps (a few MB at most: docs/waterbed.md). */
const cachedReads = 32;

/**
 * Indicators, sightings and the waterbed aggregate (docs/waterbed.md). Every write is one
 * transaction holding the item, its aggregate attributes (a report's on one item per waterbed
 * indicator and quarter, a sighting's on the port's `WATERBED` item) and its audit event, so the
 * waterbed page never shows a figure whose report failed, nor misses one.
 */
export class DynamoWaterbedStore extends SharedItemStore implements WaterbedStore {
  /** Aggregates read before, each under the version of its indicator it was read at. */
  private readonly recent = new VersionedCache<PortAggregate[]>(cachedReads);

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
    const source = {
      organisationId: report.organisationId,
      memberId: report.reportedBy.memberId,
      sharedWith: report.sharedWith,
    };
    // One aggregate item per waterbed indicator and quarter: this organisation's entry for its
    // port holds just the figures that indicator is computed from. A correction that drops every
    // figure of an indicator leaves an entry with none there, so that an entry of the same
    // organisation written in the earlier form (`P#<locode>`, read as its) cannot show through.
    // A first report has nothing to empty.
    const aggregates: TransactItem[] = [];
    for (const indicator of waterbedIndicators) {
      const names = figuresOf(indicator);
      if (names.length === 0) continue;
      const figures: Figures = {};
      for (const name of names) {
        const figure = report.figures[name];
        if (figure) figures[name] = figure;
      }
      const key = keys.waterbedIndicatorQuarter(indicator, report.quarter);
      const attribute = keys.waterbedReportAttribute(report.locode, report.organisationId);
      if (Object.keys(figures).length > 0 || expectedRevision > 0)
        aggregates.push(
          this.setFields(key, {
            [attribute]: encodeReportAggregate({ source, figures, reportedAt: report.reportedAt }),
          }),
          this.newVersion(indicator),
        );
    }
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
        ...aggregates,
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

  async sightingsAtPort(locode: string): Promise<Sighting[]> {
    const items = await this.readAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.portSightings(locode) },
    });
    return items.map((i) => withoutKeys<Sighting>(i));
  }

  async recordSighting(sighting: Sighting, bulletin: Bulletin, audit: AuditEvent): Promise<void> {
    const port = keys.waterbedPort(sighting.port);
    const audience = bulletinAudience(bulletin);
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
        this.newVersion(portItemsVersion),
        auditPut(this.tableName, audit),
      ],
      (failed) => (failed.includes(0) ? new ConflictError('the bulletin is no longer published') : null),
    );
  }

  async readWaterbed(only?: { indicator: string; quarters: readonly string[] }) {
    const indicator = only?.indicator ?? portItemsVersion;
    const asked = only ? `${indicator}|${[...only.quarters].sort().join(',')}` : indicator;
    const readAggregates = () =>
      only ? this.readFigures(only.indicator, only.quarters) : this.readSightings();
    let aggregates: PortAggregate[] | undefined;
    let directory: Item[];
    if (this.recent.has(asked)) {
      // Asked before: the directory first, as it carries the indicator's version; the aggregate is
      // read again only if a write changed that version since (docs/waterbed.md, "The read cache").
      directory = await this.readDirectory();
      const version = versionOf(directory, indicator);
      aggregates = version === null ? undefined : this.recent.get(asked, version);
      if (!aggregates) {
        aggregates = await readAggregates();
        this.recent.set(asked, version, aggregates);
      }
    } else {
      // Asked for the first time: both in parallel. What was read beside the version (not after
      // it) may be older than the version says, so it is kept as asked-for but never answers.
      [aggregates, directory] = await Promise.all([readAggregates(), this.readDirectory()]);
      this.recent.set(asked, null, aggregates);
    }
    const summary = keys.directorySummary(portKind).sk;
    const checklistPrefix = `${summary}#CHECKLIST#`;
    return {
      aggregates,
      directory: directory.filter((i) => i.sk === summary).flatMap(directoryPorts),
      harmonization: directory
        .filter((i) => String(i.sk).startsWith(checklistPrefix))
        .map((i): ChecklistHarmonization => {
          const answers: ChecklistHarmonization['answers'] = {};
          for (const [name, value] of Object.entries(i))
            if (name.startsWith(answersPrefix)) answers[name] = value as MandatoryAnswers;
          return {
            checklistId: String(i.sk).slice(checklistPrefix.length),
            current: (i.current as CurrentMandatory | undefined) ?? null,
            answers,
          };
        }),
    };
  }

  /** The port authorities' summary, the harmonization item of every checklist and the waterbed's versions. */
  private readDirectory(): Promise<Item[]> {
    const ofKind = keys.directoryOfKind(portKind);
    return this.readAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :kind)',
      ExpressionAttributeValues: { ':pk': ofKind.pk, ':kind': ofKind.prefix },
    });
  }

  /** A new version of the indicator's aggregate, in the transaction that writes it. */
  private newVersion(indicator: string): TransactItem {
    return newWaterbedVersion(this.tableName, indicator);
  }

  /**
   * One Query of the indicator's partition over the asked quarters: one item per quarter, each
   * holding every port's figures for that indicator, so the read grows with the quarters asked and
   * not with the quarters stored or the other figures (docs/waterbed.md).
   */
  private async readFigures(indicator: string, quarters: readonly string[]): Promise<PortAggregate[]> {
    const sorted = [...quarters].sort();
    const items = await this.readAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.waterbedIndicator(indicator),
        ':from': keys.waterbedQuarter(sorted[0] ?? ''),
        ':to': keys.waterbedQuarter(sorted[sorted.length - 1] ?? ''),
      },
    });
    const ports = new Map<string, PortAggregate>();
    for (const item of items) {
      const quarter = String(item.sk).slice(keys.waterbedQuarter('').length);
      // Per port, one entry per reporting organisation: `P#<locode>#<organisationId>`, or an
      // entry of the earlier form `P#<locode>` where the organisation has none of the new form.
      const byPort = new Map<string, Map<string, { report: ReportAggregate; earlierForm: boolean }>>();
      for (const [name, value] of Object.entries(item)) {
        if (!name.startsWith(keys.waterbedReportPrefix)) continue;
        const [locode = '', organisation] = name.slice(keys.waterbedReportPrefix.length).split('#');
        const report = decodeReportAggregate(value);
        const entries = byPort.get(locode) ?? new Map();
        const earlierForm = organisation === undefined;
        const kept = entries.get(report.source.organisationId);
        if (!kept || (kept.earlierForm && !earlierForm))
          entries.set(report.source.organisationId, { report, earlierForm });
        byPort.set(locode, entries);
      }
      for (const [locode, entries] of byPort) {
        const port: PortAggregate = ports.get(locode) ?? { locode, reports: {}, sightings: {}, named: {} };
        port.reports[quarter] = [...entries.values()].map((e) => e.report);
        ports.set(locode, port);
      }
    }
    return [...ports.values()];
  }

  /** Every port's sightings item. */
  private async readSightings(): Promise<PortAggregate[]> {
    const items = await this.readAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :port)',
      ExpressionAttributeValues: { ':pk': keys.waterbed, ':port': keys.waterbedPortPrefix },
    });
    return items.map(aggregateOf);
  }

  /** Every page of a Query (one page holds about 1 MB: some 40 ports of 40 quarters; docs/waterbed.md). */
  private async readAll(input: Parameters<SharedItemStore['query']>[0]): Promise<Item[]> {
    const items: Item[] = [];
    let after: Item | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          // Strongly consistent, so what is read after a version is at least as new as it (a GSI
          // has no consistent reads: a sighting just recorded may show in its port's list a moment later).
          ConsistentRead: !input.IndexName,
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

/** The flat attributes of a waterbed port item as sightings by quarter. */
function aggregateOf(item: Item): PortAggregate {
  const aggregate: PortAggregate = { locode: String(item.locode), reports: {}, sightings: {}, named: {} };
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(keys.waterbedNamingPrefix)) {
      const [, quarter = ''] = name.split('#');
      const list = aggregate.named[quarter] ?? [];
      list.push(value as BulletinAudience);
      aggregate.named[quarter] = list;
      continue;
    }
    if (name.startsWith(sightingPrefix) && name.endsWith('#b')) {
      const [, quarter = '', bulletinId = ''] = name.split('#');
      const count = Number(item[`${sightingPrefix}${quarter}#${bulletinId}#n`] ?? 0);
      const list = aggregate.sightings[quarter] ?? [];
      list.push({ bulletin: value as SightingAggregate['bulletin'], count });
      aggregate.sightings[quarter] = list;
    }
  }
  return aggregate;
}

/** The version of the indicator's aggregate among the directory's items, null before its first write. */
function versionOf(directory: readonly Item[], indicator: string): string | null {
  const sk = keys.waterbedVersion(indicator).sk;
  const version = directory.find((i) => i.sk === sk)?.version;
  return typeof version === 'string' ? version : null;
}
