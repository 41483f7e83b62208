import { createHash } from 'node:crypto';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportSource } from '../../shared/api';
import { countWords, projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { failure, useTempDir } from '../test-support';
import { importSource } from './index';
import { FIXTURE_NAMES, fixturePath, nonBlank, readFixture } from './test-fixtures';

const temp = useTempDir('scholia-import-');

const bytesOf = (name: string, content: string | Uint8Array<ArrayBuffer>): ImportSource => ({
  kind: 'bytes',
  name,
  bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content,
});

describe('importSource', () => {
  it.each(FIXTURE_NAMES)(
    'imports %s from disk with one paragraph per line and every character kept',
    async (name) => {
      const imported = await importSource({ kind: 'path', path: fixturePath(name) });
      const text = readFixture(name);
      const doc = docFromJSON(imported.doc);
      expect(doc.childCount).toBe(text.split('\n').filter((line) => line.trim() !== '').length);
      expect(nonBlank(projectDocument(doc).text)).toBe(nonBlank(text));
      expect(imported).toMatchObject({ name, format: 'txt', byteLength: Buffer.byteLength(text) });
    },
  );

  it('gives a path and the same bytes uploaded under the same name identical results', async () => {
    const path = fixturePath('socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt');
    const fromPath = await importSource({ kind: 'path', path });
    const fromBytes = await importSource({ kind: 'bytes', name: fromPath.name, bytes: await readFile(path) });
    expect(fromBytes).toEqual(fromPath);
  });

  it('hashes the original bytes with SHA-256, byte order mark and CRLF included', async () => {
    const bytes = Uint8Array.from([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode('Fast news\r\n\r\nSocialist Party workplace news\r\n'),
    ]);
    const imported = await importSource(bytesOf('news.txt', bytes));
    expect(imported.contentHash).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(imported.byteLength).toBe(bytes.byteLength);
    expect(projectDocument(docFromJSON(imported.doc)).text).toBe(
      'Fast news\n\nSocialist Party workplace news',
    );
  });

  it('counts the words of the projected text', async () => {
    const imported = await importSource({
      kind: 'path',
      path: fixturePath('review-2026-02-15-collapse-of-stalinism-book.txt'),
    });
    expect(imported.wordCount).toBe(countWords(projectDocument(docFromJSON(imported.doc)).text));
    expect(imported.wordCount).toBeGreaterThan(2000);
  });

  it('imports Markdown with its front matter as metadata', async () => {
    const imported = await importSource(
      bytesOf(
        'ussr-1989.md',
        "---\ntitle: USSR 1989\nauthor: Doyle, Clare\n---\n\n# Elements of revolution\n\nStrikes by *Poland's* workers.\n",
      ),
    );
    expect(imported.format).toBe('md');
    expect(imported.csl).toMatchObject({
      type: 'article',
      title: 'USSR 1989',
      author: [{ family: 'Doyle', given: 'Clare' }],
    });
    expect(projectDocument(docFromJSON(imported.doc)).text).toBe(
      "Elements of revolution\n\nStrikes by Poland's workers.",
    );
  });

  describe('refuses bad input with import-failed and the file named in the message', () => {
    const cases: [string, () => Promise<ImportSource>, RegExp][] = [
      ['an empty file', () => Promise.resolve(bytesOf('empty.txt', '')), /"empty\.txt" is empty/],
      [
        'a whitespace-only file',
        () => Promise.resolve(bytesOf('blank.md', '  \n\t\n')),
        /"blank\.md" contains only blank space/,
      ],
      [
        'a binary file',
        () => Promise.resolve(bytesOf('scan.txt', Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]))),
        /"scan\.txt" looks like a binary file/,
      ],
      [
        'invalid UTF-8',
        () => Promise.resolve(bytesOf('latin1.txt', Uint8Array.from([0x63, 0x61, 0x66, 0xe9]))),
        /"latin1\.txt" is not valid UTF-8.*offset 3/,
      ],
      [
        'an unknown extension',
        () => Promise.resolve(bytesOf('book.odt', 'PK')),
        /"book\.odt": \.odt files are not supported yet; Scholia imports \.txt, \.md, \.html, \.epub, \.pdf and \.docx/,
      ],
      [
        'a missing path',
        () => Promise.resolve({ kind: 'path', path: join(temp.path, 'gone.txt') }),
        /Cannot find ".*gone\.txt"/,
      ],
      [
        'a file over the size limit',
        async () => {
          const path = join(temp.path, 'archive.txt');
          await writeFile(path, 'x');
          await truncate(path, 80 * 1024 * 1024);
          return { kind: 'path', path };
        },
        /"archive\.txt" is 80 MB, larger than the 50 MB/,
      ],
    ];
    it.each(cases)('%s', async (_label, makeSource, message) => {
      const error = await failure(importSource(await makeSource()));
      expect(error.code).toBe('import-failed');
      expect(error.message).toMatch(message);
    });
  });

  it('refuses an unsupported file without reading it', async () => {
    const error = await failure(importSource({ kind: 'path', path: join(temp.path, 'never-created.odt') }));
    expect(error.message).toContain('.odt files are not supported yet');
  });

  it('imports 3 MB of plain text as one paragraph per input paragraph', async () => {
    const paragraphs = FIXTURE_NAMES.flatMap((name) =>
      readFixture(name)
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 3 * 1024 * 1024; i += 1) {
      const paragraph = paragraphs[i % paragraphs.length] ?? '';
      parts.push(paragraph);
      size += Buffer.byteLength(paragraph) + 2;
    }
    const bytes = new TextEncoder().encode(parts.join('\n\n'));

    const imported = await importSource(bytesOf('three-megabytes.txt', bytes));
    expect(docFromJSON(imported.doc).childCount).toBe(parts.length);
  });
});
