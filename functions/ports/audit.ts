import type { AuditFilter } from '../../shared';

/** An audit list request: the filter, and the months (newest first) its dates span. */
export interface AuditQuery {
  filter: AuditFilter;
  months: string[];
}

/** One whole month of a trail, unfiltered. */
export const auditMonthQuery = (month: string): AuditQuery => ({
  filter: { from: month, to: month },
  months: [month],
});

/** The most Queries one page of the audit trail costs. */
export const auditQueriesPerPage = 5;
