/**
 * Zotero's item types as CSL sees them: which fields each type has, the base field each type-specific
 * field stands for (a thesis's `university` is a `publisher`), and the CSL type, variable and name
 * role of each. It is the data of Zotero's schema (zotero/zotero-schema, version 41) and of its
 * `itemToCSLJSON`, so that a RIS file, whose tags Zotero's RIS translator defines per item type
 * (`ris-csl.ts`), gives the CSL that Zotero would give citeproc.
 */
import type { CslName } from '../../shared/model';

/** A reference as Zotero's RIS translator builds it: an item type, fields by Zotero name, creators. */
export interface ZoteroLikeItem {
  itemType: string;
  fields: Map<string, string>;
  creators: { creatorType: string; name: CslName }[];
}

const COMMON = 'title abstractNote date url accessDate shortTitle language rights extra DOI citationKey';
const ARCHIVED = 'archive archiveLocation libraryCatalog callNumber';

/** The fields of each item type, besides those every type has (a title, date, URL, DOI…). */
const TYPE_FIELDS: Readonly<Record<string, string>> = {
  artwork: `artworkMedium artworkSize eventPlace ${ARCHIVED}`,
  audioRecording: `audioRecordingFormat seriesTitle volume numberOfVolumes label place runningTime ISBN ${ARCHIVED}`,
  bill: 'billNumber code codeVolume section codePages legislativeBody session history',
  blogPost: 'blogTitle websiteType ISSN',
  book: `series seriesNumber volume numberOfVolumes edition publisher place originalDate originalPublisher originalPlace format numPages ISBN ISSN ${ARCHIVED}`,
  bookSection: `bookTitle series seriesNumber volume numberOfVolumes edition publisher place originalDate originalPublisher originalPlace format pages ISBN ISSN ${ARCHIVED}`,
  case: 'caseName court dateDecided docketNumber reporter reporterVolume firstPage history',
  computerProgram: `seriesTitle versionNumber system company place programmingLanguage ISBN ${ARCHIVED}`,
  conferencePaper: `proceedingsTitle conferenceName publisher place eventPlace volume issue numberOfVolumes pages series seriesNumber ISBN ISSN ${ARCHIVED}`,
  dataset: `identifier type versionNumber repository repositoryLocation format ${ARCHIVED}`,
  dictionaryEntry: `dictionaryTitle series seriesNumber volume numberOfVolumes edition publisher place pages ISBN ${ARCHIVED}`,
  document: `type publisher place ${ARCHIVED}`,
  email: 'subject',
  encyclopediaArticle: `encyclopediaTitle series seriesNumber volume numberOfVolumes edition publisher place pages ISBN ${ARCHIVED}`,
  film: `distributor place genre videoRecordingFormat runningTime ${ARCHIVED}`,
  forumPost: 'forumTitle postType',
  hearing: 'committee publisher numberOfVolumes documentNumber pages legislativeBody session history place',
  instantMessage: '',
  interview: `interviewMedium publisher place ${ARCHIVED}`,
  journalArticle: `publicationTitle publisher place volume issue section partNumber partTitle pages series seriesTitle seriesText journalAbbreviation PMID PMCID ISSN ${ARCHIVED}`,
  letter: `letterType eventPlace ${ARCHIVED}`,
  magazineArticle: `publicationTitle publisher place volume issue pages ISSN ${ARCHIVED}`,
  manuscript: `manuscriptType institution place numPages number ${ARCHIVED}`,
  map: `mapType scale seriesTitle edition publisher place ISBN ${ARCHIVED}`,
  newspaperArticle: `publicationTitle publisher place volume issue edition section pages ISSN ${ARCHIVED}`,
  patent:
    'place country assignee issuingAuthority patentNumber filingDate pages applicationNumber priorityNumbers issueDate priorityDate references legalStatus',
  podcast: 'seriesTitle episodeNumber audioFileType publisher place runningTime',
  preprint: `genre repository archiveID place series seriesNumber ${ARCHIVED}`,
  presentation: 'presentationType meetingName place series sessionTitle',
  radioBroadcast: `programTitle episodeNumber audioRecordingFormat network place runningTime ${ARCHIVED}`,
  report: `reportNumber reportType institution place seriesTitle seriesNumber pages ISBN ISSN ${ARCHIVED}`,
  standard: `organization committee type number versionNumber edition status publisher place partNumber partTitle ISBN numPages ${ARCHIVED}`,
  statute: 'nameOfAct code codeNumber publicLawNumber dateEnacted pages section session history',
  thesis: `thesisType university place series seriesNumber numPages ISBN ISSN ${ARCHIVED}`,
  tvBroadcast: `programTitle episodeNumber videoRecordingFormat network place runningTime ${ARCHIVED}`,
  videoRecording: `videoRecordingFormat seriesTitle volume numberOfVolumes studio place runningTime ISBN ${ARCHIVED}`,
  webpage: 'websiteTitle websiteType publisher place',
};

