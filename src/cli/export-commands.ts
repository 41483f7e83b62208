/**
 * The CLI's export command and its import of annotation files:
 *
 *   scholia export --format FORMAT (one of `shared/export-formats.ts`)
 *                  [--style STYLE] [--locale LOCALE] [--group-by source|tag] [--collection NAME] [--tags A,B] --out PATH
 *   scholia import annotations.jsonld hypothesis.json    (W3C Web Annotation or Hypothesis files)
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseApiArgs, type ScholiaService } from '../shared/api';
import { ScholiaError } from '../shared/errors';
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, isExportFormat } from '../shared/export-formats';
import {
  CITATION_LOCALES,
  MAX_VAULT_TEMPLATE_CHARS,
  type ExportOptionsInput,
} from '../shared/export-options';
import { BUNDLED_STYLES } from '../core/citations/bundled-styles';
import { fileKindOf, isDecidedByContent } from '../core/import/file-kind';

/** The options `export` takes, as `parseArgs` declares them. */
export const EXPORT_CLI_OPTIONS = {
  format: { type: 'string' },
  style: { type: 'string' },
  locale: { type: 'string' },
  'group-by': { type: 'string' },
  collection: { type: 'string' },
  tags: { type: 'string' },
  out: { type: 'string' },
  template: { type: 'string' },
} as const;

/** The values of {@link EXPORT_CLI_OPTIONS} after parsing. */
export type ExportCliValues = Partial<Record<keyof typeof EXPORT_CLI_OPTIONS, string>>;

/** The column the usage text's explanations start in. */
const USAGE_INDENT = ' '.repeat(24);

/** The export formats as the usage text lists them: `markdown (annotated bibliography), …`, wrapped. */
function formatList(): string {
  const items = EXPORT_FORMATS.map((format) => `${format} (${EXPORT_FORMAT_INFO[format].summary})`);
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? item : `${line}, ${item}`;
    if (next.length > 80 && line !== '') {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  lines.push(line);
  return lines.map((text) => `${USAGE_INDENT}${text}`).join('\n');
}

/** The shipped styles as the usage text lists them: `--style apa|mla|…`, wrapped. */
function styleList(): string {
  const lines: string[] = [];
  let line = '--style ';
  for (const [index, { id }] of BUNDLED_STYLES.entries()) {
    const next = `${line}${index === 0 ? '' : '|'}${id}`;
    if (next.length > 80 && index > 0) {
      lines.push(`${line}|`);
      line = `        ${id}`;
    } else line = next;
  }
  lines.push(`${line} (or a style added to the library)`);
  return lines.map((text) => `${USAGE_INDENT}${text}`).join('\n');
}

/** The `export` lines of the CLI's usage text. */
export const EXPORT_USAGE = `  export --format F --out PATH   Export one of these formats:
${formatList()};
${styleList()},
${USAGE_INDENT}--locale ${CITATION_LOCALES.map((locale) => locale.id).join('|')} (the citations' language),
${USAGE_INDENT}--group-by source|tag, --collection NAME, --tags NAME,NAME
${USAGE_INDENT}(passages with these tags or their sub-tags),
${USAGE_INDENT}--template FILE (vault: each note's layout, {{title}}, {{#passages}}…)
`;

/** The vault note template in the file at `path`, or an error naming the file and what to do. */
async function readTemplate(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new ScholiaError(
      'invalid-input',
      `The template ${path} could not be read (${error instanceof Error ? error.message : String(error)}). Give --template a Markdown file of yours.`,
      { path },
    );
  });
  if (text.length > MAX_VAULT_TEMPLATE_CHARS)
    throw new ScholiaError(
      'invalid-input',
      `The template ${path} is longer than ${MAX_VAULT_TEMPLATE_CHARS.toLocaleString('en')} characters; a note's layout needs far less.`,
      { path },
    );
  return text.replace(/^\uFEFF/, '');
}

