/**
 * Reads a REFI-QDA project file (`project.qde` in a `.qdpx`, `urn:QDA-XML:project:1.0`, as QualCoder,
 * ATLAS.ti, MAXQDA and NVivo write it) into what Scholia can take from it: the codebook, the text
 * sources with their coded selections, and the notes. Pictures, audio, video and PDFs (other than
 * their text) have no Scholia counterpart: they are listed by name so the report can say so. Cases,
 * variables, sets, links and graphs are not read.
 *
 * Nothing here reads the archive: a source's text is either inline (`PlainTextContent`) or a path
 * (`plainTextPath`), which the caller resolves in the archive it unpacked.
 */
import { importFailed, type SourceIdentity } from './import-error';
import { IMPORT_LIMITS } from './limits';
import {
  parseRefiXml,
  readRefiCodes,
  refiChildren,
  refiGuidOf,
  type ImportedCode,
} from './refi-qda-codebook';

const PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';

/**
 * Elements a `project.qde` may hold. A coded selection is three or four elements, so this is room for
 * over a hundred thousand of them; jsdom costs about a kilobyte per element, so it also bounds memory.
 */
export const MAX_PROJECT_ELEMENTS = IMPORT_LIMITS.wordXmlElements;

/** Where a source's or a note's text is: inline in the project file, or a file the path names. */
export type RefiText =
  { readonly kind: 'inline'; readonly text: string } | { readonly kind: 'path'; readonly path: string };

/** One `PlainTextSelection` of a text source. */
export interface RefiSelection {
  /** Its GUID (lower case, no braces), or its place (`#3` of its source) when it has none. */
  readonly key: string;
  /** Its start and end as the file gives them (code points, as the standard counts), or `null` when unreadable. */
  readonly start: number | null;
  readonly end: number | null;
  /** Its `Description`: what Scholia keeps as the passage's comment. */
  readonly description: string;
  /** The GUIDs its `Coding`s' `CodeRef`s name, in order. */
  readonly codeGuids: readonly string[];
  /** Its `creationDateTime` and `modifiedDateTime`, as written (checked by the caller). */
  readonly created: string | null;
  readonly modified: string | null;
}

/** One `TextSource` (or the text representation of a `PDFSource`). */
export interface RefiTextSource {
  readonly guid: string;
  /** Its `name`, the document's title (may be empty). */
  readonly name: string;
  readonly text: RefiText | null;
  /** Its `Description`, which QualCoder keeps as the file's memo. */
  readonly description: string;
  /** The GUIDs of the notes its `NoteRef`s name. */
  readonly noteGuids: readonly string[];
  readonly selections: readonly RefiSelection[];
}

/**
 * One `Note` of the project. A note with a `PlainTextSelection`, named by a source's `NoteRef`, is a
 * note on that passage of the source (how QualCoder and NVivo write an annotation); any other is a
 * note on the source, or on the project.
 */
export interface RefiNote {
  readonly guid: string;
  readonly name: string;
  readonly text: RefiText | null;
  /** The passages it is on (its selections' descriptions and codings aside). */
  readonly selections: readonly RefiSelection[];
  /** Its `creationDateTime` and `modifiedDateTime`, as written. */
  readonly created: string | null;
  readonly modified: string | null;
}

/** What Scholia takes from a project file. */
export interface RefiProjectFile {
  /** The program that wrote it (`origin`), e.g. "ATLAS.ti", "QualCoder 3.5"; `''` when not said. */
  readonly origin: string;
  readonly codes: readonly ImportedCode[];
  readonly sources: readonly RefiTextSource[];
  /** The project's notes by GUID. */
  readonly notes: ReadonlyMap<string, RefiNote>;
  /** Names of the sources that are not text (pictures, audio, video, PDFs without a text representation). */
  readonly otherSources: readonly string[];
}

