import { describe, expect, it } from 'vitest';
import { failureOf as failure } from '../test-support';
import { decodeText } from './decode-text';
import { fileOf, readFixture } from './test-fixtures';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('decodeText', () => {
  it('returns a real article unchanged when it is already clean UTF-8', () => {
    const text = readFixture('review-2026-02-15-collapse-of-stalinism-book.txt');
    expect(decodeText(fileOf('review.txt', encode(text)))).toBe(text);
  });

  it('strips a UTF-8 byte order mark', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...encode('Elements of revolution')]);
    expect(decodeText(fileOf('bom.txt', bytes))).toBe('Elements of revolution');
  });

  it('turns CRLF and lone CR line endings into LF', () => {
    expect(
      decodeText(fileOf('dos.txt', encode('Leon Trotsky\r\n\r\nThe Revolution Betrayed\rby Leon Trotsky'))),
    ).toBe('Leon Trotsky\n\nThe Revolution Betrayed\nby Leon Trotsky');
  });

  it('composes decomposed accents (NFC), so quotes typed later match the text', () => {
    expect(decodeText(fileOf('nfd.txt', encode('Solidarnos\u0301c\u0301')))).toBe('Solidarność');
  });

  it('refuses an empty file, naming it', () => {
    const error = failure(() => decodeText(fileOf('empty.txt', new Uint8Array(0))));
    expect(error.code).toBe('import-failed');
    expect(error.message).toContain('"empty.txt" is empty');
    expect(error.path).toBe('/in/empty.txt');
  });

  it('refuses a file of nothing but spaces, tabs and line breaks', () => {
    const error = failure(() => decodeText(fileOf('blank.txt', encode(' \t\r\n\n   \n\u00a0'))));
    expect(error.code).toBe('import-failed');
    expect(error.message).toContain('"blank.txt" contains only blank space');
  });

  it('refuses a file with NUL bytes as binary', () => {
    const zipHeader = Uint8Array.from([
      0x50,
      0x4b,
      0x03,
      0x04,
      0x14,
      0x00,
      0x06,
      0x00,
      ...encode('word/document.xml'),
    ]);
    const error = failure(() => decodeText(fileOf('notes.txt', zipHeader)));
    expect(error.code).toBe('import-failed');
    expect(error.message).toMatch(/"notes\.txt" looks like a binary file.*NUL/);
  });

  it('refuses a file where control characters are a high share of the first bytes', () => {
    const noisy = Uint8Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 0x01 : 0x41));
    const error = failure(() => decodeText(fileOf('noisy.txt', noisy)));
    expect(error.message).toMatch(
      /"noisy\.txt" looks like a binary file.*25% of its first bytes are control characters/,
    );
  });

  it('accepts text with a few terminal colour codes', () => {
    const log = `\u001b[1mUSSR 1989\u001b[0m ${readFixture('review-2026-02-15-collapse-of-stalinism-book.txt').slice(0, 500)}`;
    expect(decodeText(fileOf('log.txt', encode(log)))).toContain('USSR 1989');
  });

  it('refuses UTF-16 text with advice to save it as UTF-8', () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, 0x55, 0x00, 0x53, 0x00]);
    const error = failure(() => decodeText(fileOf('utf16.txt', utf16)));
    expect(error.message).toContain('"utf16.txt" is saved as UTF-16');
  });

  it('refuses Latin-1 text, saying at which byte and line the first bad byte is', () => {
    const latin1 = Uint8Array.from([...encode("Strikes by Poland's workers\nSolidarno"), 0xb6, 0x63]);
    const error = failure(() => decodeText(fileOf('latin1.txt', latin1)));
    expect(error.code).toBe('import-failed');
    expect(error.message).toContain('"latin1.txt" is not valid UTF-8');
    expect(error.message).toContain('offset 37, on line 2');
    expect(error.message).toContain('save it as UTF-8');
  });
});