/** Runs `export`; resolves to the exit code. */
export async function runExport(
  service: ScholiaService,
  values: ExportCliValues,
  cwd: string,
  stdout: (text: string) => void,
  json: boolean,
): Promise<number> {
  const format = values.format ?? 'markdown';
  if (!isExportFormat(format)) {
    throw new ScholiaError(
      'invalid-input',
      `Unknown export format "${format}". Use one of: ${EXPORT_FORMATS.join(', ')}.`,
    );
  }
  if (values.out === undefined)
    throw new ScholiaError('invalid-input', 'export needs --out PATH (a file, or a folder for a vault).');
  // `-` reads as "standard output", where a ZIP archive's bytes would only garble the terminal.
  if (values.out === '-' && EXPORT_FORMAT_INFO[format].binary)
    throw new ScholiaError(
      'invalid-input',
      `--format ${format} writes a ZIP archive, which is not printed: give --out a file name such as project.${EXPORT_FORMAT_INFO[format].extension}.`,
    );
  const groupBy = values['group-by'] ?? 'source';
  if (groupBy !== 'source' && groupBy !== 'tag') {
    throw new ScholiaError('invalid-input', `--group-by is "source" or "tag", not "${groupBy}".`);
  }
  const options: ExportOptionsInput = { format, groupBy };
  if (values.template !== undefined) {
    if (format !== 'vault')
      throw new ScholiaError(
        'invalid-input',
        `--template sets the layout of vault notes: use it with --format vault.`,
      );
    options.template = await readTemplate(resolve(cwd, values.template));
  }
  if (values.style !== undefined) options.style = values.style;
  if (values.locale !== undefined) options.locale = values.locale;
  if (values.collection !== undefined) {
    const name = values.collection;
    const collection = (await service.listCollections({})).find(
      (candidate) =>
        candidate.id === name ||
        candidate.name.localeCompare(name, undefined, { sensitivity: 'accent' }) === 0,
    );
    if (collection === undefined) throw new ScholiaError('not-found', `No collection named "${name}".`);
    options.scope = { kind: 'collection', collectionId: collection.id };
  }
  if (values.tags !== undefined) {
    const tags = await service.listTags({});
    options.filters = {
      tagIds: values.tags
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '')
        .map((name) => {
          const tag = tags.find(
            (candidate) => candidate.name.localeCompare(name, undefined, { sensitivity: 'accent' }) === 0,
          );
          if (tag === undefined)
            throw new ScholiaError('not-found', `No tag named "${name}" in the codebook.`);
          return tag.id;
        }),
    };
  }
  if (values.out === '-') {
    if (EXPORT_FORMAT_INFO[format].output === 'folder')
      throw new ScholiaError(
        'invalid-input',
        `--format ${format} writes a folder of notes, which is not printed: give --out a folder.`,
      );
    // Standard output: the file's text alone, so that it can be piped on.
    const file = await service.downloadExport(parseApiArgs('downloadExport', { options }));
    stdout(Buffer.from(file.base64, 'base64').toString('utf8'));
    return 0;
  }
  const summary = await service.exportLibrary(
    parseApiArgs('exportLibrary', { options, path: resolve(cwd, values.out) }),
  );
  if (json) stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    stdout(
      `Exported ${String(summary.passages)} passage(s) from ${String(summary.documents)} document(s) to ${summary.path}\n`,
    );
    if (summary.skipped !== undefined)
      stdout(
        `Left out ${String(summary.skipped)} passage(s) the format cannot hold: orphaned, or no longer where their quote stands.\n`,
      );
  }
  return 0;
}

/**
 * Whether the file at `path` is an annotation file, judged as the app's import judges it
 * (`core/import/file-kind.ts`: a JSON file by its content). An unreadable file is not: the import
 * then reports why it cannot be read.
 */
export async function isAnnotationFile(path: string): Promise<boolean> {
  const name = basename(path);
  if (!isDecidedByContent(name)) return fileKindOf(name, null)?.kind === 'annotations';
  const content = await readFile(path, 'utf8').catch(() => null);
  if (content === null) return false;
  return fileKindOf(name, content)?.kind === 'annotations';
}

/** Imports annotation files one by one; reports each annotation that could not be placed. Resolves to failures. */
export async function importAnnotationFiles(
  service: ScholiaService,
  paths: readonly string[],
  stderr: (text: string) => void,
): Promise<number> {
  let failures = 0;
  for (const path of paths) {
    try {
      const report = await service.importAnnotations({ source: { kind: 'path', path } });
      stderr(
        `${path}: ${String(report.imported)} annotation(s) imported, ${String(report.skipped)} already there, ${String(report.failed)} not placed\n`,
      );
      for (const outcome of report.outcomes.filter((candidate) => candidate.status === 'failed')) {
        stderr(`  ${outcome.id} “${outcome.quote}”: ${outcome.reason ?? ''}\n`);
      }
      const links = report.linkOutcomes ?? [];
      if (links.length > 0) {
        stderr(
          `${path}: ${String(report.linksImported ?? 0)} link(s) between passages imported, ${String(report.linksLeftOut ?? 0)} left out\n`,
        );
        for (const outcome of links.filter((candidate) => candidate.status !== 'imported'))
          stderr(`  ${outcome.id} ${outcome.quotes}: ${outcome.reason ?? ''}\n`);
      }
      if (report.failed > 0 || links.some((outcome) => outcome.status === 'failed')) failures += 1;
    } catch (error) {
      failures += 1;
      stderr(`${path}: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failures;
}
