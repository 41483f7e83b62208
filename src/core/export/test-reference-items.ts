/**
 * A varied set of CSL-JSON items for the reference writers' tests (`bibtex-write.test.ts`,
 * `ris-write.test.ts`): books with editors and translators, chapters, journal, magazine and newspaper
 * articles, web pages and a blog post with access dates, a report by an organisation, theses, a
 * conference paper and a manuscript; one to nine authors; Cyrillic, Chinese and accented names, name
 * particles and suffixes; full, partial, ranged and literal dates. Each item's id is its citation key.
 */
import type { CslItem } from '../../shared/model';

/** The items, keyed as a bibliography export keys them. */
export const REFERENCE_ITEMS: readonly CslItem[] = [
  {
    id: 'Dostoevskii1866prestuplenie',
    'citation-key': 'Dostoevskii1866prestuplenie',
    type: 'book',
    title: 'Преступление и наказание',
    author: [{ family: 'Достоевский', given: 'Фёдор Михайлович' }],
    editor: [{ family: 'Фридлендер', given: 'Георгий Михайлович' }],
    issued: { 'date-parts': [[1866]] },
    publisher: 'Наука',
    'publisher-place': 'Москва',
    edition: '2',
    'collection-title': 'Литературные памятники',
    'collection-number': '12',
    'number-of-pages': '608',
    ISBN: '978-5-02-026981-7',
    language: 'ru',
  },
  {
    id: 'Dostoevsky1992crime',
    'citation-key': 'Dostoevsky1992crime',
    type: 'book',
    title: 'Crime and Punishment',
    author: [{ family: 'Dostoevsky', given: 'Fyodor' }],
    editor: [{ family: 'Frank', given: 'Joseph' }],
    translator: [
      { family: 'Pevear', given: 'Richard' },
      { family: 'Volokhonsky', given: 'Larissa' },
    ],
    issued: { 'date-parts': [[1992, 9]] },
    publisher: 'Alfred A. Knopf',
    'publisher-place': 'New York',
    ISBN: '978-0-679-41603-6',
    language: 'en',
  },
  {
    id: 'GarciaMarquez1962funerales',
    'citation-key': 'GarciaMarquez1962funerales',
    type: 'chapter',
    title: 'Los funerales de la Mamá Grande',
    author: [{ family: 'García Márquez', given: 'Gabriel' }],
    editor: [
      { family: 'Cruz', given: 'Juana', 'dropping-particle': 'de la' },
      { family: 'Berg', given: 'Jan', 'non-dropping-particle': 'van der' },
    ],
    'container-title': 'Cuentos completos',
    publisher: 'Mondadori',
    'publisher-place': 'Barcelona',
    page: '130–145',
    issued: { 'date-parts': [[1962, 5]] },
    language: 'es',
  },
  {
    id: 'Abbott2019large',
    'citation-key': 'Abbott2019large',
    type: 'article-journal',
    title: 'A large-scale study of reading in the UK: Methods and first results',
    author: [
      { family: 'Abbott', given: 'Ann' },
      { family: 'King', given: 'Martin Luther', suffix: 'Jr.' },
      { family: 'Beethoven', given: 'Ludwig', 'dropping-particle': 'van' },
      { family: 'Ōe', given: 'Kenzaburō' },
      { family: 'Nuñez', given: 'José María' },
      { family: 'Smith', given: 'J. R.' },
      { family: 'Alembert', given: 'Jean', 'non-dropping-particle': "d'" },
      { family: 'Łukasiewicz', given: 'Jan' },
      { family: 'Ødegård', given: 'Åse' },
    ],
    issued: { 'date-parts': [[2019, 3, 4]] },
    'container-title': 'Journal of Reading Research',
    volume: '42',
    issue: '3',
    page: '201-230',
    DOI: '10.1000/jrr.2019.42.3.201',
    ISSN: '0141-0423',
    URL: 'https://doi.org/10.1000/jrr.2019.42.3.201',
    abstract: 'We read.\nThen we counted what we read.',
    language: 'en-GB',
    'title-short': 'Reading in the UK',
    'container-title-short': 'J. Read. Res.',
  },
  {
    id: 'Doyle2009ussr',
    'citation-key': 'Doyle2009ussr',
    type: 'article-newspaper',
    title: 'USSR 1989: The collapse of Stalinism',
    author: [{ family: 'Doyle', given: 'Ann' }],
    issued: { 'date-parts': [[2009, 11, 18]] },
    'container-title': 'The Socialist',
    URL: 'https://www.socialistparty.org.uk/articles/8454',
    accessed: { 'date-parts': [[2024, 2, 1]] },
  },
  {
    id: 'Lee2009spring',
    'citation-key': 'Lee2009spring',
    type: 'article-magazine',
    title: 'Spring reading',
    author: [{ family: 'Lee', given: 'Harper' }],
    issued: { 'date-parts': [[2009, 5]] },
    'container-title': 'The Atlantic',
    volume: '303',
    issue: 'Spring',
    page: '44',
  },
  {
    id: 'Morris2020how',
    'citation-key': 'Morris2020how',
    type: 'webpage',
    title: 'How to read 50% faster & remember #1 thing_s ~ really',
    author: [{ family: 'Morris', given: 'Sam' }],
    issued: { 'date-parts': [[2020]] },
    accessed: { 'date-parts': [[2024, 1, 15]] },
    'container-title': 'BBC News',
    URL: 'https://www.bbc.co.uk/news/articles/read?q=fast%20reading&page=2#section_1~x',
  },
  {
    id: 'WorldHealthOrganization2019reading',
    'citation-key': 'WorldHealthOrganization2019reading',
    type: 'report',
    title: 'Reading and health: A global report',
    author: [{ literal: 'World Health Organization' }, { literal: 'Procter and Gamble' }],
    issued: { 'date-parts': [[2019, 6, 30]] },
    publisher: 'World Health Organization',
    'publisher-place': 'Geneva',
    number: 'WHO/2019.1',
    genre: 'Working Paper',
    'collection-title': 'Technical report series',
  },
  {
    id: 'Muller2015lesen',
    'citation-key': 'Muller2015lesen',
    type: 'thesis',
    title: 'Lesen im Zeitalter der Bildschirme',
    author: [{ family: 'Müller', given: 'Jürgen' }],
    issued: { 'date-parts': [[2015, 10]] },
    publisher: 'Universität Wien',
    'publisher-place': 'Wien',
    genre: 'PhD thesis',
    language: 'de',
  },
  {
    id: 'Okafor2021reading',
    'citation-key': 'Okafor2021reading',
    type: 'thesis',
    title: 'Reading aloud in Lagos schools',
    author: [{ family: 'Okafor', given: 'Chiamaka' }],
    issued: { 'date-parts': [[2021]] },
    publisher: 'University of Lagos',
    genre: "Master's thesis",
  },
  {
    id: 'Lu1923nahan',
    'citation-key': 'Lu1923nahan',
    type: 'book',
    title: '呐喊',
    author: [
      { family: '鲁', given: '迅' },
      { family: '张', given: '爱玲' },
    ],
    issued: { 'date-parts': [[1923, 8]] },
    publisher: '新潮社',
    'publisher-place': '北京',
    language: 'zh',
  },
  {
    id: 'Nguyen2018parsing',
    'citation-key': 'Nguyen2018parsing',
    type: 'paper-conference',
    title: 'Parsing marginalia with LSTMs',
    author: [
      { family: 'Nguyen', given: 'Thi Hoa' },
      { family: 'Schmidt', given: 'Karl' },
    ],
    editor: [{ family: 'Walker', given: 'Marilyn' }],
    'container-title': 'Proceedings of the 2018 Conference of the ACL',
    publisher: 'Association for Computational Linguistics',
    'publisher-place': 'New Orleans',
    page: '1-12',
    issued: { 'date-parts': [[2018, 6]] },
    DOI: '10.18653/v1/N18-1001',
  },
  {
    id: 'Brown2005nato',
    'citation-key': 'Brown2005nato',
    type: 'book',
    title: 'NATO and the USSR: A history of the Cold War',
    editor: [
      { family: 'Brown', given: 'Archie' },
      { family: 'Rossi', given: 'Paolo', 'non-dropping-particle': 'De' },
    ],
    issued: { 'date-parts': [[2005]] },
    publisher: 'Oxford University Press',
    'publisher-place': 'Oxford',
    edition: '3',
    'collection-title': 'Studies in Contemporary History',
    'collection-number': 7,
  },
  {
    id: 'Fontaine2001costs',
    'citation-key': 'Fontaine2001costs',
    type: 'article-journal',
    title: 'Costs of R&D: $100 for #1, 50% for C++ and {braces} \\ a_b ^ ~',
    author: [
      { family: 'Fontaine', given: 'Jean', 'dropping-particle': 'de la' },
      { family: 'Gates', given: 'William Henry', suffix: 'III' },
    ],
    issued: { 'date-parts': [[2001], [2002]] },
    'container-title': 'R&D Management',
    volume: 31,
    issue: 4,
    page: '353-364',
    note: 'First line of a note.\nSecond line: PMID 12345.',
  },
  {
    id: 'Anonymous_letters',
    'citation-key': 'Anonymous_letters',
    type: 'manuscript',
    title: 'Letters from the Tsarskoye Selo archive',
    author: [{ family: 'Tolstaya', given: 'Sofia Andreyevna' }],
    issued: { literal: 'undated, probably 1880s' },
    publisher: 'Tolstoy Museum',
    'publisher-place': 'Москва',
  },
  {
    id: 'Zhang2022close',
    'citation-key': 'Zhang2022close',
    type: 'post-weblog',
    title: 'Close reading with a pencil',
    author: [{ family: 'Zhang', given: 'Wei' }],
    issued: { 'date-parts': [[2022, 12, 1]] },
    accessed: { 'date-parts': [[2023, 1, 9]] },
    'container-title': 'The Marginalia Blog',
    URL: 'https://marginalia.example.org/2022/12/01/close-reading',
    keyword: 'marginalia, pencils',
  },
];

