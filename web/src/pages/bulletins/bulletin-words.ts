import type { Severity } from '../../../../shared/bulletin';

export const severities: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export { formatDateTime as when } from '../../i18n';
export { severityLabel } from '../../words';

/**
 * The bulletin just published from the compose page, so its page can say so once. Held in memory,
 * not in the address: a reload or a shared link must not repeat the message.
 */
let justPublished: string | null = null;
export const markPublished = (id: string) => {
  justPublished = id;
};
export const takePublished = (id: string): boolean => {
  const was = justPublished === id;
  if (was) justPublished = null;
  return was;
};
