/**
 * WeCom measures message limits in UTF-8 bytes (a CJK character is 3, an emoji 4), not in JavaScript string
 * length, so every limit check and every split in this folder goes through these two functions.
 */

/** The UTF-8 size of `s` as it will be sent (a lone surrogate is sent as U+FFFD: 3 bytes). */
export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function codePointBytes(cp: number): number {
  if (cp <= 0x7f) return 1;
  if (cp <= 0x7ff) return 2;
  if (cp <= 0xffff) return 3; // includes lone surrogates, encoded as U+FFFD
  return 4;
}

/**
 * Splits `s` into parts of at most `maxBytes` UTF-8 bytes each, losslessly (`parts.join('') === s`).
 * Never cuts inside a character or a surrogate pair. Cuts after the last line break of a part when that
 * break lies in the part's second half, so that paragraphs stay whole without leaving tiny parts.
 * An empty string gives `['']`: the caller decides whether an empty message is worth sending.
 */
export function splitByBytes(s: string, maxBytes: number): string[] {
  // 4 bytes is the largest UTF-8 character: below that some inputs could not be split at all.
  if (!Number.isInteger(maxBytes) || maxBytes < 4) throw new RangeError('maxBytes must be an integer >= 4');
  if (utf8Bytes(s) <= maxBytes) return [s];

  const parts: string[] = [];
  let start = 0; // index in `s` (UTF-16 units) where the current part begins
  let bytes = 0; // bytes in the current part so far
  let lastBreak = -1; // index just after the last '\n' in the current part
  let lastBreakBytes = 0; // bytes up to lastBreak
  let i = 0;
  while (i < s.length) {
    const cp = s.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const size = codePointBytes(cp);
    if (bytes + size > maxBytes) {
      const useBreak = lastBreak > start && lastBreakBytes * 2 >= maxBytes;
      const end = useBreak ? lastBreak : i;
      parts.push(s.slice(start, end));
      bytes = useBreak ? bytes - lastBreakBytes : 0;
      start = end;
      lastBreak = -1;
      lastBreakBytes = 0;
      continue; // re-examine this character against the new part
    }
    bytes += size;
    i += width;
    if (cp === 0x0a) {
      lastBreak = i;
      lastBreakBytes = bytes;
    }
  }
  parts.push(s.slice(start));
  return parts;
}