/** The CSL fields the round-trip tests compare, in the order they report them. */
export const COMPARED_FIELDS = [
  'type',
  'title',
  'title-short',
  'author',
  'editor',
  'translator',
  'issued',
  'accessed',
  'container-title',
  'container-title-short',
  'collection-title',
  'collection-number',
  'publisher',
  'publisher-place',
  'volume',
  'issue',
  'page',
  'number-of-pages',
  'edition',
  'number',
  'genre',
  'DOI',
  'ISBN',
  'ISSN',
  'URL',
  'abstract',
  'language',
  'note',
  'keyword',
] as const;

/** What a round trip compared: how many fields of how many items, and each difference by `key field`. */
export interface Comparison {
  items: number;
  fields: number;
  differences: Map<string, { wrote: string; read: string }>;
}

/**
 * Compares each written item with the item read back under the same id, field by field: names in
 * order with their family, given, particles and suffix; dates by their parts; text as it is, with a
 * typographic apostrophe taken for a straight one and a page range's dash for a hyphen (what readers
 * may print them as). `ignoreExtra` names fields a reader makes up when the item had none (pandoc's
 * `title-short`, the title up to a colon); `language` compares the language subtag only, when
 * `languageSubtagOnly` (pandoc adds its default region: `ru` is read back as `ru-RU`).
 */
