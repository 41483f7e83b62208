import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Cite } from '@citation-js/core';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parseApiArgs, type ApiParsedArgs, type ScholiaService } from '../../shared/api';
import type { ExportOptionsInput } from '../../shared/export-options';
import type { CslDraft } from '../../shared/model';
import { projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import type { Importer } from '../service/service-context';
import {
  chosenPaths,
  failure,
  importText,
  selectorsFor,
  upload,
  USSR,
  USSR_TEXT,
  useServiceLibrary,
} from '../service/test-service';
import { fixtureText, paragraphsText } from '../store/test-documents';
import { markdownBlockQuote } from './markdown-escape';
import '../citations/citation-js';
import { BUNDLED_STYLES } from '../citations/styles';

const REVIEW = fixtureText('review');
const REVIEW_TEXT = paragraphsText(REVIEW);
const GOLDEN = join(__dirname, '../../../tests/fixtures/export');
const CLOCK = () => new Date('2026-03-01T10:00:00.000Z');

const METADATA: Record<string, CslDraft> = {
  'ussr-1989.txt': {
    type: 'article-newspaper',
    title: 'USSR 1989: The collapse of Stalinism',
    author: [{ family: 'Doyle', given: 'Ann' }],
    issued: { 'date-parts': [[2009, 11, 18]] },
    'container-title': 'The Socialist',
    URL: 'https://www.socialistparty.org.uk/articles/8454',
  },
  'review.txt': {
    type: 'article-newspaper',
    title: 'The collapse of Stalinism: its causes and consequences',
    author: [
      { family: 'Sewell', given: 'Rob' },
      { family: 'Woods', given: 'Alan' },
    ],
    issued: { 'date-parts': [[2026, 2, 15]] },
    'container-title': 'The Socialist',
  },
};

/** The test importer, with the fixtures' metadata (a file without an entry keeps only its title). */
const importWithMetadata: Importer = async (source) => {
  const imported = await importText(source);
  const name = source.kind === 'bytes' ? source.name : '';
  const csl = METADATA[name];
  return csl === undefined ? imported : { ...imported, csl };
};

const library = useServiceLibrary();

/** The test's folder, chosen by the reader to export into and to import from. */
function readersFolder() {
  return chosenPaths({ read: [library.root], write: [library.root] });
}

interface Fixture {
  service: ScholiaService;
  ussr: string;
  review: string;
  ids: string[];
}

async function annotatedLibrary(): Promise<Fixture> {
  const service = await library.open({ importSource: importWithMetadata, now: CLOCK, grants: await readersFolder() });
  const { outcomes } = await service.importFiles({
    sources: [upload('ussr-1989.txt', USSR), upload('review.txt', REVIEW)],
  });
  const [ussr, review] = outcomes.map((outcome) =>
    outcome.status === 'imported' ? outcome.document.id : '',
  );
  if (ussr === undefined || review === undefined) throw new Error('fixtures did not import');
  const economy = await service.createTag({ name: 'Economy' });
  const crisis = await service.createTag({
    name: 'Crisis',
    parentId: economy.id,
    description: 'Signs of breakdown.',
  });
  const method = await service.createTag({ name: 'Method' });
  await service.updateDocumentNote({ documentId: ussr, note: 'A retrospective from **twenty years** on.' });
  const ids: string[] = [ussr, review];
  const add = async (documentId: string, exact: string, text: string, extra: Record<string, unknown>) => {
    const made = await service.createAnnotation({
      documentId,
      selectors: selectorsFor(exact, 0, text),
      ...extra,
    });
    ids.push(made.id);
  };
  await add(ussr, 'Stalinism', USSR_TEXT, {
    color: 'orange',
    tagIds: [crisis.id],
    comment: 'The key *term*.',
  });
  await add(ussr, 'planned economy', USSR_TEXT, { color: 'green', tagIds: [economy.id, method.id] });
  await add(ussr, 'bureaucracy', USSR_TEXT, { color: 'yellow' });
  await add(review, 'Mentmore Press', REVIEW_TEXT, {
    color: 'blue',
    tagIds: [method.id],
    comment: 'Publisher.',
  });
  // The JSON-LD names the codebook's tags by their ids too.
  ids.push(economy.id, crisis.id, method.id);
  return { service, ussr, review, ids };
}

/** `text` with every id replaced by a stable name (full ids first, then their 8-character forms). */
function stable(text: string, ids: readonly string[]): string {
  let result = text;
  ids.forEach((id, index) => {
    result = result.split(id).join(`ID${String(index)}`);
  });
  ids.forEach((id, index) => {
    result = result.split(id.slice(0, 8)).join(`ID${String(index)}`.padEnd(8, '_'));
  });
  return result;
}

/** A JSON-LD export with its collection's id, the SHA-256 of what it holds, replaced by a stable name. */
function stableCollection(text: string): string {
  if (!text.startsWith('{\n "@context"')) return text;
  const { id } = JSON.parse(text) as { id?: string };
  return id === undefined ? text : text.split(id).join('urn:sha256:COLLECTION');
}

async function golden(name: string, actual: string): Promise<void> {
  const path = join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    await mkdir(GOLDEN, { recursive: true });
    await writeFile(path, actual);
  }
  expect(existsSync(path), `golden file ${name} is missing; run with UPDATE_GOLDEN=1 and review it`).toBe(
    true,
  );
  expect(actual).toBe(await readFile(path, 'utf8'));
}