/** Types whose title field has another name: an email's subject, a case's name, an act's name. */
const TITLE_FIELDS: Readonly<Record<string, string>> = {
  email: 'subject',
  case: 'caseName',
  statute: 'nameOfAct',
};

/** Types without a `date` (they have a type-specific one instead). */
const DATE_FIELDS: Readonly<Record<string, string>> = {
  case: 'dateDecided',
  patent: 'issueDate',
  statute: 'dateEnacted',
};

const fieldSets = new Map<string, Set<string>>();

/**
 * Whether `field` is a field of Zotero item type `itemType`, or the base field of one of its fields
 * (Zotero stores a thesis's `publisher` as its `university`).
 */
export function isFieldOfType(field: string, itemType: string): boolean {
  let fields = fieldSets.get(itemType);
  if (fields === undefined) {
    const title = TITLE_FIELDS[itemType];
    const date = DATE_FIELDS[itemType];
    const own = [
      ...COMMON.split(' ').filter(
        (name) => !(name === 'title' && title !== undefined) && !(name === 'date' && date !== undefined),
      ),
      ...(TYPE_FIELDS[itemType] ?? '').split(' ').filter(Boolean),
      ...(title === undefined ? [] : [title]),
      ...(date === undefined ? [] : [date]),
    ];
    fields = new Set([...own, ...own.map((name) => BASE_FIELDS[name] ?? name)]);
    fieldSets.set(itemType, fields);
  }
  return fields.has(field);
}

/** The base field each type-specific field stands for. */
const BASE_FIELDS: Readonly<Record<string, string>> = {
  artworkMedium: 'medium',
  audioRecordingFormat: 'medium',
  label: 'publisher',
  billNumber: 'number',
  codeVolume: 'volume',
  codePages: 'pages',
  legislativeBody: 'authority',
  blogTitle: 'publicationTitle',
  websiteType: 'type',
  format: 'medium',
  bookTitle: 'publicationTitle',
  caseName: 'title',
  court: 'authority',
  dateDecided: 'date',
  docketNumber: 'number',
  reporterVolume: 'volume',
  firstPage: 'pages',
  company: 'publisher',
  proceedingsTitle: 'publicationTitle',
  identifier: 'number',
  repository: 'publisher',
  repositoryLocation: 'place',
  dictionaryTitle: 'publicationTitle',
  subject: 'title',
  encyclopediaTitle: 'publicationTitle',
  distributor: 'publisher',
  genre: 'type',
  videoRecordingFormat: 'medium',
  forumTitle: 'publicationTitle',
  postType: 'type',
  documentNumber: 'number',
  interviewMedium: 'medium',
  letterType: 'type',
  manuscriptType: 'type',
  institution: 'publisher',
  mapType: 'type',
  issuingAuthority: 'authority',
  patentNumber: 'number',
  issueDate: 'date',
  priorityDate: 'originalDate',
  legalStatus: 'status',
  episodeNumber: 'number',
  audioFileType: 'medium',
  archiveID: 'number',
  presentationType: 'type',
  sessionTitle: 'publicationTitle',
  programTitle: 'publicationTitle',
  network: 'publisher',
  reportNumber: 'number',
  reportType: 'type',
  organization: 'authority',
  nameOfAct: 'title',
  publicLawNumber: 'number',
  dateEnacted: 'date',
  thesisType: 'type',
  university: 'publisher',
  studio: 'publisher',
  websiteTitle: 'publicationTitle',
};

/** Zotero item types as CSL types. */
export const ZOTERO_TO_CSL_TYPE: Readonly<Record<string, string>> = {
  preprint: 'article',
  journalArticle: 'article-journal',
  magazineArticle: 'article-magazine',
  newspaperArticle: 'article-newspaper',
  bill: 'bill',
  book: 'book',
  podcast: 'broadcast',
  tvBroadcast: 'broadcast',
  radioBroadcast: 'broadcast',
  bookSection: 'chapter',
  dataset: 'dataset',
  document: 'document',
  dictionaryEntry: 'entry-dictionary',
  encyclopediaArticle: 'entry-encyclopedia',
  artwork: 'graphic',
  hearing: 'hearing',
  interview: 'interview',
  case: 'legal_case',
  statute: 'legislation',
  manuscript: 'manuscript',
  map: 'map',
  film: 'motion_picture',
  videoRecording: 'motion_picture',
  conferencePaper: 'paper-conference',
  patent: 'patent',
  letter: 'personal_communication',
  email: 'personal_communication',
  instantMessage: 'personal_communication',
  forumPost: 'post',
  blogPost: 'post-weblog',
  report: 'report',
  computerProgram: 'software',
  audioRecording: 'song',
  presentation: 'speech',
  standard: 'standard',
  thesis: 'thesis',
  webpage: 'webpage',
};

