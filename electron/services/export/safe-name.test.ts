// Names inside an export archive are safe wherever it is unpacked, whatever text they come from.
import { describe, expect, it } from 'vitest';
import { extensionOf, safeName } from './safe-name';

const SAFE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,76}-[a-f0-9]{12}(\.[a-z0-9]{1,5})?$/;

describe('safeName', () => {
  it.each([
    '../../etc/passwd',
    '..\\..\\Windows\\System32',
    '/absolute/path',
    'C:\\Users\\x',
    'C:',
    'CON',
    'con.txt',
    'NUL',
    'com1',
    'LPT9',
    '',
    '.',
    '..',
    '.hidden',
    '-rf',
    'a\u0000b',
    'name\r\nwith lines',
    'pa%2e%2e%2fth',
    'ＡＢＣ／..／x',
    '\u202eexe.gpj',
    'x'.repeat(5000),
    '1001:17841:media_url',
    'Café Ana 🍰',
    'trailing dots...',
    'trailing space ',
  ])('%j becomes a safe, bounded name', (raw) => {
    const name = safeName(raw, '.jpg');
    expect(name).toMatch(SAFE);
    expect(name.length).toBeLessThanOrEqual(4 + 64 + 13);
    expect(name.split(/[.-]/)[0]!.toUpperCase()).not.toMatch(/^(CON|PRN|AUX|NUL|COM\d|LPT\d)$/);
  });

  it('keeps names apart that differ only in replaced characters, and is stable', () => {
    expect(safeName('a:b')).not.toBe(safeName('a/b'));
    expect(safeName('a:b')).toBe(safeName('a:b'));
    expect(safeName('1001:p1:full_picture')).toMatch(/^1001_p1_full_picture-[a-f0-9]{12}$/);
  });

  it('takes only plain extensions', () => {
    expect(safeName('x', '.jpg/../../a')).toMatch(/^x-[a-f0-9]{12}$/);
    expect(safeName('x', '.JPG')).toMatch(/^x-[a-f0-9]{12}$/);
    expect(extensionOf('image/jpeg')).toBe('.jpg');
    expect(extensionOf('video/mp4; codecs=avc1')).toBe('.mp4');
    expect(extensionOf('application/x-msdownload')).toBe('');
  });
});
