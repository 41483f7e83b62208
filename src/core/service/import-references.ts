/**
 * Reference files in an import: a CSL-JSON (`.json`), BibTeX (`.bib`) or RIS (`.ris`) file from a
 * reference manager. Each entry is matched to a document of the library (by DOI, then ISBN, then
 * normalised title) whose metadata it then sets; an entry that matches nothing becomes a metadata-only
 * document (`metadataOnly: true`, its text one empty paragraph): a work the reader cites but has no
 * text of, listed in the library like any other and given its text by a later import.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ImportSource } from '../../shared/api';
import {
  IMPORT_FORMAT_INFO,
  importFormatOf,
  isReferenceFormat,
  type ReferenceFormat,
} from '../../shared/import-formats';
import {
  CslDraftSchema,
  type CslDraft,
  DocumentMetaSchema,
  type DocumentMeta,
  type ReferenceEntryOutcome,
} from '../../shared/model';
import type { DocJSON } from '../../shared/schema';
import { parseReferences } from '../citations/citation-js';
import { importFailed } from '../import/import-error';
import { readSource, type SourceFile } from '../import/read-source';
import type { ServiceContext } from './service-context';

/** At most this many entries are read from one reference file. */
export const MAX_REFERENCE_ENTRIES = 10_000;

/** The reference format of a file name (by its extension, `shared/import-formats.ts`), or undefined when it is not a reference file. */
export function referenceFormatOf(name: string): ReferenceFormat | undefined {
  const format = importFormatOf(name);
  return format !== null && isReferenceFormat(format) ? format : undefined;
}

/** How the text of a file of each reference format becomes its entries; throws for text not in that format. */
const ENTRY_READERS: Record<ReferenceFormat, (text: string) => unknown[]> = {
  'csl-json': (text) => {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
  },
  bibtex: (text) => parseReferences(text, 'bibtex'),
  ris: (text) => parseReferences(text, 'ris'),
};

const EMPTY_TEXT: DocJSON = { type: 'doc', content: [{ type: 'paragraph' }] };

/** Reads a reference file and applies its entries to the library; one outcome per entry. */
export async function importReferences(
  context: ServiceContext,
  source: ImportSource,
  format: ReferenceFormat,
): Promise<ReferenceEntryOutcome[]> {
  const file = await readSource(source);
  const entries = parseEntries(file, format);
  const outcomes: ReferenceEntryOutcome[] = [];
  for (const entry of entries) {
    const title =
      typeof entry['title'] === 'string' && entry['title'].trim() !== ''
        ? entry['title']
        : typeof entry['id'] === 'string' || typeof entry['id'] === 'number'
          ? String(entry['id'])
          : 'untitled entry';
    const { id: _id, _graph: _graph, ...fields } = entry;
    const draft = CslDraftSchema.safeParse(fields);
    if (!draft.success) {
      const issue = draft.error.issues[0];
      outcomes.push({
        title,
        action: 'failed',
        message: `This entry's ${issue?.path.join('.') ?? 'data'} is not valid CSL: ${issue?.message ?? ''}.`,
      });
      continue;
    }
    const match = findMatch(context.store.listDocuments(), draft.data);
    if (match !== undefined) {
      // A reference manager's entry is the reader's own record: the document's details count as confirmed.
      const updated = await context.store.updateDocument(
        match.document.id,
        ({ metadataProposed: _, ...current }) => ({
          ...current,
          csl: { ...current.csl, ...draft.data, id: current.id },
          modifiedAt: context.now().toISOString(),
        }),
      );
      if (updated !== null) {
        outcomes.push({ title, action: 'matched', matchedBy: match.by, documentId: updated.id });
        context.events.emit('library-changed', { scope: 'documents', documentId: updated.id });
        continue;
      }
    }
    const id = randomUUID();
    const now = context.now().toISOString();
    const checked = DocumentMetaSchema.safeParse({
      id,
      csl: { ...draft.data, id },
      note: '',
      source: { fileName: file.name, format, byteLength: file.bytes.byteLength },
      contentHash: createHash('sha256').update(JSON.stringify(draft.data)).digest('hex'),
      wordCount: 0,
      addedAt: now,
      modifiedAt: now,
      metadataOnly: true,
    } satisfies DocumentMeta);
    if (!checked.success) {
      outcomes.push({
        title,
        action: 'failed',
        message: `This entry cannot be stored: ${checked.error.issues[0]?.message ?? 'invalid'}.`,
      });
      continue;
    }
    await context.store.addDocument(checked.data, EMPTY_TEXT);
    outcomes.push({ title, action: 'created', documentId: id });
    context.events.emit('library-changed', { scope: 'documents', documentId: id });
  }
  return outcomes;
}

/** The file's entries as loose CSL objects. Throws `import-failed` naming the file when it cannot be read. */
function parseEntries(file: SourceFile, format: ReferenceFormat): Record<string, unknown>[] {
  const text = new TextDecoder('utf-8').decode(file.bytes).replace(/^\uFEFF/, '');
  const { label } = IMPORT_FORMAT_INFO[format];
  let entries: unknown[];
  try {
    entries = ENTRY_READERS[format](text);
  } catch (error) {
    throw importFailed(
      file,
      `"${file.name}" is not a readable ${label} file (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}). ` +
        `Export the references from your reference manager again as ${label} and import that file.`,
      error,
    );
  }
  const objects = entries.filter(
    (entry): entry is Record<string, unknown> =>
      typeof entry === 'object' && entry !== null && !Array.isArray(entry),
  );
  if (objects.length === 0) {
    throw importFailed(
      file,
      `"${file.name}" holds no references. Check that it is the ${label} export you meant.`,
    );
  }
  if (objects.length > MAX_REFERENCE_ENTRIES) {
    throw importFailed(
      file,
      `"${file.name}" holds ${objects.length.toLocaleString('en')} references; Scholia reads at most ${MAX_REFERENCE_ENTRIES.toLocaleString('en')} from one file. Split it and import the parts.`,
    );
  }
  return objects.map((entry) => ({ type: 'document', ...entry }));
}

/** The document an entry describes: same DOI, else same ISBN, else same normalised title. */
function findMatch(
  documents: readonly DocumentMeta[],
  entry: CslDraft,
): { document: DocumentMeta; by: 'DOI' | 'ISBN' | 'title' } | undefined {
  const doi = normalDoi(entry.DOI);
  if (doi !== '') {
    const found = documents.find((document) => normalDoi(document.csl.DOI) === doi);
    if (found !== undefined) return { document: found, by: 'DOI' };
  }
  const isbn = normalIsbn(entry.ISBN);
  if (isbn !== '') {
    const found = documents.find((document) => normalIsbn(document.csl.ISBN) === isbn);
    if (found !== undefined) return { document: found, by: 'ISBN' };
  }
  const title = normalTitle(entry.title);
  if (title.length >= 8) {
    const found = documents.find((document) => normalTitle(document.csl.title) === title);
    if (found !== undefined) return { document: found, by: 'title' };
  }
  return undefined;
}

function normalDoi(doi: string | undefined): string {
  return (doi ?? '')
    .trim()
    .toLowerCase()
    .replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)/, '');
}

function normalIsbn(isbn: string | undefined): string {
  return (
    (isbn ?? '')
      .split(/[,;]/)[0]
      ?.replace(/[^0-9Xx]/g, '')
      .toUpperCase() ?? ''
  );
}

/** Lower case, accents and punctuation removed, blank space collapsed. */
export function normalTitle(title: string | undefined): string {
  return (title ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
