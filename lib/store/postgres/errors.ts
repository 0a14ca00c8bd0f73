/**
 * Errors about the database rather than about a row: the server is down or
 * restarting, a connection broke, a deadlock or serialization failure, a lock
 * timeout, the schema is missing. Writing the same events again later may
 * succeed, so they are kept and retried, never discarded. Data exceptions
 * (class 22) and integrity violations (class 23) are about the row.
 */
export function isPostgresDatabaseLevelError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return !/^2[23]/.test(code);
  // No SQLSTATE: a network error (ECONNREFUSED, ECONNRESET…) or the driver's "Connection terminated".
  return true;
}
