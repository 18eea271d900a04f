import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_TEXT_LENGTH, messageTextLength, splitMessageText } from './message-text';

const noSpace = (s: string) => s.replace(/\s+/gu, '');
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

describe('messageTextLength', () => {
  it.each([
    ['plain', 'hello', 5],
    ['an emoji counts as its two UTF-16 units', '👍', 2],
    ['a family emoji (ZWJ sequence)', '👨‍👩‍👧', 8],
    ['a combining accent', 'e\u0301', 2],
  ])('%s', (_l, text, n) => {
    expect(messageTextLength(text)).toBe(n);
  });
});

describe('splitMessageText', () => {
  it('leaves text within the limit whole', () => {
    expect(splitMessageText('x'.repeat(MAX_MESSAGE_TEXT_LENGTH))).toEqual([
      'x'.repeat(MAX_MESSAGE_TEXT_LENGTH),
    ]);
  });

  it('splits 2,500 characters of sentences at a sentence end into 2 parts, in order', () => {
    const text = Array.from(
      { length: 50 },
      (_, i) => `Sentence number ${String(i).padStart(2, '0')} is here.`,
    ).join(' ');
    const long = `${text} ${text}`;
    expect(long.length).toBeGreaterThan(2_500);
    const parts = splitMessageText(long);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.endsWith('.')).toBe(true);
    expect(parts.join(' ')).toBe(long);
  });

  it('prefers a paragraph break', () => {
    const a = 'a '.repeat(800).trim();
    const b = 'b '.repeat(800).trim();
    expect(splitMessageText(`${a}\n\n${b}`)).toEqual([a, b]);
  });

  it('never cuts an emoji or a combining mark, even in text without spaces', () => {
    const text = '👨‍👩‍👧é'.repeat(400); // 10 units each, 4,000 in all
    const parts = splitMessageText(text);
    for (const p of parts) {
      expect(messageTextLength(p)).toBeLessThanOrEqual(MAX_MESSAGE_TEXT_LENGTH);
      expect(p.startsWith('👨')).toBe(true);
      expect(loneSurrogate.test(p)).toBe(false);
    }
    expect(parts.join('')).toBe(text);
  });

  it('any text: every part within the limit, no lone surrogates, nothing lost but whitespace at the cuts', () => {
    const unit = fc.oneof(
      fc.constantFrom(' ', '. ', '\n', '👍', '👨‍👩‍👧', 'e\u0301', '中', 'word'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
    );
    fc.assert(
      fc.property(
        fc.array(unit, { minLength: 1, maxLength: 2_000 }),
        fc.integer({ min: 20, max: 300 }),
        (units, max) => {
          const text = units.join('');
          const parts = splitMessageText(text, max);
          for (const p of parts) {
            expect(messageTextLength(p)).toBeLessThanOrEqual(max);
            expect(p.length).toBeGreaterThan(0);
            expect(loneSurrogate.test(p)).toBe(loneSurrogate.test(text));
          }
          expect(noSpace(parts.join(''))).toBe(noSpace(text));
        },
      ),
      { numRuns: 150 },
    );
  });
});