/** Export arguments as a transport delivers them: validated, with the defaults filled in. */
function args(raw: { options: ExportOptionsInput; path: string }): ApiParsedArgs<'exportLibrary'> {
  return parseApiArgs('exportLibrary', raw);
}

async function exported(service: ScholiaService, options: ExportOptionsInput, name: string): Promise<string> {
  const path = join(library.root, name);
  const summary = await service.exportLibrary(args({ options, path }));
  return readFile(summary.path, 'utf8');
}

describe('exports of the fixture library', () => {
  it('writes an annotated bibliography by source whose entries are citeproc’s, in the style’s order', async () => {
    const { service, ids } = await annotatedLibrary();
    const markdown = await exported(service, { format: 'markdown', style: 'apa' }, 'bib.md');
    await golden('by-source-apa.md', stable(markdown, ids));
    const items = Object.entries(METADATA).map(([name, csl]) => ({ ...csl, id: name }));
    const expected = new Cite(items).format('bibliography', {
      format: 'text',
      template: 'apa',
      lang: 'en-US',
      asEntryArray: true,
    }) as [string, string][];
    const headings = markdown
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .map((line) => line.slice(3));
    // The entries are citeproc's, with its italics and links written as CommonMark.
    const unformatted = (line: string) =>
      line
        .replace(/(?<!\\)\*/g, '')
        .replace(/<(https?:[^>]+)>/g, '$1')
        .replace(/\\(.)/g, '$1');
    expect(headings.map(unformatted)).toEqual(expected.map(([, entry]) => entry.trim()));
    expect(headings[0]).toContain('*The Socialist*. <https://www.socialistparty.org.uk/articles/8454>');
    expect(markdown).toContain('Doyle, A. (2009, November 18).');
    expect(markdown).toContain('A retrospective from **twenty years** on.');
  });

  // The Chicago 18th-edition styles take citeproc a second or more each to load: a longer timeout.
  it('groups passages under the codebook, each with the style’s in-text citation', async () => {
    const { service, ids } = await annotatedLibrary();
    for (const style of ['chicago-author-date', 'mla', 'harvard', 'chicago-note-bibliography']) {
      const markdown = await exported(
        service,
        { format: 'markdown', style, groupBy: 'tag' },
        `tag-${style}.md`,
      );
      await golden(`by-tag-${style}.md`, stable(markdown, ids));
    }
    const markdown = await exported(service, { format: 'markdown', style: 'apa', groupBy: 'tag' }, 'tag.md');
    const doyle = new Cite([{ ...METADATA['ussr-1989.txt'], id: 'x' }]).format('citation', {
      template: 'apa',
    });
    expect(doyle).toBe('(Doyle, 2009)');
    expect(markdown).toContain(`(Doyle, 2009, para. 6) · orange`);
    expect(markdown).toMatch(/^## Economy$[\s\S]*^### Crisis$[\s\S]*^## Method$[\s\S]*^## Untagged$/m);
  }, 60_000);

  it('filters by tag (with its sub-tags), colour and documents, and honours the options', async () => {
    const { service, review } = await annotatedLibrary();
    const options = {
      format: 'markdown',
      groupBy: 'tag',
      includeUntagged: false,
      includeComments: false,
    } as const;
    const economy = await exported(
      service,
      {
        ...options,
        filters: { tagIds: [(await service.listTags({})).find((t) => t.name === 'Economy')?.id ?? ''] },
      },
      'f1.md',
    );
    expect(economy).toContain('> Stalinism');
    expect(economy).toContain('> planned economy');
    expect(economy).not.toContain('Mentmore');
    expect(economy).not.toContain('The key');
    const blue = await exported(service, { ...options, filters: { colors: ['blue'] } }, 'f2.md');
    expect(blue).toContain('> Mentmore Press');
    expect(blue).not.toContain('> Stalinism');
    const one = await exported(
      service,
      { format: 'markdown', scope: { kind: 'documents', documentIds: [review] } },
      'f3.md',
    );
    expect(one).not.toContain('Doyle');
    const later = await exported(
      service,
      { format: 'csv', filters: { annotatedFrom: '2027-01-01T00:00:00.000Z' } },
      'f4.csv',
    );
    expect(later.split('\r\n').filter((line) => line !== '')).toHaveLength(1);
  });

  it('writes CSL-JSON, BibTeX, RIS, JSON-LD and CSV like the golden files', async () => {
    const { service, ids } = await annotatedLibrary();
    for (const [format, name] of [
      ['csl-json', 'bibliography.json'],
      ['bibtex', 'bibliography.bib'],
      ['ris', 'bibliography.ris'],
      ['jsonld', 'annotations.jsonld'],
      ['csv', 'passages.csv'],
      ['csv-codebook', 'codebook.csv'],
    ] as const) {
      await golden(name, stableCollection(stable(await exported(service, { format }, name), ids)));
    }
    const ris = await exported(service, { format: 'ris' }, 'check.ris');
    expect(ris).toContain('AU  - Doyle, Ann');
    const csv = await exported(service, { format: 'csv' }, 'check.csv');
    // One row per passage and tag: "planned economy" carries two tags.
    expect(csv.split('\r\n').filter((line) => line.includes('planned economy'))).toHaveLength(2);
  });

  it('writes a vault and, exporting again, keeps what the reader added outside Scholia’s regions', async () => {
    const { service, ids, ussr } = await annotatedLibrary();
    const folder = join(library.root, 'vault');
    const first = await service.exportLibrary(args({ options: { format: 'vault' }, path: folder }));
    expect(first.files).toHaveLength(2);
    const names = (await readdir(folder)).sort();
    const ussrName = names.find((name) => name.includes(ussr.slice(0, 8))) ?? '';
    const note = await readFile(join(folder, ussrName), 'utf8');
    await golden('vault-ussr.md', stable(note, ids));
    expect(note).toContain(`scholia://open?document=${ussr}&annotation=${ids[2] ?? ''}`);
    const edited = note
      .replace('---\n\n', '---\n\nMy own line above.\n\n')
      .replace('scholia-id:', 'status: "read"\nscholia-id:')
      .concat('\nMy thoughts after the region.\n');
    await writeFile(join(folder, ussrName), edited);
    await service.updateDocumentNote({ documentId: ussr, note: 'Changed note.' });
    await service.exportLibrary(args({ options: { format: 'vault' }, path: folder }));
    const again = await readFile(join(folder, ussrName), 'utf8');
    expect(again).toContain('My own line above.');
    expect(again).toContain('My thoughts after the region.');
    expect(again).toContain('status: "read"');
    expect(again).toContain('Changed note.');
    expect(again).not.toContain('twenty years');
    expect(again.match(/scholia:begin/g)).toHaveLength(1);
    expect(again.match(/^title:/gm)).toHaveLength(1);
    expect((await readdir(folder)).sort()).toEqual(names);
  });

  it('exports a document without metadata with a visible placeholder', async () => {
    const service = await library.open({ importSource: importWithMetadata, now: CLOCK, grants: await readersFolder() });
    await service.importFiles({ sources: [upload('untitled notes.txt', 'Some text to read.')] });
    const markdown = await exported(service, { format: 'markdown' }, 'p.md');
    expect(markdown).toContain('## \\[No author\\] untitled notes (n.d.) — add metadata in Scholia');
  });
});

describe('JSON-LD round trip and annotation import', () => {
  it('reproduces every annotation when its JSON-LD is imported into a library without them', async () => {
    const { service } = await annotatedLibrary();
    const path = join(library.root, 'shared.jsonld');
    await service.exportLibrary(args({ options: { format: 'jsonld' }, path }));
    const before = new Map<string, unknown>();
    const tagNames = new Map((await service.listTags({})).map((tag) => [tag.id, tag.name]));
    for (const meta of await service.listDocuments({})) {
      for (const a of await service.listAnnotations({ documentId: meta.id })) {
        before.set(a.id, {
          quote: a.selectors,
          color: a.color,
          comment: a.comment,
          tags: a.tagIds.map((id) => tagNames.get(id)).sort(),
          createdAt: a.createdAt,
        });
      }
    }
    const other = await library.open(
      { importSource: importWithMetadata, now: CLOCK, grants: await readersFolder() },
      {},
      join(library.root, 'other'),
    );
    await other.importFiles({ sources: [upload('review.txt', REVIEW), upload('ussr-1989.txt', USSR)] });
    const report = await other.importAnnotations({ source: { kind: 'path', path } });
    expect(report).toMatchObject({ format: 'jsonld', imported: 4, skipped: 0, failed: 0 });
    const otherTags = new Map((await other.listTags({})).map((tag) => [tag.id, tag]));
    expect([...otherTags.values()].find((tag) => tag.name === 'Crisis')?.parentId).toBe(
      [...otherTags.values()].find((tag) => tag.name === 'Economy')?.id,
    );
    const after = new Map<string, unknown>();
    for (const meta of await other.listDocuments({})) {
      for (const a of await other.listAnnotations({ documentId: meta.id })) {
        after.set(a.id, {
          quote: a.selectors,
          color: a.color,
          comment: a.comment,
          tags: a.tagIds.map((id) => otherTags.get(id)?.name).sort(),
          createdAt: a.createdAt,
        });
      }
    }
    expect(after).toEqual(before);
    const again = await other.importAnnotations({ source: { kind: 'path', path } });
    expect(again).toMatchObject({ imported: 0, skipped: 4, failed: 0 });
  });

  it('imports a Hypothesis export by finding the quotes, and reports what it cannot place', async () => {
    const { service, ussr } = await annotatedLibrary();
    const hypothesis = [
      {
        id: 'h1',
        uri: 'https://example.org/elsewhere',
        text: 'From the reading group',
        tags: ['Economy', 'Soviet history'],
        created: '2025-05-01T12:00:00.000Z',
        updated: '2025-05-01T12:00:00.000Z',
        target: [
          {
            source: 'https://example.org/elsewhere',
            selector: [
              { type: 'RangeSelector' },
              { type: 'TextQuoteSelector', exact: 'privileges', prefix: '', suffix: '' },
            ],
          },
        ],
      },
      {
        id: 'h2',
        uri: 'x',
        text: '',
        tags: [],
        target: [
          { source: 'x', selector: [{ type: 'TextQuoteSelector', exact: 'words in no document at all' }] },
        ],
      },
      { id: 'h3', uri: 'x', text: 'page note', tags: [], target: [{ source: 'x' }] },
    ];
    const report = await service.importAnnotations({
      source: upload('hypothesis.json', JSON.stringify(hypothesis)),
    });
    expect(report.format).toBe('hypothesis');
    expect(report.outcomes[0]?.reason).toBeUndefined();
    expect(report.outcomes.map((outcome) => outcome.status)).toEqual(['imported', 'failed', 'failed']);
    expect(report.outcomes[0]?.documentId).toBe(ussr);
    expect(report.outcomes[1]?.reason).toMatch(/No document in the library has this passage/);
    expect(report.outcomes[2]?.reason).toMatch(/page note/);
    const placed = (await service.listAnnotations({ documentId: ussr })).find(
      (a) => a.selectors[0].exact === 'privileges',
    );
    expect(placed?.comment).toBe('From the reading group');
    expect(USSR_TEXT.slice(placed?.selectors[1].start, placed?.selectors[1].end)).toBe('privileges');
  });

  it('refuses a file that is neither format, changing nothing', async () => {
    const { service, ussr } = await annotatedLibrary();
    const error = await failure(service.importAnnotations({ source: upload('other.json', '{"hello": 1}') }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/other\.json holds no annotations/);
    expect(await service.listAnnotations({ documentId: ussr })).toHaveLength(3);
  });
});

describe('CommonMark', () => {
  const hostile = [
    '*not emphasis* and _neither_',
    '# not a heading',
    '> not a quote',
    '1. not a list',
    '12) nor this',
    '- nor this',
    '+ nor this',
    'a `code` span and ``two``',
    '<b>html</b> & &amp; entities',
    'trailing spaces  ',
    '  leading spaces',
    'a\\ backslash at the end\\',
    '[not](a link) ![nor](an image)',
    'line one\nline two\n===',
    'first paragraph\n\nsecond paragraph',
    '---',
    '    indented code?',
    '~~strike~~ | pipe | table',
  ];

  function quoted(markdown: string): string {
    const tokens = new MarkdownIt('commonmark').parse(markdown, {});
    const paragraphs: string[] = [];
    for (const token of tokens) {
      if (token.type !== 'inline') continue;
      paragraphs.push(
        (token.children ?? [])
          .map((child) =>
            child.type === 'text' ? child.content : child.type === 'softbreak' ? '\n' : `<<${child.type}>>`,
          )
          .join(''),
      );
    }
    expect(tokens[0]?.type).toBe('blockquote_open');
    expect(tokens.filter((token) => token.type === 'blockquote_open')).toHaveLength(1);
    return paragraphs.join('\n\n');
  }

  it.each(hostile)('gives back exactly %j from its block quote', (text) => {
    expect(quoted(markdownBlockQuote(text))).toBe(text);
  });

  it('keeps hostile quotes intact through a whole export', async () => {
    const text = hostile.filter((quote) => !quote.includes('\n')).join('\n\n');
    const service = await library.open({ importSource: importWithMetadata, now: CLOCK, grants: await readersFolder() });
    const { outcomes } = await service.importFiles({ sources: [upload('hostile.txt', text)] });
    const documentId = outcomes[0]?.status === 'imported' ? outcomes[0].document.id : '';
    const projection = projectDocument(docFromJSON((await service.getDocument({ documentId })).doc)).text;
    for (const quote of hostile.filter((q) => !q.includes('\n')).map((q) => q.trim())) {
      await service.createAnnotation({ documentId, selectors: selectorsFor(quote, 0, projection) });
    }
    const markdown = await exported(service, { format: 'markdown' }, 'hostile.md');
    const tokens = new MarkdownIt('commonmark').parse(markdown, {});
    const quotes: string[] = [];
    let inQuote = false;
    for (const token of tokens) {
      if (token.type === 'blockquote_open') inQuote = true;
      if (token.type === 'blockquote_close') inQuote = false;
      if (inQuote && token.type === 'inline')
        quotes.push((token.children ?? []).map((c) => (c.type === 'softbreak' ? '\n' : c.content)).join(''));
    }
    expect(quotes.sort()).toEqual(
      hostile
        .filter((q) => !q.includes('\n'))
        .map((q) => q.trim())
        .sort(),
    );
  });
});

describe('bad input', () => {
  it('refuses an unknown style, naming the known ones', async () => {
    const { service } = await annotatedLibrary();
    const error = await failure(
      service.exportLibrary(args({ options: { style: 'nonesuch' }, path: join(library.root, 'x.md') })),
    );
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/Unknown citation style "nonesuch"\. Choose one of: apa, mla/);
    expect(existsSync(join(library.root, 'x.md'))).toBe(false);
  });

  it('refuses a malformed .csl file and accepts a valid one', async () => {
    const { service } = await annotatedLibrary();
    const apa = await readFile(join(__dirname, '../../../resources/csl/harvard-cite-them-right.csl'), 'utf8');
    const cut = await failure(service.addStyle({ fileName: 'broken.csl', xml: apa.slice(0, 3000) }));
    expect(cut.message).toMatch(
      /broken\.csl is not a usable CSL style: it is not well-formed XML \(line \d+: /,
    );
    const notStyle = await failure(service.addStyle({ fileName: 'page.csl', xml: '<html><body/></html>' }));
    expect(notStyle.message).toMatch(/root element is <html>, not <style>/);
    expect((await service.listStyles({})).map((style) => style.id)).toEqual(
      BUNDLED_STYLES.map((style) => style.id),
    );
    const added = await service.addStyle({ fileName: 'My Harvard.csl', xml: apa });
    expect(added).toMatchObject({ id: 'my-harvard', source: 'library' });
    const markdown = await exported(service, { style: 'my-harvard' }, 'mine.md');
    expect(markdown).toContain('Doyle, A. (2009)');
  });

  it('reports an unwritable folder and leaves no file behind', async () => {
    const { service } = await annotatedLibrary();
    const folder = join(library.root, 'locked');
    await mkdir(folder);
    await chmod(folder, 0o500);
    try {
      // Root writes anywhere, so only the other users' case can be refused.
      if (process.getuid?.() !== 0) {
        const error = await failure(
          service.exportLibrary(args({ options: {}, path: join(folder, 'out.md') })),
        );
        expect(error.code).toBe('io');
        expect(error.message).toContain(join(folder, 'out.md'));
        expect(await readdir(folder)).toEqual([]);
      }
    } finally {
      await chmod(folder, 0o700);
    }
    const missing = await failure(
      service.exportLibrary(args({ options: {}, path: join(library.root, 'no', 'such', 'out.md') })),
    );
    expect(missing.message).toMatch(/does not exist/);
    // A place no one can write to, root included: the output's "folder" is a file.
    await writeFile(join(library.root, 'a-file'), 'kept');
    const notFolder = await failure(
      service.exportLibrary(args({ options: {}, path: join(library.root, 'a-file', 'out.md') })),
    );
    expect(notFolder.code).toBe('io');
    expect(notFolder.message).toContain(join(library.root, 'a-file'));
    expect(await readFile(join(library.root, 'a-file'), 'utf8')).toBe('kept');
  });
});

describe('collections', () => {
  it('scopes an export to a reading list', async () => {
    const { service, review } = await annotatedLibrary();
    const list = await service.createCollection({ name: 'Week 3', documentIds: [review] });
    expect(await failure(service.createCollection({ name: 'week 3' }))).toMatchObject({
      code: 'invalid-input',
    });
    const markdown = await exported(
      service,
      { scope: { kind: 'collection', collectionId: list.id } },
      'c.md',
    );
    expect(markdown).toContain('Sewell');
    expect(markdown).not.toContain('Doyle');
    const renamed = await service.renameCollection({ collectionId: list.id, name: 'Week 4' });
    expect(renamed.name).toBe('Week 4');
    await service.removeFromCollection({ collectionId: list.id, documentIds: [review] });
    expect((await service.listCollections({}))[0]?.documentIds).toEqual([]);
    await service.deleteCollection({ collectionId: list.id });
    expect(await service.listCollections({})).toEqual([]);
  });
});
