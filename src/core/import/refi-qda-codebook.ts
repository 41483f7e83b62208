/**
 * Reads a REFI-QDA codebook file (`.qdc`, `urn:QDA-XML:codebook:1.0`, as QualCoder, ATLAS.ti, MAXQDA
 * and NVivo write it) into tags: each `Code` a tag under the `Code` that holds it, with its colour
 * (as `#rrggbb`) and its `Description`. The codebook's `Sets` have no Scholia counterpart and are not read.
 *
 * How a REFI-QDA file is parsed (counted first, then jsdom) and how its codes are read is shared with
 * the project reader (`refi-qda-project.ts`), whose `CodeBook` holds the same `Codes` in its own
 * namespace.
 */
import { JSDOM } from 'jsdom';
import { importFailed, type SourceIdentity } from './import-error';
import { countInWords, IMPORT_LIMITS, overLimit } from './limits';
import { markupShape } from './markup-shape';

const CODEBOOK_NAMESPACE = 'urn:QDA-XML:codebook:1.0';

/** A codebook file is a list of names; 50 MB is far beyond any real one and keeps a stray file out. */
export const MAX_CODEBOOK_BYTES = 50 * 1024 * 1024;

/** One code of the file as a tag to create: its GUID stands in for an id, its parent by GUID. */
export interface ImportedCode {
  /** The code's GUID in the file, lower case without braces. */
  guid: string;
  name: string;
  /** The GUID of the code that holds it, or `null` at the top. */
  parentGuid: string | null;
  /** `#rrggbb` (a three-digit colour widened), or `null` when the code has none. */
  color: string | null;
  description: string;
}

/** `#rgb` or `#rrggbb` as `#rrggbb` in lower case; `null` for anything else. */
function hexColor(value: string | null): string | null {
  const color = value?.trim() ?? '';
  if (/^#[0-9a-fA-F]{6}$/.test(color)) return color.toLowerCase();
  if (/^#[0-9a-fA-F]{3}$/.test(color))
    return `#${color.slice(1).replace(/./g, (digit) => digit + digit)}`.toLowerCase();
  return null;
}

/** The children of `element` named `name` in `namespace`, in order. */
export function refiChildren(element: Element, name: string, namespace: string): Element[] {
  return [...element.children].filter(
    (child) => child.localName === name && child.namespaceURI === namespace,
  );
}

/** A GUID attribute as the readers compare GUIDs: trimmed, without braces, in lower case; `''` for none. */
export function refiGuidOf(element: Element, attribute: string): string {
  return (
    element
      .getAttribute(attribute)
      ?.trim()
      .replace(/^\{|\}$/g, '')
      .toLowerCase() ?? ''
  );
}

/** What {@link parseRefiXml} calls the file in messages: "a codebook", "a project". */
export type RefiFileKind = 'codebook' | 'project';

/**
 * Parses the REFI-QDA file `xml` (a codebook or a `project.qde`) with jsdom and hands its root to
 * `read`, closing the window after. The markup is counted first (`markup-shape.ts`), so a file nesting
 * too deep or holding too many elements is refused before jsdom builds it, and one declaring entities
 * (how "billion laughs" and external entities begin; QDA-XML needs none) is refused outright. Throws
 * `import-failed`, naming `source`, for a file that is not well-formed XML, exceeds `maxElements`, or
 * whose root is not `rootName` in `namespace`.
 */
export function parseRefiXml<T>(
  xml: string,
  source: SourceIdentity,
  expected: { kind: RefiFileKind; rootName: string; namespace: string; maxElements: number },
  read: (root: Element) => T,
): T {
  const { kind, rootName, namespace, maxElements } = expected;
  // QualCoder writes its files with a byte order mark, which an XML declaration may not follow.
  const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  const shape = markupShape(text, 'xml', { elements: maxElements, depth: IMPORT_LIMITS.markupDepth });
  if (shape.over === 'elements')
    throw overLimit(
      source,
      `its ${kind} has more than ${countInWords(maxElements)} elements`,
      'Export the project in parts and import those.',
    );
  if (shape.over === 'depth')
    throw overLimit(
      source,
      `its elements nest more than ${countInWords(IMPORT_LIMITS.markupDepth)} deep`,
      `Export the ${kind} again from the program that made it.`,
    );
  if (shape.declaresEntities)
    throw importFailed(
      source,
      `${source.name} declares XML entities, which no REFI-QDA ${kind} needs and which can make a file expand without bound. Export the ${kind} again from the program that made it.`,
    );
  let dom: JSDOM;
  try {
    dom = new JSDOM(text, { contentType: 'application/xml' });
  } catch (error) {
    throw importFailed(
      source,
      `${source.name} is not well-formed XML, so it cannot be read as a REFI-QDA ${kind}.`,
      error,
    );
  }
  try {
    const root = dom.window.document.documentElement;
    if (root.localName !== rootName || root.namespaceURI !== namespace)
      throw importFailed(
        source,
        `${source.name} is not a REFI-QDA ${kind} (its root is not <${rootName} xmlns="${namespace}">). Export it as ${kind === 'codebook' ? '.qdc' : '.qdpx'} and try again.`,
      );
    return read(root);
  } finally {
    dom.window.close();
  }
}

/**
 * The codes under the `Codes` elements of `parent` (a codebook's root, or a project's `CodeBook`),
 * elements of `namespace`, each after the code that holds it. Throws `import-failed`, naming `source`,
 * for a code without a GUID or a name.
 */
export function readRefiCodes(parent: Element, namespace: string, source: SourceIdentity): ImportedCode[] {
  const codes: ImportedCode[] = [];
  const visit = (element: Element, parentGuid: string | null): void => {
    const guid = refiGuidOf(element, 'guid');
    const name = element.getAttribute('name')?.trim() ?? '';
    if (guid === '' || name === '')
      throw importFailed(source, `${source.name} has a code without a guid or a name, so it cannot be read.`);
    const description = refiChildren(element, 'Description', namespace)[0]?.textContent ?? '';
    codes.push({ guid, name, parentGuid, color: hexColor(element.getAttribute('color')), description });
    for (const child of refiChildren(element, 'Code', namespace)) visit(child, guid);
  };
  for (const list of refiChildren(parent, 'Codes', namespace)) {
    for (const code of refiChildren(list, 'Code', namespace)) visit(code, null);
  }
  return codes;
}

/** Elements a codebook may hold: a code is one or two, so this is far beyond any real codebook. */
const MAX_CODEBOOK_ELEMENTS = IMPORT_LIMITS.markupElementsPerFile;

/**
 * The codes of the codebook file `xml`, each after the code that holds it. Throws `import-failed`,
 * naming `source`, for a file that is not well-formed XML or not a REFI-QDA codebook, or a code
 * without a GUID or a name.
 */
export function readRefiQdaCodebook(xml: string, source: SourceIdentity): ImportedCode[] {
  if (Buffer.byteLength(xml, 'utf8') > MAX_CODEBOOK_BYTES)
    throw importFailed(
      source,
      `${source.name} is over 50 MB, too large for a codebook. Check that it is a .qdc file.`,
    );
  return parseRefiXml(
    xml,
    source,
    {
      kind: 'codebook',
      rootName: 'CodeBook',
      namespace: CODEBOOK_NAMESPACE,
      maxElements: MAX_CODEBOOK_ELEMENTS,
    },
    (root) => readRefiCodes(root, CODEBOOK_NAMESPACE, source),
  );
}
