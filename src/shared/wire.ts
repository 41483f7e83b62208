/**
 * JSON encoding for API payloads on text transports (HTTP): like `JSON`, but byte arrays survive as
 * `{"$bytes": "<base64>"}`. Electron IPC uses structured clone and needs none of this.
 */

const BYTES_KEY = '$bytes';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Serialises a payload, encoding every `Uint8Array` as base64. `encoded` holds base64 already made
 * for some of them (a browser makes it off its main thread, see {@link byteArraysIn}).
 */
export function encodeWire(value: unknown, encoded?: ReadonlyMap<Uint8Array, string>): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Uint8Array ? { [BYTES_KEY]: encoded?.get(item) ?? toBase64(item) } : item,
  );
}

/** Every `Uint8Array` in a payload of plain objects and arrays. */
export function byteArraysIn(value: unknown, found: Uint8Array[] = []): Uint8Array[] {
  if (value instanceof Uint8Array) found.push(value);
  else if (Array.isArray(value)) for (const item of value) byteArraysIn(item, found);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) byteArraysIn(item, found);
  return found;
}

/**
 * Parses a payload made by {@link encodeWire}. Throws a `SyntaxError` on malformed JSON.
 *
 * A payload without the quoted key `"$bytes"` anywhere holds no byte array, and is parsed by plain
 * `JSON.parse`: a reviver function costs a call per value, which for a long book's text is most of
 * the parsing time. Quotes inside strings are escaped, so the test never misses a byte array; it errs
 * only towards the slow path (for a string that is exactly `$bytes`).
 */
export function decodeWire(text: string): unknown {
  if (!text.includes(`"${BYTES_KEY}"`)) return JSON.parse(text);
  return JSON.parse(text, (_key, item: unknown) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const record = item as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1 && keys[0] === BYTES_KEY && typeof record[BYTES_KEY] === 'string') {
        return fromBase64(record[BYTES_KEY]);
      }
    }
    return item;
  });
}
