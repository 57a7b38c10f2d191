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
