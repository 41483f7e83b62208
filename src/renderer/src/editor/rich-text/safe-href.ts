/** Which link targets the rich-text fields accept: the web (http, https) and e-mail (mailto), nothing else. */

const SAFE_SCHEME = /^(https?:\/\/|mailto:)/i;

/** `href` trimmed, when it is an http(s) or mailto link; otherwise null. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (!SAFE_SCHEME.test(trimmed)) return null;
  // Control characters and whitespace inside a URL are never part of a real link.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(trimmed)) return null;
  return trimmed;
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
