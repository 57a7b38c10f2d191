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

/** Who a label reaches, in words, for the compose page's "who will see it". */
export function audience(
  tlp: string,
  authorOrganisation: string,
  organisations: string[],
  members: string[],
): string {
  switch (tlp) {
    case 'TLP:CLEAR':
      return 'Anyone, including the public feed and its Atom feed, without signing in.';
    case 'TLP:GREEN':
      return 'Every member of every alliance organisation.';
    case 'TLP:AMBER':
    case 'TLP:AMBER+STRICT':
      return `Members of ${[authorOrganisation, ...organisations].join(', ')}${tlp === 'TLP:AMBER+STRICT' ? ' (organisation only: not to be shared onward)' : ''}.`;
    case 'TLP:RED':
      return members.length
        ? `Only the named people: ${members.join(', ')}, and you.`
        : 'Only named people: pick at least one below.';
    default:
      return '';
  }
}
