import { describe, expect, it } from 'vitest';
import { isQuotaError, storageErrorName } from './storage-errors';

describe('storage errors', () => {
  it('recognises a full disk raw, wrapped by Dexie, or only in the message', () => {
    const raw = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const wrapped = Object.assign(new Error('AbortError'), { name: 'AbortError', inner: raw });
    expect(isQuotaError(raw)).toBe(true);
    expect(isQuotaError(wrapped)).toBe(true);
    expect(storageErrorName(wrapped)).toBe('QuotaExceededError');
    expect(isQuotaError(new Error('Transaction aborted: QuotaExceededError'))).toBe(true);
  });

  it('does not take other storage failures for a full disk', () => {
    expect(isQuotaError(new DOMException('newer schema', 'VersionError'))).toBe(false);
    expect(isQuotaError(new Error('The database connection is closing.'))).toBe(false);
    expect(storageErrorName('nope')).toBe('');
  });
});
