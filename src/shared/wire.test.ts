import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from './wire';

describe('the wire encoding', () => {
  it('carries byte arrays through JSON unchanged', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
    const decoded = decodeWire(encodeWire({ sources: [{ kind: 'bytes', name: 'a.txt', bytes }] })) as {
      sources: { bytes: Uint8Array }[];
    };
    expect(decoded.sources[0]?.bytes).toEqual(bytes);
  });

  it('leaves ordinary objects alone, even with a $bytes key among others', () => {
    const value = { $bytes: 'x', other: 1, list: [1, 'two', null] };
    expect(decodeWire(encodeWire(value))).toEqual(value);
  });

  it('reads a payload without byte arrays exactly as JSON does, strings about $bytes included', () => {
    const value = {
      ok: true,
      value: {
        doc: {
          type: 'doc',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Say "$bytes" twice: $bytes' }] }],
        },
        names: ['$bytes', '{"$bytes":"AAAA"}'],
      },
    };
    const text = encodeWire(value);
    expect(decodeWire(text)).toEqual(JSON.parse(text));
    expect(decodeWire(text)).toEqual(value);
  });

  it('throws a SyntaxError on malformed JSON', () => {
    expect(() => decodeWire('{"a":')).toThrow(SyntaxError);
  });
});
