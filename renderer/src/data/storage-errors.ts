// What IndexedDB's refusals are called. Dexie wraps the browser's DOMException (its name on `inner`), so the name is
// read from either; a full disk (the origin's quota) is told apart everywhere by `isQuotaError`.

/** The name of a storage error (Dexie's wrapped DOMException first), or '' for anything that is not an Error. */
export function storageErrorName(e: unknown): string {
  return e instanceof Error ? ((e as { inner?: Error }).inner?.name ?? e.name) : '';
}

/** True when IndexedDB refused a write because the disk (the origin's storage quota) is full. */
export function isQuotaError(e: unknown): boolean {
  return storageErrorName(e) === 'QuotaExceededError' || /QuotaExceeded/i.test(String(e));
}
