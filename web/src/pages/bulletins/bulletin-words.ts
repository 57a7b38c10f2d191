import type { Severity } from '../../../../shared/bulletin';

export const severities: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export { formatDateTime as when } from '../../i18n';
export { severityLabel } from '../../words';
