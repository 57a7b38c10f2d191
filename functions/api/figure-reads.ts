import type { Context } from 'hono';
import { strictestRestricted } from '../../shared/indicators';
import type { RestrictedFigureShown } from '../../shared/waterbed';
import { auditRestrictedItems, type ShownItem } from './addressing';
import type { AppEnv } from './env';

/**
 * Restricted figures (TLP:AMBER, AMBER+STRICT) a response showed leave audit events as bulletins'
 * titles do (addressing.ts `auditRestrictedItems`): one event per reporting organisation in its
 * trail, naming each of its quarters shown (`<organisationId>/<quarter>`, as the report's own
 * events do) with the strictest label shown there; a member shown the same quarter by the same
 * action within the window is not written again (shown-recently.ts).
 */
export function auditFiguresShown(
  c: Context<AppEnv>,
  shown: readonly RestrictedFigureShown[],
  action: string,
): Promise<void> {
  const labels = new Map<string, { organisationId: string; labels: RestrictedFigureShown['tlp'][] }>();
  for (const figure of shown) {
    const id = `${figure.organisationId}/${figure.quarter}`;
    const entry = labels.get(id) ?? { organisationId: figure.organisationId, labels: [] };
    entry.labels.push(figure.tlp);
    labels.set(id, entry);
  }
  const items: ShownItem[] = [...labels].map(([id, entry]) => ({
    id,
    tlp: strictestRestricted(entry.labels) ?? 'TLP:AMBER',
    authorOrganisationId: entry.organisationId,
  }));
  return auditRestrictedItems(c, items, 'indicators', action, (events) =>
    c.get('deps').waterbed.recordAudit(...events),
  );
}
