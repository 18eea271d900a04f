// One tokenizer for indexing, searching and highlighting: what is indexed is what a query can find.
import { describe, expect, it } from 'vitest';
import { highlightParts } from '../features/inbox/format';
import { searchTerms, wordsOf } from './words';

describe('search words', () => {
  it('indexes lower-cased letter and digit runs of 2+ characters, once each, in any script', () => {
    expect(wordsOf('Order #A12 — Grüße, grüße! 5 x Café')).toEqual(['order', 'a12', 'grüße', 'café']);
    expect(wordsOf(undefined)).toEqual([]);
    expect(wordsOf(Array.from({ length: 300 }, (_, i) => `w${i}`).join(' '))).toHaveLength(200);
  });

  it('splits a query the same way (single letters kept: they match as prefixes)', () => {
    expect(searchTerms('  Grü, a12!  x ')).toEqual(['grü', 'a12', 'x']);
    expect(searchTerms('— !')).toEqual([]);
  });

  it('highlights exactly the terms the search matched, at word starts', () => {
    const hits = highlightParts('Grüße aus Köln, grüß dich', 'grü köl')
      .filter((p) => p.hit)
      .map((p) => p.text);
    expect(hits).toEqual(['Grü', 'Köl', 'grü']);
  });
});
