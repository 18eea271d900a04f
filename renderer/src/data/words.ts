// What a word is for offline search, written once: a run of unicode letters and digits, compared lower-cased. The
// store indexes a message's words (`wordsOf`), the search splits its query the same way (`searchTerms`), and the
// highlight marks the same terms (`WORD_CHARS` for its "start of a word" look-behind).

/** The characters a word is made of, as a regular-expression character-class body. */
export const WORD_CHARS = '\\p{L}\\p{N}';

// Built once: sync runs this for every message it stores. (`match` with the g flag ignores and resets lastIndex, so
// one shared instance is safe.)
const WORD_RUN = new RegExp(`[${WORD_CHARS}]+`, 'gu');

function wordRuns(text: string): string[] {
  return text.toLowerCase().match(WORD_RUN) ?? [];
}

/** Lower-cased words of a query, in order (each matches as the prefix of a stored word). */
export function searchTerms(query: string): string[] {
  return wordRuns(query);
}

/** Lower-cased search words of a text to index (2+ chars, deduplicated, at most 200). */
export function wordsOf(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set(wordRuns(text).filter((w) => w.length >= 2))].slice(0, 200);
}
