import { describe, expect, it } from 'vitest';
import { annotationFileText, fileKindOf, isDecidedByContent } from './file-kind';

const QUOTE = {
  type: 'TextQuoteSelector',
  exact: 'the Union of Soviet Socialist Republics',
  prefix: 'In 1989 ',
  suffix: ' was',
};

const WEB_ANNOTATION = {
  '@context': 'http://www.w3.org/ns/anno.jsonld',
  id: 'urn:uuid:0d5f6a40-5d0b-4b35-9d57-6e0f0d1c2a11',
  type: 'Annotation',
  target: { source: 'urn:sha256:abc', selector: [QUOTE] },
};

const HYPOTHESIS_ROW = {
  id: 'Xy12',
  uri: 'https://example.org/ussr',
  text: 'A comment',
  tags: ['empire'],
  target: [{ source: 'https://example.org/ussr', selector: [QUOTE] }],
};

const kindOf = (name: string, value: unknown) => fileKindOf(name, JSON.stringify(value));

describe('the kind of an import file', () => {
  it('takes a W3C Web Annotation, page, collection or list of them for annotations, whatever the extension', () => {
    for (const value of [
      WEB_ANNOTATION,
      [WEB_ANNOTATION],
      { type: 'AnnotationPage', items: [WEB_ANNOTATION] },
      { type: 'AnnotationCollection', first: { items: [WEB_ANNOTATION] } },
    ]) {
      expect(kindOf('notes.json', value)).toMatchObject({ kind: 'annotations', format: 'web-annotation' });
      expect(kindOf('notes.jsonld', value)).toMatchObject({ kind: 'annotations', format: 'web-annotation' });
    }
  });

  it('takes Hypothesis API results, as rows or a list, for annotations', () => {
    expect(kindOf('h.json', { total: 1, rows: [HYPOTHESIS_ROW] })).toMatchObject({
      kind: 'annotations',
      format: 'hypothesis',
    });
    expect(kindOf('h.json', [HYPOTHESIS_ROW])).toMatchObject({ kind: 'annotations', format: 'hypothesis' });
  });

  it('takes the Hypothesis client’s export file for annotations', () => {
    const exported = {
      export_date: '2026-11-30T10:00:00.000Z',
      export_userid: 'acct:reader@hypothes.is',
      client_version: '1.1612.0',
      annotations: [HYPOTHESIS_ROW],
    };
    expect(kindOf('hypothesis-export.json', exported)).toEqual({
      kind: 'annotations',
      format: 'hypothesis-client',
      evidence: 'a Hypothesis client export',
    });
  });

  it('takes a list of CSL-JSON items, or an object listing them, for references', () => {
    const items = [{ id: 'a', type: 'article-journal', title: 'The Soviet Union in 1989' }];
    expect(kindOf('zotero.json', items)).toMatchObject({ kind: 'references', format: 'csl-json' });
    expect(kindOf('zotero.json', { items })).toMatchObject({ kind: 'references', format: 'csl-json' });
  });

  it('takes an empty list in a .json file for references, and in a .jsonld file for annotations', () => {
    expect(kindOf('empty.json', [])).toEqual({
      kind: 'references',
      format: 'csl-json',
      evidence: 'an empty list',
    });
    expect(kindOf('empty.jsonld', [])).toMatchObject({ kind: 'annotations', format: 'web-annotation' });
  });

  it('goes by the extension when JSON fits neither kind or the file is not JSON', () => {
    expect(kindOf('settings.json', { theme: 'dark' })).toMatchObject({ kind: 'references' });
    expect(fileKindOf('broken.jsonld', '{"type": "Annot')).toMatchObject({ kind: 'annotations' });
    expect(fileKindOf('broken.json', 'not json at all')).toMatchObject({ kind: 'references' });
  });

  it('takes BibTeX, RIS and CSL-YAML files for references and texts for texts, by their extension', () => {
    expect(fileKindOf('refs.bib', null)).toMatchObject({ kind: 'references', format: 'bibtex' });
    expect(fileKindOf('refs.ris', null)).toMatchObject({ kind: 'references', format: 'ris' });
    expect(fileKindOf('refs.yaml', null)).toMatchObject({ kind: 'references', format: 'csl-yaml' });
    expect(fileKindOf('ussr.txt', null)).toMatchObject({ kind: 'text', format: 'txt' });
    expect(fileKindOf('book.epub', null)).toMatchObject({ kind: 'text', format: 'epub' });
  });

  it('takes a .qdpx for a REFI-QDA project and a .qdc for a codebook, without reading either first', () => {
    expect(isDecidedByContent('Coded corpus.QDPX')).toBe(false);
    expect(isDecidedByContent('codes.qdc')).toBe(false);
    expect(fileKindOf('Coded corpus.QDPX', null)).toMatchObject({ kind: 'qda', format: 'project' });
    expect(fileKindOf('codes.qdc', null)).toMatchObject({ kind: 'qda', format: 'codebook' });
  });

  it('reads a file whose extension does not decide, and finds annotations in one without a known extension', () => {
    expect(isDecidedByContent('notes.json')).toBe(true);
    expect(isDecidedByContent('notes.jsonld')).toBe(true);
    expect(isDecidedByContent('export')).toBe(true);
    expect(isDecidedByContent('book.pdf')).toBe(false);
    expect(isDecidedByContent('refs.bib')).toBe(false);
    expect(kindOf('export', { rows: [HYPOTHESIS_ROW] })).toMatchObject({ kind: 'annotations' });
    expect(fileKindOf('slides.odp', 'PK')).toBeNull();
  });
});

