/**
 * What each RIS tag means for each kind of work, as Zotero's RIS translator defines it (its `fieldMap`
 * and `degenerateImportFieldMap`), since Zotero's reading of RIS is what EndNote, Mendeley, Citavi and
 * the databases' exports are made to be read by. A tag maps to a Zotero field, `creators/<type>` for a
 * name, `notes`, `tags`, `attachments/…`, `unsupported/…` (no field: dropped), `__ignore`, or
 * `backupPublicationTitle` (a title used when no better one is given).
 */

/** RIS reference types (`TY`) as Zotero item types; any other is a journal article, as in Zotero. */
export const RIS_TYPES: Readonly<Record<string, string>> = {
  ABST: 'journalArticle',
  ADVS: 'film',
  AGGR: 'document',
  ANCIENT: 'document',
  CHART: 'artwork',
  CLSWK: 'book',
  CPAPER: 'conferencePaper',
  CTLG: 'magazineArticle',
  DBASE: 'dataset',
  EBOOK: 'book',
  ECHAP: 'bookSection',
  EDBOOK: 'book',
  EJOUR: 'journalArticle',
  EQUA: 'document',
  FIGURE: 'artwork',
  GEN: 'journalArticle',
  GOVDOC: 'report',
  GRNT: 'document',
  INPR: 'manuscript',
  JFULL: 'journalArticle',
  LEGAL: 'case',
  MULTI: 'videoRecording',
  MUSIC: 'audioRecording',
  PAMP: 'manuscript',
  SER: 'book',
  STAND: 'report',
  UNBILL: 'manuscript',
  UNPD: 'manuscript',
  WEB: 'webpage',
  ART: 'artwork',
  SOUND: 'audioRecording',
  BILL: 'bill',
  BLOG: 'blogPost',
  BOOK: 'book',
  CHAP: 'bookSection',
  CASE: 'case',
  COMP: 'computerProgram',
  CONF: 'conferencePaper',
  DICT: 'dictionaryEntry',
  ENCYC: 'encyclopediaArticle',
  ICOMM: 'email',
  DATA: 'dataset',
  MPCT: 'film',
  HEAR: 'hearing',
  JOUR: 'journalArticle',
  PCOMM: 'letter',
  MGZN: 'magazineArticle',
  MANSCPT: 'manuscript',
  MAP: 'map',
  NEWS: 'newspaperArticle',
  PAT: 'patent',
  SLIDE: 'presentation',
  RPRT: 'report',
  STAT: 'statute',
  THES: 'thesis',
  VIDEO: 'videoRecording',
  ELEC: 'webpage',
};

/** The item type of a record whose `TY` is missing or unknown. */
export const DEFAULT_ITEM_TYPE = 'journalArticle';

/**
 * A tag's mapping: one field for every type, or fields for some types (`__default` for the others,
 * unless they are listed in `__exclude`).
 */
type TagMapping = string | Readonly<Record<string, string | readonly string[]>>;

const AUTHORS: TagMapping = {
  __default: 'creators/author',
  'creators/artist': ['artwork'],
  'creators/cartographer': ['map'],
  'creators/composer': ['audioRecording'],
  'creators/director': ['film', 'radioBroadcast', 'tvBroadcast', 'videoRecording'],
  'creators/interviewee': ['interview'],
  'creators/inventor': ['patent'],
  'creators/podcaster': ['podcast'],
  'creators/programmer': ['computerProgram'],
};

const TITLE: TagMapping = {
  __default: 'title',
  subject: ['email'],
  caseName: ['case'],
  nameOfAct: ['statute'],
};

const DATE: TagMapping = {
  __default: 'date',
  dateEnacted: ['statute'],
  dateDecided: ['case'],
  issueDate: ['patent'],
};

