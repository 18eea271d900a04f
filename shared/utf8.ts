// Sizes in UTF-8 bytes, as a request body is measured, without encoding the text (plain code, no TextEncoder or
// Buffer: shared/ runs in the renderer and in Node alike).

/** The UTF-8 byte length of `text`; a lone surrogate counts as the `\udxxx` escape JSON.stringify writes for it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 6;
    } else if (c >= 0xd800 && c <= 0xdfff) bytes += 6;
    else bytes += 3;
  }
  return bytes;
}

/** The UTF-8 byte length of `value` as JSON (what it weighs in a request body). */
export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? '');
}
