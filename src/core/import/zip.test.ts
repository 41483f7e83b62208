import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ScholiaError } from '../../shared/errors';
import { zipBombEpub } from '../../../tests/support/hostile-inputs';
import { fileOf } from './test-fixtures';
import { unzipEntries } from './zip';

function thrown(run: () => unknown): ScholiaError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScholiaError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** `zip` with the declared uncompressed size of every entry (local and central headers) set to `size`. */
function withDeclaredSize(zip: Uint8Array, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let at = 0; at + 4 <= copy.byteLength; at += 1) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return copy;
}

describe('unzipEntries', () => {
  it('reads the wanted entries, by name, inflated on demand', () => {
    const zip = zipSync({
      'a.xml': strToU8('<a/>'),
      'kapitel-ü.xhtml': strToU8('<p>ü</p>'),
      'b.png': new Uint8Array(10),
    });
    const entries = unzipEntries(fileOf('pack.epub', zip), 'EPUB book', (name) => !name.endsWith('.png'));
    expect(entries.names()).toEqual(['a.xml', 'kapitel-ü.xhtml']);
    expect(new TextDecoder().decode(entries.get('kapitel-ü.xhtml'))).toBe('<p>ü</p>');
    expect(entries.has('b.png')).toBe(false);
    expect(entries.get('b.png')).toBeUndefined();
  });

  it('refuses an entry that inflates to more than it declares, naming it, and one that inflates to less as damaged', () => {
    const lying = unzipEntries(
      fileOf('lying.epub', zipBombEpub({ inflatedBytes: 2 * 1024 * 1024 })),
      'EPUB book',
      () => true,
    );
    expect(thrown(() => lying.get('OEBPS/text/ch1.xhtml')).message).toMatch(
      /^"lying\.epub" cannot be imported: "OEBPS\/text\/ch1\.xhtml" inside it declares 1000 bytes but unpacks to more/,
    );

    const text = strToU8('<p>'.padEnd(5_000, 'x'));
    const short = withDeclaredSize(zipSync({ 'c.xhtml': text }), 6_000);
    const error = thrown(() =>
      unzipEntries(fileOf('short.epub', short), 'EPUB book', () => true).get('c.xhtml'),
    );
    expect(error.message).toContain(
      '"short.epub" is not a readable EPUB book: the file is damaged or incomplete',
    );
    expect(error.message).toContain('"c.xhtml" unpacks to 4.9 KB, not the 5.9 KB it declares');
  });

  it('refuses a stored entry whose size is not the one it declares', () => {
    const stored = withDeclaredSize(zipSync({ 'd.xml': [strToU8('<d/>'), { level: 0 }] }), 10);
    expect(
      thrown(() => unzipEntries(fileOf('s.docx', stored), 'Word document', () => true).get('d.xml')).message,
    ).toContain('"d.xml" is not the size it declares');
  });

  it('says a file that is not a ZIP archive is damaged', () => {
    const error = thrown(() => unzipEntries(fileOf('x.epub', strToU8('not a zip')), 'EPUB book', () => true));
    expect(error.message).toContain(
      '"x.epub" is not a readable EPUB book: the file is damaged or incomplete (it is not a ZIP archive)',
    );
  });
});