/** Zotero's `fieldMap`: the tags of the RIS specification. */
const FIELD_MAP: Readonly<Record<string, TagMapping>> = {
  AB: 'abstractNote',
  AN: 'archiveLocation',
  CN: 'callNumber',
  DB: 'archive',
  DO: 'DOI',
  DP: 'libraryCatalog',
  J2: 'journalAbbreviation',
  KW: 'tags',
  L1: 'attachments/PDF',
  L2: 'attachments/HTML',
  L4: 'attachments/other',
  N1: 'notes',
  ST: 'shortTitle',
  UR: 'url',
  Y2: 'accessDate',
  TI: TITLE,
  T2: {
    code: ['bill', 'statute'],
    bookTitle: ['bookSection'],
    blogTitle: ['blogPost'],
    conferenceName: ['conferencePaper'],
    dictionaryTitle: ['dictionaryEntry'],
    encyclopediaTitle: ['encyclopediaArticle'],
    committee: ['hearing'],
    forumTitle: ['forumPost'],
    websiteTitle: ['webpage'],
    programTitle: ['radioBroadcast', 'tvBroadcast'],
    meetingName: ['presentation'],
    seriesTitle: ['computerProgram', 'map', 'report'],
    series: ['book'],
    publicationTitle: ['journalArticle', 'magazineArticle', 'newspaperArticle'],
  },
  T3: {
    legislativeBody: ['hearing', 'bill'],
    series: ['bookSection', 'conferencePaper', 'journalArticle'],
    seriesTitle: ['audioRecording'],
  },
  AU: AUTHORS,
  A1: AUTHORS,
  A2: {
    'creators/sponsor': ['bill'],
    'creators/performer': ['audioRecording'],
    'creators/presenter': ['presentation'],
    'creators/interviewer': ['interview'],
    'creators/editor': [
      'journalArticle',
      'bookSection',
      'conferencePaper',
      'dictionaryEntry',
      'document',
      'encyclopediaArticle',
    ],
    'creators/seriesEditor': ['book', 'report'],
    'creators/recipient': ['email', 'instantMessage', 'letter'],
    reporter: ['case'],
    issuingAuthority: ['patent'],
  },
  A3: {
    'creators/contributor': ['thesis'],
    'creators/cosponsor': ['bill'],
    'creators/producer': ['film', 'tvBroadcast', 'videoRecording', 'radioBroadcast'],
    'creators/editor': ['book'],
    'creators/seriesEditor': [
      'bookSection',
      'conferencePaper',
      'dictionaryEntry',
      'encyclopediaArticle',
      'map',
    ],
  },
  A4: {
    __default: 'creators/translator',
    'creators/counsel': ['case'],
    'creators/contributor': ['conferencePaper', 'film', 'dataset'],
  },
  C1: {
    filingDate: ['patent'],
    'creators/castMember': ['radioBroadcast', 'tvBroadcast', 'videoRecording'],
    scale: ['map'],
    place: ['conferencePaper'],
  },
  C2: { issueDate: ['patent'], 'creators/bookAuthor': ['bookSection'], 'creators/commenter': ['blogPost'] },
  C3: { artworkSize: ['artwork'], proceedingsTitle: ['conferencePaper'], country: ['patent'] },
  C4: { 'creators/wordsBy': ['audioRecording'], 'creators/attorneyAgent': ['patent'], genre: ['film'] },
  C5: {
    references: ['patent'],
    audioRecordingFormat: ['audioRecording', 'radioBroadcast'],
    videoRecordingFormat: ['film', 'tvBroadcast', 'videoRecording'],
  },
  C6: { legalStatus: ['patent'] },
  CY: { __default: 'place', repositoryLocation: ['dataset'], __exclude: ['conferencePaper'] },
  DA: DATE,
  ET: {
    __default: 'edition',
    session: ['bill', 'hearing', 'statute'],
    versionNumber: ['computerProgram', 'dataset'],
  },
  IS: { __default: 'issue', numberOfVolumes: ['bookSection'], __exclude: ['dataset'] },
  LA: { __default: 'language', programmingLanguage: ['computerProgram'] },
  M1: {
    seriesNumber: ['book'],
    billNumber: ['bill'],
    system: ['computerProgram'],
    documentNumber: ['hearing'],
    applicationNumber: ['patent'],
    publicLawNumber: ['statute'],
    episodeNumber: ['podcast', 'radioBroadcast', 'tvBroadcast'],
  },
  M3: {
    manuscriptType: ['manuscript'],
    mapType: ['map'],
    reportType: ['report'],
    thesisType: ['thesis'],
    websiteType: ['blogPost', 'webpage'],
    postType: ['forumPost'],
    letterType: ['letter'],
    interviewMedium: ['interview'],
    presentationType: ['presentation'],
    artworkMedium: ['artwork'],
    audioFileType: ['podcast'],
  },
  NV: { __default: 'numberOfVolumes', identifier: ['dataset'], __exclude: ['bookSection'] },
  OP: { history: ['hearing', 'statute', 'bill', 'case'], priorityNumbers: ['patent'] },
  PB: {
    __default: 'publisher',
    label: ['audioRecording'],
    court: ['case'],
    distributor: ['film'],
    assignee: ['patent'],
    institution: ['report'],
    repository: ['dataset'],
    university: ['thesis'],
    company: ['computerProgram'],
    studio: ['videoRecording'],
    network: ['radioBroadcast', 'tvBroadcast'],
  },
  PY: DATE,
  SE: { __default: 'section', __exclude: ['case'] },
  SN: {
    __default: 'ISBN',
    ISSN: ['journalArticle', 'magazineArticle', 'newspaperArticle'],
    patentNumber: ['patent'],
    reportNumber: ['report'],
  },
  SP: {
    __default: 'pages',
    codePages: ['bill'],
    numPages: ['book', 'thesis', 'manuscript'],
    firstPage: ['case'],
    runningTime: ['film'],
  },
  SV: { seriesNumber: ['bookSection'], docketNumber: ['case'] },
  VL: {
    __default: 'volume',
    codeNumber: ['statute'],
    codeVolume: ['bill'],
    reporterVolume: ['case'],
    __exclude: ['patent', 'webpage'],
  },
};