const CLIPPINGS = [
  '\uFEFFUSSR 1989: The collapse of Stalinism (Doyle, Clare)',
  '- Your Highlight on page 1 | Location 12-13 | Added on Monday, 3 March 2025 10:12:33',
  '',
  'the collapse of Stalinism',
  '==========',
  '',
].join('\r\n');

describe('the kind of a .txt or .csv file', () => {
  it('reads every .txt and .csv file before deciding what it is', () => {
    expect(isDecidedByContent('My Clippings.txt')).toBe(true);
    expect(isDecidedByContent('ussr.txt')).toBe(true);
    expect(isDecidedByContent('highlights.csv')).toBe(true);
  });

  it('takes a .txt file with the shape of Kindle clippings for annotations', () => {
    expect(fileKindOf('My Clippings.txt', CLIPPINGS)).toEqual({
      kind: 'annotations',
      format: 'kindle',
      evidence: 'Kindle clippings',
    });
  });

  it('takes Kindle clippings in another language for annotations too, so their reader can say why it cannot read them', () => {
    const german = CLIPPINGS.replace(
      '- Your Highlight on page 1 | Location 12-13 | Added on Monday, 3 March 2025 10:12:33',
      '- Ihre Markierung bei Position 12-13 | Hinzugefügt am Montag, 3. März 2025 10:12:33',
    );
    expect(fileKindOf('My Clippings.txt', german)).toMatchObject({ kind: 'annotations', format: 'kindle' });
  });

  it('keeps an ordinary .txt file a text, even one with a line of equals signs', () => {
    const text =
      'USSR 1989\n==========\nThe collapse of Stalinism, as an eyewitness saw it.\n\n- a list item\n';
    expect(fileKindOf('ussr.txt', text)).toEqual({ kind: 'text', format: 'txt', evidence: 'a .txt file' });
    expect(fileKindOf('ussr.txt', null)).toMatchObject({ kind: 'text', format: 'txt' });
  });

  it('keeps a .txt file that holds JSON a text', () => {
    expect(fileKindOf('notes.txt', JSON.stringify([WEB_ANNOTATION]))).toMatchObject({ kind: 'text' });
  });

  it('decides on the first 64 KB only: clippings after a long text leave it a text', () => {
    const text = `${'The Berlin Wall fell. '.repeat(4000)}\n${CLIPPINGS}`;
    expect(fileKindOf('long.txt', text)).toMatchObject({ kind: 'text' });
  });

  it('takes a CSV whose header is Taguette’s, in any case and after a BOM, for annotations', () => {
    expect(fileKindOf('highlights.csv', 'id,document,tag,content\r\n1,USSR,causes,the collapse\r\n')).toEqual(
      {
        kind: 'annotations',
        format: 'taguette-csv',
        evidence: 'a Taguette highlights CSV',
      },
    );
    expect(fileKindOf('highlights.csv', '\uFEFFID,Document,Tag,Content\n')).toMatchObject({
      format: 'taguette-csv',
    });
  });

  it('takes a CSV that is not Taguette’s for nothing Scholia imports', () => {
    expect(fileKindOf('budget.csv', 'year,amount\n1989,12\n')).toBeNull();
    expect(fileKindOf('more.csv', 'id,document,tag,content,extra\n')).toBeNull();
  });
});

describe('the text of an annotation file', () => {
  it('gives a Hypothesis client export’s annotations as the API’s rows', () => {
    const exported = JSON.stringify({ export_date: '2026-11-30', annotations: [HYPOTHESIS_ROW] });
    expect(JSON.parse(annotationFileText(exported))).toEqual({ rows: [HYPOTHESIS_ROW] });
  });

  it('leaves any other file as it is', () => {
    const text = JSON.stringify([WEB_ANNOTATION]);
    expect(annotationFileText(text)).toBe(text);
    expect(annotationFileText('not json')).toBe('not json');
  });
});

describe('a file without an extension', () => {
  const pdf = '%PDF-1.4\n%\u00e2\u00e3\n1 0 obj';
  const epub = `PK\u0003\u0004${'x'.repeat(26)}mimetypeapplication/epub+zipPK`;
  it('is known by what it holds: a PDF, an EPUB, a web page, BibTeX, RIS or plain text', () => {
    expect(fileKindOf('download', pdf)).toMatchObject({ kind: 'text', format: 'pdf' });
    expect(fileKindOf('book', epub)).toMatchObject({ kind: 'text', format: 'epub' });
    expect(fileKindOf('page', '\n<!DOCTYPE html><html><body>…')).toMatchObject({ format: 'html' });
    expect(fileKindOf('refs', '@article{doyle2009,\n  title = {USSR 1989}}')).toMatchObject({
      kind: 'references',
      format: 'bibtex',
    });
    expect(fileKindOf('refs', 'TY  - JOUR\r\nTI  - USSR 1989\r\nER  - \r\n')).toMatchObject({
      kind: 'references',
      format: 'ris',
    });
    expect(fileKindOf('LICENSE', 'MIT License\n\nPermission is hereby granted…')).toMatchObject({
      kind: 'text',
      format: 'txt',
      evidence: 'its content (Plain text)',
    });
  });

  it('that is binary, and none of those, is nothing Scholia imports', () => {
    expect(fileKindOf('blob', 'PK\u0003\u0004somethingelse')).toBeNull();
    expect(fileKindOf('core', '\u007fELF\u0002\u0001\u0001\u0000\u0000')).toBeNull();
  });
});
