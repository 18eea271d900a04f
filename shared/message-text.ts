// The length rule of a message's text, written once for the composer, the outbox and the bridge contract.

/**
 * Meta's limit for `message.text` in the Send API: "Must be UTF-8 and has a 2000 character limit"
 * (https://developers.facebook.com/docs/messenger-platform/reference/send-api/ ; Instagram messaging uses the same
 * endpoint and limit). Longer text is refused with code 100, never truncated.
 */
export const MAX_MESSAGE_TEXT_LENGTH = 2000;

/**
 * The length Duet counts against the limit: UTF-16 code units (`string.length`). Meta does not define "character";
 * code units are never fewer than code points or graphemes, so text within this count is within Meta's limit
 * however Meta counts — an emoji may cost 2, which errs on the side of a message that is delivered.
 */
export function messageTextLength(text: string): number {
  return text.length;
}

const segmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    : null;

/** Grapheme boundaries (UTF-16 offsets) of `text` up to `limit`; code point boundaries without Intl.Segmenter. */
function boundaries(text: string, limit: number): number[] {
  const out: number[] = [];
  if (segmenter) {
    for (const s of segmenter.segment(text)) {
      if (s.index > limit) break;
      out.push(s.index);
    }
  } else {
    for (let i = 0; i <= Math.min(limit, text.length - 1); i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1)
      out.push(i);
  }
  if (text.length <= limit) out.push(text.length);
  return out;
}

/**
 * Splits text that is over the limit into parts of at most `max` code units each, in order, without losing a
 * character: at a paragraph or line break when one is in the second half of a part, else after a sentence end,
 * else at a space, else at a grapheme boundary (never inside a surrogate pair, an emoji sequence or a combining
 * mark). Whitespace at a split is trimmed from the parts; nothing else changes.
 */
export function splitMessageText(text: string, max = MAX_MESSAGE_TEXT_LENGTH): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (messageTextLength(rest) > max) {
    const cuts = boundaries(rest, max).filter((b) => b > 0);
    // A single grapheme longer than the limit (pathological) is cut at a code point boundary.
    const hard = cuts[cuts.length - 1] ?? ((rest.codePointAt(max - 1) ?? 0) > 0xffff ? max - 1 : max);
    const window = rest.slice(0, hard);
    const floor = Math.floor(max / 2);
    const lastOf = (re: RegExp): number => {
      let at = -1;
      for (const m of window.matchAll(re)) if (m.index + m[0].length > floor) at = m.index + m[0].length;
      return at;
    };
    const valid = new Set(cuts);
    const cut = [lastOf(/\n\s*\n/g), lastOf(/\n/g), lastOf(/[.!?…。！？]["')\]]*\s/gu), lastOf(/\s/gu)].find(
      (c) => c > 0 && valid.has(c),
    );
    const at = cut ?? hard;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}
