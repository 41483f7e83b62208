/**
 * The command-line front end: the same core as the app, for scripts and headless use.
 *
 *   scholia [--library DIR] import FILE|FOLDER... [--apply-references]
 *                                    import files; progress on stderr; exit 1 if any failed; what
 *                                    reference files would change in documents whose details the
 *                                    reader confirmed is printed, and applied with --apply-references
 *   scholia [--library DIR] list [--json]      the documents, as a table or JSON
 *   scholia [--library DIR] show ID [--json]   one document's metadata, text and annotations as JSON
 *   scholia [--library DIR] search QUERY [--json]   documents matching a query, with the passages
 *   scholia [--library DIR] kwic TERM [--json]      every occurrence of a word or phrase, in context
 *   scholia [--library DIR] check [--repair] [--json]   damaged or missing files; exit 1 if any
 *   scholia [--library DIR] cite PASSAGE_ID [--style S]  a passage quoted with its citation
 *   scholia [--library DIR] links [DOCUMENT] [--json]    links between passages, read both ways
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultLibraryDir, openLibrary, resolveLibraryDir } from '../core/library';
import type { ImportSource, ReferenceProposalArg, ScholiaService } from '../shared/api';
import { authorLine } from '../shared/authors';
import { ScholiaError } from '../shared/errors';
import {
  IMPORT_FORMAT_INFO,
  REFERENCE_FORMATS,
  TEXT_FORMATS,
  type SourceFormat,
} from '../shared/import-formats';
import { displayTitle, type DocumentMeta, type ImportReport, type ReferenceProposal } from '../shared/model';
import { projectDocument } from '../shared/projection';
import { docFromJSON } from '../shared/schema';
import { scholiaVersion } from './version';
import { runCheck } from './check-command';
import { CITE_USAGE, runCite } from './cite-command';
import { runKwic, runSearch } from './find-commands';
import { LINKS_USAGE, linksOperand, runLinks } from './links-command';
import {
  EXPORT_CLI_OPTIONS,
  EXPORT_USAGE,
  importAnnotationFiles,
  isAnnotationFile,
  runExport,
  type ExportCliValues,
} from './export-commands';
import { formatTable } from './table';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Everything on standard input, for `import -`; absent where there is none to read. */
  stdin?: () => Promise<Uint8Array>;
}

/** The usual extension of each format of `formats`, as the usage text lists them: `.txt .md …`. */
function extensions(formats: readonly SourceFormat[]): string {
  return formats.map((format) => IMPORT_FORMAT_INFO[format].extensions[0]).join(' ');
}

/** The commands, each with its lines of the usage text. */
const COMMAND_HELP = {
  import: `  import FILE|FOLDER|-... [--apply-references]
                        Import files (${extensions(TEXT_FORMATS)}) or every such file in a
                        folder; reference files (${extensions(REFERENCE_FORMATS)}) set documents' metadata;
                        annotation files (.jsonld, Hypothesis .json, Kindle's My Clippings.txt,
                        Taguette .csv) and REFI-QDA files (.qdpx, .qdc) bring their annotations.
                        A file without an extension is recognised by its content; - reads
                        standard input. What they would change in details you confirmed is
                        printed, not applied; --apply-references applies it
`,
  list: `  list [--json]         List the documents in the library: id, title, authors, words, date added
`,
  show: `  show ID               Print a document's metadata, text and annotations as JSON
                        (ID may be the first characters of a document id, as long as they are unique)
`,
  search: `  search QUERY [--json] Find documents: words, "phrases", prefix*, fuzzy~; best first, with passages
`,
  kwic: `  kwic TERM [--json]    Every occurrence of a word or phrase, in context (keyword in context)
`,
  check: `  check [--repair] [--json]
                        Report every damaged or missing file, with what it held and what to do;
                        --repair restores what the backups can (moving damaged files aside first).
                        Exit status 0 when nothing is wrong, 1 when something is
`,
  cite: CITE_USAGE,
  links: LINKS_USAGE,
  export: EXPORT_USAGE,
  help: `  help [COMMAND]        This text, or one command's (also COMMAND --help)
`,
} as const;

/** A command of the CLI. */
type Command = keyof typeof COMMAND_HELP;

