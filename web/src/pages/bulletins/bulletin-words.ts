import type { Severity } from '../../../../shared/bulletin';

export const severities: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export const severityLabels: Record<Severity, string> = {
  info: 'Info',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export const when = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');