/** Base fields as CSL variables, each variable taking the first of its fields that has a value. */
const CSL_VARIABLES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['title', ['title']],
  ['title-short', ['shortTitle']],
  ['container-title', ['publicationTitle', 'reporter', 'code']],
  ['container-title-short', ['journalAbbreviation']],
  ['collection-title', ['seriesTitle', 'series']],
  ['collection-number', ['seriesNumber']],
  ['event-title', ['meetingName', 'conferenceName']],
  ['event-place', ['eventPlace']],
  ['publisher', ['publisher']],
  ['publisher-place', ['place']],
  ['original-publisher', ['originalPublisher']],
  ['original-publisher-place', ['originalPlace']],
  ['authority', ['authority']],
  ['volume', ['volume', 'codeNumber']],
  ['issue', ['issue', 'priorityNumbers']],
  ['page', ['pages']],
  ['number-of-pages', ['numPages']],
  ['number-of-volumes', ['numberOfVolumes']],
  ['edition', ['edition']],
  ['number', ['number']],
  ['section', ['section', 'committee']],
  ['chapter-number', ['session']],
  ['part-number', ['partNumber']],
  ['part-title', ['partTitle']],
  ['genre', ['type', 'programmingLanguage']],
  ['medium', ['medium', 'system']],
  ['version', ['versionNumber']],
  ['dimensions', ['artworkSize', 'runningTime']],
  ['scale', ['scale']],
  ['status', ['status']],
  ['references', ['history', 'references']],
  ['DOI', ['DOI']],
  ['ISBN', ['ISBN']],
  ['ISSN', ['ISSN']],
  ['PMID', ['PMID']],
  ['PMCID', ['PMCID']],
  ['URL', ['url']],
  ['language', ['language']],
  ['abstract', ['abstractNote']],
  ['archive', ['archive']],
  ['archive_location', ['archiveLocation']],
  ['call-number', ['callNumber', 'applicationNumber']],
  ['source', ['libraryCatalog']],
  ['license', ['rights']],
  ['note', ['extra']],
];

/** Date fields as CSL date variables. */
const CSL_DATES: ReadonlyArray<readonly [string, string]> = [
  ['issued', 'date'],
  ['accessed', 'accessDate'],
  ['submitted', 'filingDate'],
  ['original-date', 'originalDate'],
];

/** Creator types as CSL name variables; a type's primary creator is its `author`. */
const CSL_NAMES: Readonly<Record<string, string>> = {
  author: 'author',
  bookAuthor: 'container-author',
  castMember: 'performer',
  composer: 'composer',
  contributor: 'contributor',
  creator: 'author',
  director: 'director',
  editor: 'editor',
  guest: 'guest',
  interviewer: 'interviewer',
  podcaster: 'host',
  producer: 'producer',
  recipient: 'recipient',
  reviewedAuthor: 'reviewed-author',
  seriesEditor: 'collection-editor',
  scriptwriter: 'script-writer',
  translator: 'translator',
};

/** Each type's primary creator type, where it is not `author`. */
const PRIMARY_CREATORS: Readonly<Record<string, string>> = {
  artwork: 'artist',
  audioRecording: 'performer',
  bill: 'sponsor',
  computerProgram: 'programmer',
  film: 'director',
  hearing: 'contributor',
  interview: 'interviewee',
  map: 'cartographer',
  patent: 'inventor',
  podcast: 'podcaster',
  presentation: 'presenter',
  radioBroadcast: 'creator',
  tvBroadcast: 'director',
  videoRecording: 'creator',
};

/**
 * The CSL of a Zotero-like item, as Zotero's `itemToCSLJSON` makes it of the item Zotero would save:
 * fields the type does not have left out, dates converted by `toDate`.
 */
export function zoteroItemToCsl(
  item: ZoteroLikeItem,
  toDate: (value: string, variable: string) => unknown,
): Record<string, unknown> {
  const csl: Record<string, unknown> = { type: ZOTERO_TO_CSL_TYPE[item.itemType] ?? 'document' };
  // Zotero stores a base field in the type's own field for it, the value set last winning.
  const byBase = new Map<string, string>();
  for (const [field, value] of item.fields) {
    if (value.trim() === '' || !isFieldOfType(field, item.itemType)) continue;
    byBase.set(BASE_FIELDS[field] ?? field, value);
  }
  for (const [variable, fields] of CSL_VARIABLES) {
    const value = fields.map((field) => byBase.get(field)).find((found) => found !== undefined);
    if (value !== undefined) csl[variable] = value;
  }
  for (const [variable, field] of CSL_DATES) {
    const value = byBase.get(field);
    if (value !== undefined) csl[variable] = toDate(value, variable);
  }
  const primary = PRIMARY_CREATORS[item.itemType] ?? 'author';
  for (const { creatorType, name } of item.creators) {
    const variable = creatorType === primary ? 'author' : CSL_NAMES[creatorType];
    if (variable === undefined) continue;
    const list = csl[variable];
    if (Array.isArray(list)) list.push(name);
    else csl[variable] = [name];
  }
  return csl;
}
