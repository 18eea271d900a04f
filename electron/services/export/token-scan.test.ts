// The token scanner finds a token wherever it is in a stream, split across chunks included.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTokenScanner, SecretFoundError } from './token-scan';

const TOKEN = 'EAAGsecretUserToken0123456789abcdef';

async function scan(chunks: string[], secrets = [TOKEN]) {
  const sink = new Writable({ write: (_c, _e, done) => done() });
  return pipeline(
    Readable.from(chunks.map((c) => Buffer.from(c))),
    createTokenScanner(secrets).check('x'),
    sink,
  );
}

describe('token scanner', () => {
  it('passes bytes without a token through', async () => {
    await expect(scan(['hello ', 'EAAGsecretUserToken0123456789abcde', 'X'])).resolves.toBeUndefined();
  });

  it('finds a token inside one chunk, at its edges, and split over many chunks', async () => {
    await expect(scan([`a${TOKEN}b`])).rejects.toBeInstanceOf(SecretFoundError);
    await expect(scan([TOKEN])).rejects.toBeInstanceOf(SecretFoundError);
    for (let cut = 1; cut < TOKEN.length; cut += 7)
      await expect(scan(['xx', TOKEN.slice(0, cut), TOKEN.slice(cut), 'yy'])).rejects.toBeInstanceOf(
        SecretFoundError,
      );
    await expect(scan(TOKEN.split(''))).rejects.toBeInstanceOf(SecretFoundError);
  });

  it('checks names, ignores secrets too short to be tokens', async () => {
    const s = createTokenScanner([TOKEN, 'abc', '']);
    expect(s.inText(`media/${TOKEN}.jpg`)).toBe(true);
    expect(s.inText('media/abc.jpg')).toBe(false);
  });
});
