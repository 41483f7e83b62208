/**
 * The same items formatted by pandoc's citeproc (the Haskell citeproc library, independent of
 * citeproc-js) in the same CSL style and, as far as pandoc allows, the same locale.
 *
 * pandoc 2.17 (citeproc 0.6.0.1) takes its locales only from copies built into it (the CSL locales
 * repository as of August 2021) and has no option to read a locale file. It does honour `<locale>`
 * elements inside the style, so the shipped locale file is put into a copy of the style as a
 * `<locale>` without `xml:lang`, after the style's own `<locale>` elements: citeproc then takes a term
 * from the style's own locales first, from the shipped file next and only then from its built-in copy,
 * which is CSL's order of precedence with the shipped file in place of the built-in one.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { canonical, PLAIN, type Canonical, type Marks, type Run } from './canonical';

const run = promisify(execFile);

/** What pandoc made of the items: the bibliography's order, each entry and each in-text citation. */
export interface PandocReferences {
  order: string[];
  entries: Map<string, Canonical>;
  citations: Map<string, Canonical>;
  /** What pandoc wrote on standard error (warnings such as a term it could not find). */
  warnings: string[];
}

/** pandoc's version (`2.17.1.1`), or null when there is no `pandoc` to run. */
export function pandocVersion(): string | null {
  const result = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) return null;
  return /^pandoc(?:\.exe)? (\S+)/.exec(result.stdout)?.[1] ?? null;
}

/**
 * `styleXml` with the locale file `localeXml` inside it as a `<locale>` without `xml:lang`, placed
 * after the style's own `<locale>` elements (or after its `<info>`), so it ranks below them.
 */