function isCommand(name: string): name is Command {
  return Object.hasOwn(COMMAND_HELP, name);
}

const OPTIONS_HELP = `Options:
  --library DIR         The library folder (default: $SCHOLIA_LIBRARY, else the app's library)
  --json                Machine-readable output
  -h, --help            Show this help (after a command: that command's)
  -v, --version         Print Scholia's version

Exit status: 0 when the command did all it was asked; 1 when something failed (a file not imported,
a library that cannot be opened, damage found by check); 2 for a command or option Scholia does
not know.
`;

/** The CLI's usage text. */
export const USAGE = `Usage: scholia [--library DIR] <command> [options]

Commands:
${Object.values(COMMAND_HELP).join('')}
${OPTIONS_HELP}`;

/** One command's usage text (`scholia help COMMAND`, `scholia COMMAND --help`). */
export function commandUsage(command: Command): string {
  return `Usage: scholia [--library DIR] ${command === 'help' ? 'help [COMMAND]' : command} …

${COMMAND_HELP[command]}
${OPTIONS_HELP}`;
}

interface Parsed {
  command: string | undefined;
  operands: string[];
  library: string | undefined;
  json: boolean;
  repair: boolean;
  applyReferences: boolean;
  markdown: boolean;
  help: boolean;
  version: boolean;
  exportValues: ExportCliValues;
}

function parse(argv: readonly string[]): Parsed {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      library: { type: 'string' },
      json: { type: 'boolean', default: false },
      repair: { type: 'boolean', default: false },
      'apply-references': { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
      ...EXPORT_CLI_OPTIONS,
    },
    allowPositionals: true,
  });
  const [command, ...operands] = positionals;
  const { format, style, locale, collection, tags, out, template } = values;
  const exportValues: ExportCliValues = {
    format,
    style,
    locale,
    'group-by': values['group-by'],
    collection,
    tags,
    out,
    template,
  };
  return {
    command,
    operands,
    library: values.library,
    json: values.json,
    repair: values.repair,
    applyReferences: values['apply-references'],
    markdown: values.markdown,
    help: values.help,
    version: values.version,
    exportValues,
  };
}

async function findDocument(service: ScholiaService, idOrPrefix: string): Promise<DocumentMeta> {
  const documents = await service.listDocuments({});
  const exact = documents.find((doc) => doc.id === idOrPrefix);
  if (exact !== undefined) return exact;
  const matches = documents.filter((doc) => doc.id.startsWith(idOrPrefix));
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  if (matches.length > 1) {
    throw new ScholiaError(
      'invalid-input',
      `"${idOrPrefix}" matches ${matches.length} documents; give more of the id.`,
    );
  }
  throw new ScholiaError(
    'not-found',
    `No document with id "${idOrPrefix}". Run "scholia list" to see the ids.`,
  );
}

/** What a document imported from standard input is named after, until the reader gives it a title. */
const STDIN_NAME = 'standard input';

