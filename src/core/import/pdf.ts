/**
 * The PDF importer: the text layer is read with pdfjs on a thread of its own (`pdf-worker-host.ts`,
 * bounded in memory and time; the reading itself, its limits and its refusals are `pdf-worker-read.ts`)
 * and comes back as headings and paragraphs, made into a document here a slice at a time, each run of
 * text marked with the PDF page it is on (named by the PDF's page labels where it has them). Metadata
 * comes from the XMP packet when there is one, else the Info dictionary. The highlights and notes
 * embedded in the PDF come along, placed on the text (`pdf-annotations.ts`), for the service to store.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { documentSchema } from '../../shared/schema';
import type { Conversion } from './formats';
import { docOf } from './html-dom';
import { doiIn } from './html-metadata';
import { PageMarks, pagedText } from './page-marks';
import { EmbeddedAnnotations } from './pdf-annotations';
import { readPdfOffThread } from './pdf-worker-host';
import { unpackBlocks, type PdfFacts } from './pdf-worker-messages';
import type { SourceFile } from './read-source';
import { clipTitle, parseCslDate, parseCslName, type ProposedCsl } from './proposed-csl';

/** How long the document is built at a stretch before other work may run. */
const SLICE_MS = 10;

/** A PDF's conversion: the text, and the annotations the PDF carried. */
export interface PdfConversion extends Conversion {
  readonly embedded: EmbeddedAnnotations;
}

/** Converts a PDF. */
export async function convertPdf(file: SourceFile): Promise<PdfConversion> {
  const { facts, blocks, annotations } = await readPdfOffThread(file);
  const nodes: ProseMirrorNode[] = [];
  const opening: string[] = [];
  let firstHeading: string | undefined;
  const marks = new PageMarks(facts.pageLabels);
  let slice = performance.now();
  for (const block of unpackBlocks(blocks)) {
    const text = pagedText(block.text, block.pages, marks);
    if (block.kind === 'heading') {
      nodes.push(documentSchema.nodes.heading.create({ level: 2 }, text));
      firstHeading ??= block.text;
    } else {
      nodes.push(documentSchema.nodes.paragraph.create(null, text));
    }
    if (opening.length < 30) opening.push(block.text);
    if (nodes.length % 256 === 0 && performance.now() - slice > SLICE_MS) {
      await yieldToEventLoop();
      slice = performance.now();
    }
  }
  await yieldToEventLoop();
  const csl = pdfMetadata(facts, file.name, firstHeading ?? opening[0], opening.join('\n'));
  return {
    doc: docOf(nodes),
    csl,
    embedded: new EmbeddedAnnotations(annotations.placed, annotations.notPlaced),
  };
}

/** Titles that PDF producers write on their own, which say nothing about the work. */
const JUNK_TITLE = /^(?:untitled|microsoft word - .*|.*\.(?:docx?|odt|rtf|tex|indd|pdf)|title|document\d*)$/i;

function pdfMetadata(
  facts: PdfFacts,
  fileName: string,
  firstText: string | undefined,
  opening: string,
): ProposedCsl {
  const infoText = (key: string): string | undefined => {
    const value = facts.info[key];
    return value !== undefined && value.trim() !== '' ? value.replace(/\s+/g, ' ').trim() : undefined;
  };
  const xmpValues = (key: string): string[] => {
    const value = facts.xmp?.[key];
    const list = typeof value === 'string' ? [value] : (value ?? []);
    return list.filter((item) => item.trim() !== '').map((item) => item.trim());
  };
  const usable = (title: string | undefined): string | undefined =>
    title !== undefined && !JUNK_TITLE.test(title) ? title : undefined;

  const title = usable(xmpValues('dc:title')[0]) ?? usable(infoText('Title')) ?? firstText;
  const csl: ProposedCsl = {
    type: facts.pages > 60 ? 'book' : 'article',
    title: clipTitle(title ?? '') || fileName.replace(/\.[^.]+$/, '') || fileName,
  };
  const creators = xmpValues('dc:creator');
  const authorText = infoText('Author');
  const authors =
    creators.length > 0
      ? creators
      : authorText === undefined
        ? []
        : authorText.split(/\s*(?:;|\s&\s|\band\b)\s*/).filter((name) => name !== '');
  if (authors.length > 0) csl.author = authors.map(parseCslName);
  const date =
    xmpValues('dc:date')[0] ??
    xmpValues('prism:publicationdate')[0] ??
    xmpValues('prism:coverdate')[0] ??
    pdfDate(infoText('CreationDate'));
  if (date !== undefined) csl.issued = parseCslDate(date);
  const container = xmpValues('prism:publicationname')[0];
  if (container !== undefined) {
    csl['container-title'] = container;
    csl.type = 'article-journal';
  }
  const publisher = xmpValues('dc:publisher')[0];
  if (publisher !== undefined) csl.publisher = publisher;
  const doi =
    xmpValues('prism:doi')[0] ??
    [...xmpValues('dc:identifier'), infoText('Subject') ?? '', infoText('Keywords') ?? '', opening]
      .map(doiIn)
      .find((value) => value !== undefined);
  const cleanDoi = doi === undefined ? undefined : doiIn(doi);
  if (cleanDoi !== undefined) csl.DOI = cleanDoi;
  return csl;
}

/** A PDF date (`D:20091118093000+01'00'`) as an ISO date, or undefined. */
export function pdfDate(value: string | undefined): string | undefined {
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value ?? '');
  if (match === null) return undefined;
  return [match[1], match[2], match[3]].filter((part) => part !== undefined).join('-');
}
