import type { ControlArea, ItemLevel, ItemStatus } from '../../../../shared/checklist';
import type { OwnStatus } from '../../../../shared/progress';
import { formatDate, formatNumber, t } from '../../i18n';

/**
 * Checklist words as people read them, in the member's language; kept here (not in
 * shared/checklist.ts) so pages need no zod. Functions, not tables: the language can change.
 */
export const areas: ControlArea[] = [
  'access_control',
  'container_scanning',
  'personnel_vetting',
  'it_security',
  'seal_integrity',
  'cargo_release',
  'perimeter_security',
  'information_sharing',
];
export const areaLabel = (area: ControlArea) => t(`area.${area}`);

export const levelLabel = (level: ItemLevel) => t(`level.${level}`);

export const statuses: ItemStatus[] = ['implemented', 'in_progress', 'not_implemented', 'not_applicable'];
export const statusLabel = (status: ItemStatus) => t(`itemStatus.${status}`);

export const ownStatusLabel = (status: OwnStatus) => t(`ownStatus.${status}`);

export const dateOf = (iso: string | null | undefined) => formatDate(iso);

/** "due in 5 days", "3 days overdue". */
export function dueWords(dueAt: string, now = Date.now()): string {
  const days = Math.round((Date.parse(dueAt) - now) / 86_400_000);
  return days >= 0 ? t('due.in', { days }) : t('due.overdue', { days: -days });
}

/** "42 %" in the member's locale ("42 %" in French, "42%" in English); "—" for nothing. */
export const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? '—' : formatNumber(share, { style: 'percent' });