async function runImport(
  service: ScholiaService,
  files: string[],
  io: CliIo,
  options: { json: boolean; applyReferences: boolean },
): Promise<number> {
  if (files.length === 0) throw new ScholiaError('invalid-input', 'import needs at least one FILE.');
  const sources: ImportSource[] = [];
  for (const file of files) {
    if (file !== '-') {
      sources.push({ kind: 'path', path: resolve(io.cwd, file) });
      continue;
    }
    if (io.stdin === undefined)
      throw new ScholiaError('invalid-input', 'There is no standard input to import from.');
    // Standard input has no name: what it holds decides what it is, as for a file without an extension.
    sources.push({ kind: 'bytes', name: STDIN_NAME, bytes: (await io.stdin()) as Uint8Array<ArrayBuffer> });
  }
  const report = await service.importFiles({ sources, batchId: 'cli' });
  const failed = report.outcomes.filter((outcome) => outcome.status === 'failed').length;
  const duplicates = report.outcomes.filter((outcome) => outcome.status === 'duplicate').length;
  if (options.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  const done = report.outcomes.length - failed - duplicates;
  io.stderr(
    `Imported ${done} of ${report.outcomes.length} file(s)` +
      (duplicates > 0 ? `; ${duplicates} already in the library` : '') +
      (failed > 0 ? `; ${failed} failed` : '') +
      '.\n',
  );
  const refused = await runReferenceProposals(service, report, io, options);
  return failed > 0 || refused > 0 ? 1 : 0;
}

/**
 * Prints what the import's reference files would change in documents whose details the reader
 * confirmed (unless the report went out as JSON), and applies it all with `--apply-references`.
 * Resolves to how many proposals were refused.
 */
async function runReferenceProposals(
  service: ScholiaService,
  report: ImportReport,
  io: CliIo,
  options: { json: boolean; applyReferences: boolean },
): Promise<number> {
  const proposals: { file: string; title: string; line?: number; proposal: ReferenceProposal }[] = [];
  for (const outcome of report.outcomes) {
    if (outcome.status !== 'references') continue;
    for (const entry of outcome.entries) {
      if (entry.proposal !== undefined) {
        proposals.push({
          file: outcome.name,
          title: entry.title,
          line: entry.line,
          proposal: entry.proposal,
        });
      }
    }
  }
  if (proposals.length === 0) return 0;
  if (!options.json) {
    io.stdout(
      `${proposals.length} document(s) whose details you confirmed would change:\n` +
        proposals
          .map(({ file, title, line, proposal }) => {
            const where = line === undefined ? file : `${file}, line ${line}`;
            const changes = proposal.changes
              .map(({ field, before, after }) => `    ${field}: ${shown(before)} -> ${shown(after)}`)
              .join('\n');
            return `  ${proposal.documentId.slice(0, 8)} "${title}" (${where})\n${changes}`;
          })
          .join('\n') +
        '\n',
    );
  }
  if (!options.applyReferences) {
    io.stderr('Not applied. Run the import again with --apply-references to apply these changes.\n');
    return 0;
  }
  const chosen: ReferenceProposalArg[] = proposals.map(({ proposal }) => ({
    documentId: proposal.documentId,
    modifiedAt: proposal.modifiedAt,
    changes: proposal.changes.map(({ field, after }) => ({ field, value: after })),
  }));
  const applied = await service.applyReferenceProposals({ proposals: chosen });
  for (const { documentId, message } of applied.refused) {
    io.stderr(`scholia: ${documentId.slice(0, 8)}: ${message}\n`);
  }
  io.stderr(
    `Applied the changes to ${applied.documents.length} document(s)` +
      (applied.refused.length > 0 ? `; ${applied.refused.length} refused` : '') +
      '.\n',
  );
  return applied.refused.length;
}

/** A CSL value as one line: text as it is, dates and names as JSON, none as "(none)". */
function shown(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

async function runList(service: ScholiaService, io: CliIo, json: boolean): Promise<number> {
  const documents = await service.listDocuments({});
  if (json) {
    io.stdout(`${JSON.stringify(documents, null, 2)}\n`);
    return 0;
  }
  if (documents.length === 0) {
    io.stdout('The library is empty. Import files with: scholia import FILE...\n');
    return 0;
  }
  const rows = documents.map((doc) => [
    doc.id.slice(0, 8),
    displayTitle(doc),
    authorLine(doc.csl.author) ?? '',
    String(doc.wordCount),
    doc.addedAt.slice(0, 10),
  ]);
  io.stdout(
    formatTable(['ID', 'TITLE', 'AUTHORS', 'WORDS', 'ADDED'], rows, {
      rightAlign: [3],
      maxWidths: [8, 50, 30, 9, 10],
    }),
  );
  return 0;
}

async function runShow(service: ScholiaService, id: string | undefined, io: CliIo): Promise<number> {
  if (id === undefined)
    throw new ScholiaError('invalid-input', 'show needs a document ID (see "scholia list").');
  const meta = await findDocument(service, id);
  const opened = await service.getDocument({ documentId: meta.id });
  const annotations = await service.listAnnotations({ documentId: meta.id });
  const text = projectDocument(docFromJSON(opened.doc)).text;
  io.stdout(`${JSON.stringify({ meta: opened.meta, text, annotations }, null, 2)}\n`);
  return 0;
}

/** Runs one CLI invocation; resolves to the process exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`scholia: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.version) {
    io.stdout(`scholia ${scholiaVersion()}\n`);
    return 0;
  }
  const { command } = parsed;
  if (command === undefined) {
    (parsed.help ? io.stdout : io.stderr)(USAGE);
    return parsed.help ? 0 : 2;
  }
  if (!isCommand(command)) {
    io.stderr(`scholia: unknown command "${command}". Run "scholia help" to see the commands.\n`);
    return 2;
  }
  if (command === 'help') {
    const about = parsed.operands[0];
    if (about === undefined) io.stdout(USAGE);
    else if (isCommand(about)) io.stdout(commandUsage(about));
    else {
      io.stderr(`scholia: there is no command "${about}". Run "scholia help" to see the commands.\n`);
      return 2;
    }
    return 0;
  }
  if (parsed.help) {
    io.stdout(commandUsage(command));
    return 0;
  }
  const dir = resolveLibraryDir({ flag: parsed.library, env: io.env, defaultDir: defaultLibraryDir() });
  if (command === 'check') {
    try {
      return await runCheck(dir, { repair: parsed.repair, json: parsed.json }, io.stdout);
    } catch (error) {
      io.stderr(`scholia: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  let library: Awaited<ReturnType<typeof openLibrary>> | undefined;
  try {
    library = await openLibrary(dir, { owner: 'the scholia command line' });
    for (const notice of library.takeNotices()) io.stderr(`scholia: ${notice.message}\n`);
    const { service } = library;
    const unsubscribe = library.events.on('import-progress', (event) => {
      // A long file reports how far it has got ("Saving references: 2,500 of 10,000").
      if (event.phase === 'started' && event.progress === undefined) return;
      const status =
        event.phase === 'failed'
          ? `FAILED: ${event.message ?? ''}`
          : event.phase === 'duplicate'
            ? `skipped, ${event.message ?? 'already in the library'}`
            : (event.phase === 'imported' || event.phase === 'started') && event.message !== undefined
              ? event.message
              : event.phase;
      io.stderr(`[${event.index + 1}/${event.total}] ${event.name}: ${status}\n`);
    });
    try {
      switch (parsed.command) {
        case 'import': {
          // Annotation files (W3C JSON-LD, Hypothesis) go to their documents; the rest are imported as files.
          const paths = parsed.operands.map((file) => (file === '-' ? file : resolve(io.cwd, file)));
          // The command line is the reader's own: what it names is what the reader chose to import.
          for (const path of paths) if (path !== '-') await library.grants.allowRead(path);
          const flags = await Promise.all(
            paths.map((path) => (path === '-' ? Promise.resolve(false) : isAnnotationFile(path))),
          );
          const annotationFiles = paths.filter((_, index) => flags[index] === true);
          const rest = parsed.operands.filter((_, index) => flags[index] !== true);
          const failed = await importAnnotationFiles(service, annotationFiles, io.stderr);
          if (rest.length === 0 && annotationFiles.length > 0) return failed > 0 ? 1 : 0;
          const code = await runImport(service, rest, io, {
            json: parsed.json,
            applyReferences: parsed.applyReferences,
          });
          return failed > 0 ? 1 : code;
        }
        case 'export': {
          // Likewise the --out PATH it names is where the reader chose to export.
          const out = parsed.exportValues.out;
          if (out !== undefined && out !== '-') await library.grants.allowWrite(resolve(io.cwd, out));
          return await runExport(service, parsed.exportValues, io.cwd, io.stdout, parsed.json);
        }
        case 'search':
          return await runSearch(service, parsed.operands, io.stdout, parsed.json);
        case 'kwic':
          return await runKwic(service, parsed.operands, io.stdout, parsed.json);
        case 'list':
          return await runList(service, io, parsed.json);
        case 'links': {
          const operand = linksOperand(parsed.operands);
          const documentId = operand === undefined ? undefined : (await findDocument(service, operand)).id;
          return await runLinks(service, documentId, io.stdout, parsed.json);
        }
        case 'cite': {
          const { style, locale } = parsed.exportValues;
          const options = { style, locale, markdown: parsed.markdown, json: parsed.json };
          return await runCite(service, parsed.operands, options, io.stdout);
        }
        default:
          return await runShow(service, parsed.operands[0], io);
      }
    } finally {
      unsubscribe();
    }
  } catch (error) {
    io.stderr(`scholia: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await library?.close();
  }
}
