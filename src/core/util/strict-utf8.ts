/**
 * Reading bytes as UTF-8 strictly: bytes that are not UTF-8 are refused, never turned into U+FFFD
 * (which a later save would write back in place of what the file held).
 */

const decoder = new TextDecoder('utf-8', { fatal: true });

/** `bytes` as text; throws a `TypeError` when they are not UTF-8. */
export function decodeUtf8Strictly(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Whether `bytes` are UTF-8 text. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
