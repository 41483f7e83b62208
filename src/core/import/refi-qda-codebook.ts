/**
 * Reads a REFI-QDA codebook file (`.qdc`, `urn:QDA-XML:codebook:1.0`, as QualCoder, ATLAS.ti, MAXQDA
 * and NVivo write it) into tags: each `Code` a tag under the `Code` that holds it, with its colour
 * (as `#rrggbb`) and its `Description`. The codebook's `Sets` have no Scholia counterpart and are not read.
 */
import { JSDOM } from 'jsdom';
import { importFailed, type SourceIdentity } from './import-error';

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

function childrenNamed(element: Element, name: string): Element[] {
  return [...element.children].filter(
    (child) => child.localName === name && child.namespaceURI === CODEBOOK_NAMESPACE,
  );
}

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
  let dom: JSDOM;
  try {
    dom = new JSDOM(xml, { contentType: 'application/xml' });
  } catch (error) {
    throw importFailed(
      source,
      `${source.name} is not well-formed XML, so it cannot be read as a codebook.`,
      error,
    );
  }
  try {
    const root = dom.window.document.documentElement;
    if (root.localName !== 'CodeBook' || root.namespaceURI !== CODEBOOK_NAMESPACE)
      throw importFailed(
        source,
        `${source.name} is not a REFI-QDA codebook (its root is not <CodeBook xmlns="${CODEBOOK_NAMESPACE}">). Export the codebook as .qdc and try again.`,
      );
    const codes: ImportedCode[] = [];
    const visit = (element: Element, parentGuid: string | null): void => {
      const guid =
        element
          .getAttribute('guid')
          ?.trim()
          .replace(/^\{|\}$/g, '')
          .toLowerCase() ?? '';
      const name = element.getAttribute('name')?.trim() ?? '';
      if (guid === '' || name === '')
        throw importFailed(
          source,
          `${source.name} has a code without a guid or a name, so it cannot be read.`,
        );
      const description = childrenNamed(element, 'Description')[0]?.textContent ?? '';
      codes.push({ guid, name, parentGuid, color: hexColor(element.getAttribute('color')), description });
      for (const child of childrenNamed(element, 'Code')) visit(child, guid);
    };
    for (const list of childrenNamed(root, 'Codes')) {
      for (const code of childrenNamed(list, 'Code')) visit(code, null);
    }
    return codes;
  } finally {
    dom.window.close();
  }
}
