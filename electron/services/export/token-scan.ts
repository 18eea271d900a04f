// Looks for secrets in bytes that go into an export, as they stream by: the user and Page tokens the vault holds.
// Tokens are ASCII, so they are matched as bytes; a token split across two chunks is found because the last
// (longest token − 1) bytes of each chunk are kept and searched again with the next one.
import { Transform, type TransformCallback } from 'node:stream';

/** A secret was found where it must never be. */
export class SecretFoundError extends Error {
  constructor(public where: string) {
    super(`A sign-in token was found in ${where}.`);
    this.name = 'SecretFoundError';
  }
}

/** Secrets shorter than this are not searched for (they would match ordinary text); real tokens are far longer. */
const MIN_SECRET = 16;

/** A scanner for these secrets; `check(where)` builds one pass-through stream per entry. */
export function createTokenScanner(secrets: readonly string[]) {
  const needles = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET).map((s) => Buffer.from(s));
  const keep = Math.max(0, ...needles.map((n) => n.length - 1));

  /** True when `buf` contains a secret. */
  const contains = (buf: Buffer) => needles.some((n) => buf.includes(n));

  return {
    /** True when the text (an entry's name) contains a secret. */
    inText: (text: string) => contains(Buffer.from(text)),
    /** A pass-through stream that fails with SecretFoundError when a secret goes through it. */
    check(where: string): Transform {
      let tail = Buffer.alloc(0);
      return new Transform({
        transform(chunk: Buffer, _enc, done: TransformCallback) {
          const window = tail.length ? Buffer.concat([tail, chunk]) : chunk;
          if (needles.length && contains(window)) return done(new SecretFoundError(where));
          tail = keep ? Buffer.from(window.subarray(Math.max(0, window.length - keep))) : tail;
          done(null, chunk);
        },
      });
    },
  };
}
