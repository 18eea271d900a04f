// HTTP byte ranges for media responses (RFC 9110 §14): videos seek with them.

/** The outcome of reading a Range header against a body of `size` bytes. */
export type RangeResult =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * Parses `bytes=a-b`, `bytes=a-` and `bytes=-n` against a body of `size` bytes (`end` is inclusive). A missing,
 * malformed or multi-range header yields `full`: RFC 9110 lets a server ignore a Range it does not support.
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return { kind: 'full' };
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return { kind: 'full' };
  if (a === '') {
    // Suffix range: the last n bytes. `bytes=-0` can never be satisfied.
    const n = Number(b);
    if (!Number.isSafeInteger(n) || n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  if (b === '') return { kind: 'partial', start, end: size - 1 };
  const last = Number(b);
  if (!Number.isSafeInteger(last) || last < start) return { kind: 'full' };
  return { kind: 'partial', start, end: Math.min(last, size - 1) };
}
