import { describe, expect, it } from 'vitest';
import { jsonBytes, utf8Length } from './utf8';

describe('utf8Length', () => {
  it('counts what a UTF-8 request body weighs: ASCII, accents, CJK, emoji and lone surrogates', () => {
    for (const s of [
      '',
      'hello',
      'Café Ana',
      '営業時間のお知らせ',
      'ok 👍🏽 done',
      'a\ud800b',
      '\udc00',
      'x\ud83d',
    ])
      expect(utf8Length(s), s).toBe(Buffer.byteLength(JSON.stringify(s)) - 2);
    expect(jsonBytes({ text: '営'.repeat(1000) })).toBe(
      Buffer.byteLength(JSON.stringify({ text: '営'.repeat(1000) })),
    );
  });
});