export function styleWithLocale(styleXml: string, localeXml: string): string {
  const start = localeXml.search(/<locale\b/);
  if (start < 0) throw new RangeError('The locale file has no <locale> element.');
  const locale = localeXml
    .slice(start)
    .trim()
    .replace(/^<locale\b[^>]*>/, (tag) => tag.replace(/\s+xml:lang\s*=\s*("[^"]*"|'[^']*')/, ''));
  const lastLocale = styleXml.lastIndexOf('</locale>');
  const info = styleXml.indexOf('</info>');
  const at =
    lastLocale >= 0
      ? lastLocale + '</locale>'.length
      : info >= 0
        ? info + '</info>'.length
        : styleXml.indexOf('>', styleXml.search(/<style\b/)) + 1;
  if (at <= 0) throw new RangeError('The style has no <style> element.');
  return `${styleXml.slice(0, at)}\n${locale}\n${styleXml.slice(at)}`;
}

/**
 * Formats the items of the CSL-JSON file `itemsPath` with pandoc: a document with one paragraph per
 * citation of `citations` (each what goes after `[@`: an id, and optionally `, ` and a locator) and
 * `nocite: '@*'`, so every item is in the bibliography (left out when `bibliography` is false) and
 * counts for disambiguation; in the style `styleXml` (with the locale file `localeXml` inside it, see
 * {@link styleWithLocale}) and `lang`; read back as pandoc's JSON syntax tree. Citations are keyed by
 * the id they cite.
 */
export async function formatWithPandoc(options: {
  styleXml: string;
  localeXml: string | undefined;
  lang: string;
  itemsPath: string;
  citations: readonly string[];
  bibliography?: boolean;
}): Promise<PandocReferences> {
  const dir = await mkdtemp(join(tmpdir(), 'scholia-pandoc-'));
  try {
    const stylePath = join(dir, 'style.csl');
    const docPath = join(dir, 'citations.md');
    const style =
      options.localeXml === undefined
        ? options.styleXml
        : styleWithLocale(options.styleXml, options.localeXml);
    await writeFile(stylePath, style);
    const paragraphs = options.citations.map((citation) => `[@${citation}]`);
    const suppress = options.bibliography === false ? 'suppress-bibliography: true\n' : '';
    await writeFile(docPath, `---\nnocite: '@*'\n${suppress}---\n\n${paragraphs.join('\n\n')}\n`);
    const { stdout, stderr } = await run(
      'pandoc',
      [
        '--citeproc',
        '--csl',
        stylePath,
        '--bibliography',
        options.itemsPath,
        '--metadata',
        `lang=${options.lang}`,
        '--from',
        'markdown',
        '--to',
        'json',
        docPath,
      ],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    return { ...readDocument(JSON.parse(stdout) as PandocDocument), warnings: warningLines(stderr) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function warningLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The parts of pandoc's JSON syntax tree read here; every node is `{ t, c }`. */
interface Node {
  t: string;
  c?: unknown;
}

interface PandocDocument {
  blocks: Node[];
}

interface Citation {
  citationId: string;
}

type Attr = [string, string[], [string, string][]];

function readDocument(document: PandocDocument): Omit<PandocReferences, 'warnings'> {
  const order: string[] = [];
  const entries = new Map<string, Canonical>();
  const citations = new Map<string, Canonical>();
  const visit = (blocks: readonly Node[]) => {
    for (const block of blocks) {
      if (block.t === 'Div') {
        const [[id, classes], children] = block.c as [Attr, Node[]];
        if (classes.includes('csl-entry') && id.startsWith('ref-')) {
          const itemId = id.slice('ref-'.length);
          order.push(itemId);
          entries.set(itemId, canonical(blockRuns(children)));
        } else {
          visit(children);
        }
      } else if (block.t === 'Para' || block.t === 'Plain') {
        for (const inline of block.c as Node[]) {
          if (inline.t !== 'Cite') continue;
          const [cited, content] = inline.c as [Citation[], Node[]];
          const id = cited[0]?.citationId;
          if (id !== undefined) citations.set(id, canonical(inlineRuns(content, PLAIN)));
        }
      }
    }
  };
  visit(document.blocks);
  return { order, entries, citations };
}

function blockRuns(blocks: readonly Node[]): Run[] {
  const runs: Run[] = [];
  for (const block of blocks) {
    if (runs.length > 0) runs.push({ text: ' ', marks: PLAIN });
    if (block.t === 'Para' || block.t === 'Plain') runs.push(...inlineRuns(block.c as Node[], PLAIN));
    else if (block.t === 'Div') runs.push(...blockRuns((block.c as [Attr, Node[]])[1]));
    else throw new RangeError(`pandoc wrote a ${block.t} block where an entry or a note was expected.`);
  }
  return runs;
}

const QUOTES: Record<string, [string, string]> = {
  DoubleQuote: ['\u201c', '\u201d'],
  SingleQuote: ['\u2018', '\u2019'],
};

function inlineRuns(inlines: readonly Node[], marks: Marks): Run[] {
  const runs: Run[] = [];
  const inner = (children: unknown, change: Partial<Marks>) =>
    runs.push(...inlineRuns(children as Node[], { ...marks, ...change }));
  for (const inline of inlines) {
    switch (inline.t) {
      case 'Str':
        runs.push({ text: inline.c as string, marks });
        break;
      case 'Space':
      case 'SoftBreak':
      case 'LineBreak':
        runs.push({ text: ' ', marks });
        break;
      case 'Emph':
        // citeproc's flip-flop: italics inside italics are upright, which pandoc writes as nested
        // emphasis (its LaTeX and Word writers set it upright).
        inner(inline.c, { em: !marks.em });
        break;
      case 'Strong':
        inner(inline.c, { strong: true });
        break;
      case 'Superscript':
        inner(inline.c, { sup: true });
        break;
      case 'Subscript':
        inner(inline.c, { sub: true });
        break;
      case 'SmallCaps':
      case 'Underline':
      case 'Strikeout':
        inner(inline.c, {});
        break;
      case 'Quoted': {
        const [kind, children] = inline.c as [Node, Node[]];
        const [open, close] = QUOTES[kind.t] ?? ['"', '"'];
        runs.push({ text: open, marks });
        inner(children, {});
        runs.push({ text: close, marks });
        break;
      }
      case 'Cite':
        inner((inline.c as [Citation[], Node[]])[1], {});
        break;
      case 'Link': {
        const [, children, [url]] = inline.c as [Attr, Node[], [string, string]];
        inner(children, { href: url });
        break;
      }
      case 'Span': {
        const [[, classes], children] = inline.c as [Attr, Node[]];
        const change: Partial<Marks> = {};
        if (classes.includes('csl-no-emph')) change.em = false;
        if (classes.includes('csl-no-strong')) change.strong = false;
        inner(children, change);
        break;
      }
      case 'Note':
        runs.push(...blockRuns(inline.c as Node[]));
        break;
      case 'Code':
      case 'Math':
      case 'RawInline':
        runs.push({ text: (inline.c as [unknown, string])[1], marks });
        break;
      default:
        throw new RangeError(`pandoc wrote a ${inline.t} inline, which the conformance suite does not read.`);
    }
  }
  return runs;
}
