import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8Offset } from './utf8';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('firstInvalidUtf8Offset', () => {
  it('finds nothing wrong in text with accents, CJK and emoji', () => {
    expect(firstInvalidUtf8Offset(encode('Solidarność – 共産主義 🚩 “quoted”'))).toBe(-1);
  });

  it('points at a Windows-1252 curly quote inside otherwise valid text', () => {
    const text = encode('the “lie” that ');
    const withCp1252 = Uint8Array.from([...text, 0x93, ...encode('there is no alternative')]);
    expect(firstInvalidUtf8Offset(withCp1252)).toBe(text.length);
  });

  it('rejects an overlong encoding of "/"', () => {
    expect(firstInvalidUtf8Offset(bytes(0x61, 0xc0, 0xaf))).toBe(1);
  });

  it('rejects an encoded UTF-16 surrogate', () => {
    expect(firstInvalidUtf8Offset(bytes(0xed, 0xa0, 0x80))).toBe(0);
  });

  it('rejects code points above U+10FFFF', () => {
    expect(firstInvalidUtf8Offset(bytes(0x41, 0xf4, 0x90, 0x80, 0x80))).toBe(1);
  });

  it('rejects a sequence cut short by the end of the file at its lead byte', () => {
    const euro = encode('€');
    expect(firstInvalidUtf8Offset(Uint8Array.from([0x41, ...euro.subarray(0, 2)]))).toBe(1);
  });

  it('agrees with the fatal TextDecoder on which buffers are valid', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const samples = [
      bytes(0xe0, 0x80, 0x80),
      bytes(0xf0, 0x9f, 0x9a, 0xa9),
      bytes(0xc2),
      bytes(0xff),
      encode('Trotsky'),
    ];
    for (const sample of samples) {
      let valid = true;
      try {
        decoder.decode(sample);
      } catch {
        valid = false;
      }
      expect(firstInvalidUtf8Offset(sample) === -1).toBe(valid);
    }
  });
});
