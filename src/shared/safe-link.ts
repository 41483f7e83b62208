/**
 * Which link targets Scholia keeps, the one rule for imported texts, rich-text fields and their
 * Markdown: the web (http, https) and e-mail (mailto), nothing else, so that no link can run script
 * (javascript:), reach a local file (file:) or carry a page (data:). A document's text may also link
 * to a place inside itself (`#note-1`, an imported footnote), which goes nowhere outside it.
 */

const SAFE_SCHEME = /^(https?:\/\/|mailto:)/i;

/** Control characters and whitespace inside a URL are never part of a real link. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTER = /[\u0000-\u0020\u007f]/;

/** `href` trimmed, when it is an http(s) or mailto link; otherwise null. */
export function safeHref(href: string | null | undefined): string | null {
  if (href == null) return null;
  const trimmed = href.trim();
  if (!SAFE_SCHEME.test(trimmed) || UNSAFE_CHARACTER.test(trimmed)) return null;
  return trimmed;
}

/**
 * A link target in a document's text: what {@link safeHref} keeps, or a fragment naming a place in
 * the same text (`#fn1`); otherwise null.
 */
export function safeDocumentHref(href: string | null | undefined): string | null {
  const trimmed = href?.trim() ?? '';
  if (/^#/.test(trimmed) && !UNSAFE_CHARACTER.test(trimmed)) return trimmed;
  return safeHref(trimmed);
}

/**
 * What the reader typed as a link target, as a link: `https://…`, `http://…` and `mailto:…` as they
 * are, a bare address such as `example.org/page` as https, an e-mail address as mailto. Null for
 * anything else (javascript:, file:, data:, relative paths).
 */
export function linkFromInput(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[^:/]+\.[^:/]+:\d/.test(trimmed)) return safeHref(trimmed);
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(trimmed)) return safeHref(`mailto:${trimmed}`);
  if (/^[^\s/]+\.[^\s/]+(\/\S*)?$/.test(trimmed)) return safeHref(`https://${trimmed}`);
  return null;
}
