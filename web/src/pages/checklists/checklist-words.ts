import type { ControlArea, ItemLevel, ItemStatus } from '../../../../shared/checklist';
import type { OwnStatus } from '../../../../shared/progress';

/** Checklist words as people read them; kept here (not in shared/checklist.ts) so pages need no zod. */
export const areaLabels: Record<ControlArea, string> = {
  access_control: 'Access control',
  container_scanning: 'Container scanning',
  personnel_vetting: 'Personnel vetting',
  it_security: 'IT security',
  seal_integrity: 'Seal integrity',
  cargo_release: 'Cargo release',
  perimeter_security: 'Perimeter security',
  information_sharing: 'Information sharing',
};
export const areas = Object.keys(areaLabels) as ControlArea[];

export const levelLabels: Record<ItemLevel, string> = { mandatory: 'Mandatory', recommended: 'Recommended' };

export const statusLabels: Record<ItemStatus, string> = {
  implemented: 'Implemented',
  in_progress: 'In progress',
  not_implemented: 'Not implemented',
  not_applicable: 'Not applicable',
};
export const statuses = Object.keys(statusLabels) as ItemStatus[];

export const ownStatusLabels: Record<OwnStatus, string> = {
  acknowledged: 'Acknowledged',
  pending: 'To acknowledge',
  not_applicable: 'Does not apply to you',
};

const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });
export const dateOf = (iso: string | null | undefined) => (iso ? day.format(new Date(iso)) : '—');

/** "due in 5 days", "3 days overdue". */
export function dueWords(dueAt: string, now = Date.now()): string {
  const days = Math.round((Date.parse(dueAt) - now) / 86_400_000);
  if (days > 1) return `due in ${days} days`;
  if (days === 1) return 'due tomorrow';
  if (days === 0) return 'due today';
  return `${-days} day${days === -1 ? '' : 's'} overdue`;
}

export const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? '—' : `${Math.round(share * 100)} %`;