export function compareItems(
  written: readonly CslItem[],
  read: readonly Record<string, unknown>[],
  options: { ignoreExtra?: readonly string[]; languageSubtagOnly?: boolean } = {},
): Comparison {
  const byId = new Map(read.map((item) => [String(item['id']), item]));
  const differences = new Map<string, { wrote: string; read: string }>();
  let fields = 0;
  for (const item of written) {
    const back = byId.get(item.id) ?? {};
    for (const field of COMPARED_FIELDS) {
      const mine: unknown = item[field];
      const theirs: unknown = back[field];
      if (mine === undefined && (theirs === undefined || options.ignoreExtra?.includes(field) === true))
        continue;
      fields += 1;
      const wrote = canonical(field, mine, options.languageSubtagOnly === true);
      const got = canonical(field, theirs, options.languageSubtagOnly === true);
      if (wrote !== got) differences.set(`${item.id} ${field}`, { wrote, read: got });
    }
  }
  return { items: written.length, fields, differences };
}

const NAME_PARTS = [
  'family',
  'given',
  'dropping-particle',
  'non-dropping-particle',
  'suffix',
  'literal',
] as const;

function canonical(field: string, value: unknown, languageSubtagOnly: boolean): string {
  if (value === undefined || value === null || value === '') return '';
  if (Array.isArray(value)) {
    return JSON.stringify(
      value.map((name: Record<string, unknown>) =>
        Object.fromEntries(
          NAME_PARTS.filter((part) => name[part] !== undefined).map((part) => [part, text(name[part])]),
        ),
      ),
    );
  }
  if (typeof value === 'object') {
    const date = value as { 'date-parts'?: unknown[][]; literal?: string };
    if (date.literal !== undefined) return `literal ${date.literal}`;
    return JSON.stringify((date['date-parts'] ?? []).map((parts) => parts.map(Number)));
  }
  const plain = text(value);
  if (field === 'page') return plain.replace(/[‐-―−]/g, '-');
  if (field === 'language' && languageSubtagOnly) return plain.split('-')[0]?.toLowerCase() ?? '';
  return plain;
}

function text(value: unknown): string {
  return (typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value))
    .trim()
    .replace(/’/g, "'");
}
