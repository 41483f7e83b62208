import { describe, expect, it } from 'vitest';
import { byteArraysIn, decodeWire, encodeWire } from './wire';

describe('the wire encoding', () => {
  it('carries byte arrays through JSON unchanged', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
    const decoded = decodeWire(encodeWire({ sources: [{ kind: 'bytes', name: 'a.txt', bytes }] })) as {
      sources: { bytes: Uint8Array }[];
    };
    expect(decoded.sources[0]?.bytes).toEqual(bytes);
  });

  it('uses base64 made beforehand for the byte arrays it is given, and finds every byte array', () => {
    const big = new Uint8Array(200_000).map((_, i) => (i * 7) % 256);
    const small = new Uint8Array([1, 2, 3]);
    const args = {
      sources: [
        { kind: 'bytes', name: 'a.pdf', bytes: big },
        { name: 'b', bytes: small },
      ],
      n: 2,
    };
    expect(byteArraysIn(args)).toEqual([big, small]);
    const made = new Map([[big, Buffer.from(big).toString('base64')]]);
    const text = encodeWire(args, made);
    expect(text).toContain(made.get(big));
    const decoded = decodeWire(text) as { sources: { bytes: Uint8Array }[] };
    expect(decoded.sources[0]?.bytes).toEqual(big);
    expect(decoded.sources[1]?.bytes).toEqual(small);
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
