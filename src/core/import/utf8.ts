/**
 * Locating the first byte that makes a buffer invalid UTF-8, so that a failed decode can tell the
 * reader where the problem is. Follows the WHATWG decoder (what `TextDecoder` with `fatal: true`
 * rejects): overlong forms, surrogates and code points above U+10FFFF are invalid.
 */

/**
 * The offset of the lead byte of the first invalid UTF-8 sequence in `bytes`, or `-1` when all of
 * `bytes` is valid UTF-8. A sequence cut short by the end of the buffer is invalid at its lead byte.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // Past the end reads as -1, which is never a continuation byte: a truncated sequence is invalid.
  const at = (index: number): number => bytes[index] ?? -1;
  const inRange = (value: number, low: number, high: number): boolean => value >= low && value <= high;
  const isContinuation = (value: number): boolean => inRange(value, 0x80, 0xbf);

  let i = 0;
  while (i < bytes.length) {
    const lead = at(i);
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    // The second byte's range depends on the lead byte (this is what excludes overlong forms,
    // surrogates and code points beyond U+10FFFF); the remaining bytes are plain continuations.
    let length: number;
    let secondLow = 0x80;
    let secondHigh = 0xbf;
    if (inRange(lead, 0xc2, 0xdf)) length = 2;
    else if (inRange(lead, 0xe0, 0xef)) {
      length = 3;
      if (lead === 0xe0) secondLow = 0xa0;
      if (lead === 0xed) secondHigh = 0x9f;
    } else if (inRange(lead, 0xf0, 0xf4)) {
      length = 4;
      if (lead === 0xf0) secondLow = 0x90;
      if (lead === 0xf4) secondHigh = 0x8f;
    } else return i;

    if (!inRange(at(i + 1), secondLow, secondHigh)) return i;
    for (let k = 2; k < length; k += 1) {
      if (!isContinuation(at(i + k))) return i;
    }
    i += length;
  }
  return -1;
}
