/** An update named a revision that is no longer current (If-Match → 412). */
export class StaleRevisionError extends Error {
  override name = 'StaleRevisionError';
}

/** A write lost a race or broke a uniqueness rule. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** The change would leave an organisation without an active org_admin (409). */
export class LastOrgAdminError extends ConflictError {
  override name = 'LastOrgAdminError';
}

/**
 * Storage did not answer in time, refused the connection or throttled the call (the adapters map
 * SDK timeouts, ECONNREFUSED, throttling and 5xx to this): 503 with `Retry-After`, never a 500.
 */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
  constructor(
    readonly store: 'table' | 'files',
    options?: { cause?: unknown },
  ) {
    super(
      store === 'table'
        ? 'The database did not answer in time; try again in a few seconds.'
        : 'The file store did not answer in time; try again in a few seconds.',
      options,
    );
  }
}