/** A non-negative integer attribute, or `null` when it is missing or anything else. */
function position(element: Element, attribute: string): number | null {
  const value = element.getAttribute(attribute)?.trim() ?? '';
  if (!/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

function textOf(element: Element, namespace: string): RefiText | null {
  const inline = refiChildren(element, 'PlainTextContent', namespace)[0];
  if (inline !== undefined) return { kind: 'inline', text: inline.textContent };
  const path = element.getAttribute('plainTextPath')?.trim() ?? '';
  return path === '' ? null : { kind: 'path', path };
}

function descriptionOf(element: Element, namespace: string): string {
  return refiChildren(element, 'Description', namespace)[0]?.textContent ?? '';
}

/** The `PlainTextSelection`s of `element` (a source, or a note on a passage). */
function readSelections(element: Element, namespace: string): RefiSelection[] {
  return refiChildren(element, 'PlainTextSelection', namespace).map((selection, index): RefiSelection => ({
    key: refiGuidOf(selection, 'guid') || `#${String(index + 1)}`,
    start: position(selection, 'startPosition'),
    end: position(selection, 'endPosition'),
    description: descriptionOf(selection, namespace),
    codeGuids: refiChildren(selection, 'Coding', namespace).flatMap((coding) =>
      refiChildren(coding, 'CodeRef', namespace)
        .map((ref) => refiGuidOf(ref, 'targetGUID'))
        .filter((target) => target !== ''),
    ),
    created: selection.getAttribute('creationDateTime'),
    modified: selection.getAttribute('modifiedDateTime'),
  }));
}

function readSource(element: Element, namespace: string, guid: string, name: string): RefiTextSource {
  return {
    guid,
    name,
    text: textOf(element, namespace),
    description: descriptionOf(element, namespace),
    noteGuids: refiChildren(element, 'NoteRef', namespace)
      .map((ref) => refiGuidOf(ref, 'targetGUID'))
      .filter((target) => target !== ''),
    selections: readSelections(element, namespace),
  };
}

/**
 * The project file `xml`. Throws `import-failed`, naming `source`, for a file that is not well-formed
 * XML, not a REFI-QDA project, over the limits, or with a code, source or note without a GUID.
 */
export function readRefiQdaProject(xml: string, source: SourceIdentity): RefiProjectFile {
  const ns = PROJECT_NAMESPACE;
  return parseRefiXml(
    xml,
    source,
    { kind: 'project', rootName: 'Project', namespace: ns, maxElements: MAX_PROJECT_ELEMENTS },
    (root) => {
      const codebook = refiChildren(root, 'CodeBook', ns)[0];
      const codes = codebook === undefined ? [] : readRefiCodes(codebook, ns, source);
      const sources: RefiTextSource[] = [];
      const otherSources: string[] = [];
      const guidOf = (element: Element, what: string): string => {
        const guid = refiGuidOf(element, 'guid');
        if (guid === '')
          throw importFailed(source, `${source.name} has ${what} without a guid, so it cannot be read.`);
        return guid;
      };
      for (const list of refiChildren(root, 'Sources', ns)) {
        for (const element of list.children) {
          if (element.namespaceURI !== ns) continue;
          const name = element.getAttribute('name')?.trim() ?? '';
          if (element.localName === 'TextSource') {
            sources.push(readSource(element, ns, guidOf(element, 'a text source'), name));
            continue;
          }
          // A PDF's text, where the program kept it, is a text source of its own: its codings count there.
          const representation =
            element.localName === 'PDFSource' ? refiChildren(element, 'Representation', ns)[0] : undefined;
          if (representation !== undefined) {
            sources.push(
              readSource(
                representation,
                ns,
                guidOf(representation, 'a PDF’s text'),
                name || representation.getAttribute('name')?.trim() || '',
              ),
            );
            continue;
          }
          otherSources.push(name === '' ? element.localName : name);
        }
      }
      const notes = new Map<string, RefiNote>();
      for (const list of refiChildren(root, 'Notes', ns)) {
        for (const note of refiChildren(list, 'Note', ns)) {
          const guid = guidOf(note, 'a note');
          notes.set(guid, {
            guid,
            name: note.getAttribute('name')?.trim() ?? '',
            text: textOf(note, ns),
            selections: readSelections(note, ns),
            created: note.getAttribute('creationDateTime'),
            modified: note.getAttribute('modifiedDateTime'),
          });
        }
      }
      return { origin: root.getAttribute('origin')?.trim() ?? '', codes, sources, notes, otherSources };
    },
  );
}
