/**
 * CloudWatch metrics of the jobs, written as Embedded Metric Format lines on stdout: CloudWatch
 * Logs turns them into metrics, so a job needs no SDK call and no IAM permission to publish one.
 * The infra alarms (infra/constructs/observability.ts) name the same namespace and metrics.
 */
export const jobMetrics = {
  namespace: 'AlliancePortal',
  /** A MODIFY or REMOVE of an audit item on the table stream: the trail was rewritten. */
  auditItemsChanged: 'AuditItemsChanged',
  /** Differences the daily comparison found between the table's trail and the archive. */
  auditArchiveDifferences: 'AuditArchiveDifferences',
} as const;

export type JobMetric = Exclude<keyof typeof jobMetrics, 'namespace'>;

/** The EMF document of one metric value; `context` rides along as searchable log fields. */
export function emfLine(
  metric: JobMetric,
  value: number,
  at: Date,
  context: Record<string, unknown> = {},
): string {
  const name = jobMetrics[metric];
  return JSON.stringify({
    ...context,
    _aws: {
      Timestamp: at.getTime(),
      // No dimensions: one series per metric, which is what the alarms watch.
      CloudWatchMetrics: [
        { Namespace: jobMetrics.namespace, Dimensions: [[]], Metrics: [{ Name: name, Unit: 'Count' }] },
      ],
    },
    [name]: value,
  });
}

/**
 * Writes straight to stdout, not through `console`: with the JSON log format Lambda wraps
 * console output in its own record, and CloudWatch reads EMF only from a line that is the document.
 */
export function emitMetric(
  metric: JobMetric,
  value: number,
  context: Record<string, unknown> = {},
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: Date = new Date(),
): void {
  out(emfLine(metric, value, now, context));
}
