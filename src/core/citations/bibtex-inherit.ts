/**
 * Fields an entry takes from the entries it names: `crossref` (and `xref`-less BibTeX crossrefs) by
 * biblatex's default inheritance rules, and `xdata` (fields copied as they are). A field the entry has
 * is never replaced. An entry that names a key no entry of the file has keeps what it has.
 */
import type { BibtexEntry } from './bibtex-parse';

/** Types of whole works whose title is an in-work's `booktitle` (biblatex's "book → inbook" rules). */
const WHOLE = new Set(['book', 'collection', 'proceedings', 'reference', 'periodical', 'suppbook']);
const MULTIVOLUME = new Set(['mvbook', 'mvcollection', 'mvproceedings', 'mvreference']);

/** Fields biblatex never inherits. */
const NOT_INHERITED = new Set([
  'ids',
  'crossref',
  'xref',
  'xdata',
  'entryset',
  'entrysubtype',
  'execute',
  'label',
  'options',
  'presort',
  'related',
  'relatedoptions',
  'relatedstring',
  'relatedtype',
  'shorthand',
  'shorthandintro',
  'sortkey',
  'sorttitle',
  'indextitle',
  'indexsorttitle',
]);

/** How the title fields of a parent are renamed in its child. */
function renamed(parentType: string, childType: string, field: string): string | null {
  const titles = ['title', 'subtitle', 'titleaddon'];
  if (MULTIVOLUME.has(parentType) && titles.includes(field)) {
    return field.replace('title', 'maintitle').replace('submaintitle', 'mainsubtitle');
  }
  if ((WHOLE.has(parentType) || childType.startsWith('in')) && titles.includes(field)) {
    if (parentType === 'periodical')
      return field === 'title' ? 'journaltitle' : field.replace('title', 'journaltitle');
    return field === 'subtitle' ? 'booksubtitle' : field === 'titleaddon' ? 'booktitleaddon' : 'booktitle';
  }
  if (field === 'shorttitle') return null;
  if (field === 'author' && parentType === 'book' && childType === 'inbook') return 'bookauthor';
  return field;
}

/**
 * The entries with the fields they inherit through `crossref` and `xdata` (chains followed, each
 * entry at most once per chain, so a cycle ends). Entries without either come back as they are.
 */
export function withInheritedFields(entries: readonly BibtexEntry[]): BibtexEntry[] {
  const byKey = new Map<string, BibtexEntry>();
  for (const entry of entries)
    if (entry.key !== '' && !byKey.has(entry.key.toLowerCase())) byKey.set(entry.key.toLowerCase(), entry);
  return entries.map((entry) => {
    if (!entry.fields.has('crossref') && !entry.fields.has('xdata')) return entry;
    const fields = new Map(entry.fields);
    inherit(entry.type, fields, byKey, new Set([entry.key.toLowerCase()]));
    return { ...entry, fields };
  });
}

function inherit(
  childType: string,
  fields: Map<string, string>,
  byKey: ReadonlyMap<string, BibtexEntry>,
  seen: Set<string>,
): void {
  for (const key of (fields.get('xdata') ?? '').split(',').map((part) => part.trim().toLowerCase())) {
    const data = key === '' || seen.has(key) ? undefined : byKey.get(key);
    if (data === undefined) continue;
    seen.add(key);
    const own = new Map(data.fields);
    inherit(data.type, own, byKey, seen);
    for (const [field, value] of own) if (!fields.has(field) && field !== 'xdata') fields.set(field, value);
  }
  const key = (fields.get('crossref') ?? '').trim().toLowerCase();
  const parent = key === '' || seen.has(key) ? undefined : byKey.get(key);
  if (parent === undefined) return;
  seen.add(key);
  const own = new Map(parent.fields);
  inherit(parent.type, own, byKey, seen);
  for (const [field, value] of own) {
    if (NOT_INHERITED.has(field)) continue;
    const name = renamed(parent.type, childType, field);
    if (name !== null && !fields.has(name)) fields.set(name, value);
    // BibTeX's own rule: a parent's booktitle serves a child that has none.
    if (field === 'booktitle' && !fields.has('booktitle')) fields.set('booktitle', value);
  }
}