/**
 * Zotero's `degenerateImportFieldMap`: tags outside the specification, or used differently by some
 * tools, read only when the specification's map has nothing for them; a tag here is "deprecated" and
 * counts only when no other tag of the record gave its field.
 */
const DEGENERATE_MAP: Readonly<Record<string, TagMapping>> = {
  AD: { __default: 'unsupported/Author Address', 'unsupported/Inventor Address': ['patent'] },
  AV: 'archiveLocation',
  BT: { title: ['book', 'manuscript'], bookTitle: ['bookSection'], __default: 'backupPublicationTitle' },
  CA: 'unsupported/Caption',
  CR: 'rights',
  CT: 'title',
  CY: 'place',
  ED: 'creators/editor',
  EP: 'pages',
  H1: 'unsupported/Library Catalog',
  H2: 'unsupported/Call Number',
  ID: '__ignore',
  IS: { versionNumber: ['dataset'] },
  JA: 'journalAbbreviation',
  JF: 'publicationTitle',
  JO: { __default: 'journalAbbreviation', conferenceName: ['conferencePaper'] },
  LB: 'unsupported/Label',
  M1: {
    __default: 'extra',
    issue: ['journalArticle'],
    numberOfVolumes: ['bookSection'],
    accessDate: ['webpage'],
  },
  M2: 'extra',
  M3: 'DOI',
  N2: 'abstractNote',
  NV: 'numberOfVolumes',
  OP: {
    __default: 'unsupported/Original Publication',
    'unsupported/Content': [
      'blogPost',
      'computerProgram',
      'film',
      'presentation',
      'report',
      'videoRecording',
      'webpage',
    ],
  },
  RI: { __default: 'unsupported/Reviewed Item', 'unsupported/Article Number': ['statute'] },
  RN: 'notes',
  SE: { 'unsupported/File Date': ['case'] },
  T1: TITLE,
  T2: 'backupPublicationTitle',
  T3: { series: ['book'] },
  TA: 'unsupported/Translated Author',
  TT: 'unsupported/Translated Title',
  VL: { 'unsupported/Patent Version Number': ['patent'], accessDate: ['webpage'] },
  Y1: DATE,
};

/** Whether a tag is one of the degenerate ones, read only when no other tag gave its field. */
export function isDeprecatedTag(tag: string): boolean {
  return Object.prototype.hasOwnProperty.call(DEGENERATE_MAP, tag);
}

const cache = new Map<string, string | null>();

/** The Zotero field `tag` sets in an item of type `itemType`, or null when it sets none. */
export function fieldOfTag(itemType: string, tag: string): string | null {
  const key = `${itemType}\u0000${tag}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let field: string | null = null;
  for (const map of [FIELD_MAP, DEGENERATE_MAP]) {
    const mapping = Object.prototype.hasOwnProperty.call(map, tag) ? map[tag] : undefined;
    if (typeof mapping === 'string') field = mapping;
    else if (mapping !== undefined) {
      let fallback: string | undefined;
      let excluded = false;
      for (const [name, types] of Object.entries(mapping)) {
        if (name === '__default') fallback = types as string;
        else if (name === '__exclude') excluded = (types as readonly string[]).includes(itemType);
        else if ((types as readonly string[]).includes(itemType)) {
          field = name;
          break;
        }
      }
      if (field === null && fallback !== undefined && !excluded) field = fallback;
    }
    if (field !== null) break;
  }
  cache.set(key, field);
  return field;
}

/** The first tag that gives `field` in an item of type `itemType` (to put ProCite's notes back as tags), or null. */
export function tagOfField(itemType: string, field: string): string | null {
  for (const tag of Object.keys(FIELD_MAP)) if (fieldOfTag(itemType, tag) === field) return tag;
  return null;
}
