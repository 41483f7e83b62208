/**
 * The list of the citation styles shipped with Scholia, apart from the code that reads and checks
 * them (`styles.ts`, which loads citeproc): the command line's usage text names them without loading
 * a citation engine.
 */

/**
 * The styles shipped with Scholia: Scholia id, file in `resources/csl/` (listed with its origin in
 * `resources/csl/README.md`). Dependent ones (Turabian, Vancouver) take their layout from a shipped
 * parent, resolved as a reader's dependent style is.
 */
export const BUNDLED_STYLES: readonly { id: string; file: string }[] = [
  { id: 'apa', file: 'apa.csl' },
  { id: 'mla', file: 'modern-language-association.csl' },
  { id: 'chicago-author-date', file: 'chicago-author-date.csl' },
  // The CSL repository renamed chicago-note-bibliography to chicago-shortened-notes-bibliography.
  { id: 'chicago-note-bibliography', file: 'chicago-shortened-notes-bibliography.csl' },
  { id: 'harvard', file: 'harvard-cite-them-right.csl' },
  { id: 'chicago-notes-bibliography', file: 'chicago-notes-bibliography.csl' },
  { id: 'chicago-author-date-17th-edition', file: 'chicago-author-date-17th-edition.csl' },
  {
    id: 'chicago-notes-bibliography-subsequent-author-title-17th-edition',
    file: 'chicago-notes-bibliography-subsequent-author-title-17th-edition.csl',
  },
  { id: 'turabian-author-date', file: 'turabian-author-date.csl' },
  { id: 'turabian-notes-bibliography', file: 'turabian-notes-bibliography.csl' },
  { id: 'ieee', file: 'ieee.csl' },
  { id: 'vancouver', file: 'vancouver-nlm.csl' },
  { id: 'nlm-citation-sequence', file: 'nlm-citation-sequence.csl' },
  { id: 'nature', file: 'nature.csl' },
  { id: 'asa', file: 'american-sociological-association.csl' },
  { id: 'oscola', file: 'oscola.csl' },
  { id: 'springer-basic-author-date', file: 'springer-basic-author-date.csl' },
  { id: 'elsevier-harvard', file: 'elsevier-harvard.csl' },
];
