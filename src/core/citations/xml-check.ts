/**
 * A well-formedness check for XML files the reader hands Scholia (CSL styles): elements nest and close,
 * attributes are quoted, there is exactly one root element. Enough to refuse a truncated or mangled file
 * with a message that says where it breaks; it does not validate against a schema.
 */

const NAME = '[A-Za-z_][\\w:.-]*';
const ATTRIBUTE = new RegExp(`\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*')`, 'y');
const OPEN_TAG_NAME = new RegExp(NAME, 'y');

/** The problem with `xml` (with its line number), or `null` when it is well-formed. */
export function checkWellFormedXml(xml: string): string | null {
  const text = xml.replace(/^\uFEFF/, '');
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  const fail = (offset: number, problem: string) => `line ${String(lineAt(offset))}: ${problem}`;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (stack.length === 0 && chunk.trim() !== '') return fail(i, 'text outside the root element');
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(chunk)) return fail(i, 'a bare "&"');
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return fail(i, 'a comment that never ends');
      i = end + 3;
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return fail(i, 'a processing instruction that never ends');
      i = end + 2;
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      if (end < 0) return fail(i, 'a CDATA section that never ends');
      i = end + 3;
    } else if (text.startsWith('<!DOCTYPE', i)) {
      const end = text.indexOf('>', i);
      if (end < 0) return fail(i, 'a DOCTYPE that never ends');
      i = end + 1;
    } else if (text.startsWith('</', i)) {
      const match = new RegExp(`</(${NAME})\\s*>`, 'y');
      match.lastIndex = i;
      const found = match.exec(text);
      if (found === null) return fail(i, 'a malformed closing tag');
      const expected = stack.pop();
      if (expected !== found[1]) {
        return fail(
          i,
          expected === undefined
            ? `</${found[1] ?? ''}> closes nothing`
            : `</${found[1] ?? ''}> where </${expected}> was expected`,
        );
      }
      i = match.lastIndex;
    } else {
      OPEN_TAG_NAME.lastIndex = i + 1;
      const name = OPEN_TAG_NAME.exec(text)?.[0];
      if (name === undefined) return fail(i, 'a "<" that starts no tag');
      let at = OPEN_TAG_NAME.lastIndex;
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        if (ATTRIBUTE.exec(text) === null) break;
        at = ATTRIBUTE.lastIndex;
      }
      const close = /\s*(\/?)>/y;
      close.lastIndex = at;
      const end = close.exec(text);
      if (end === null) return fail(i, `the tag <${name}> is malformed (an unquoted attribute, or no ">")`);
      if (stack.length === 0) roots += 1;
      if (roots > 1) return fail(i, 'more than one root element');
      if (end[1] !== '/') stack.push(name);
      i = close.lastIndex;
    }
  }
  if (stack.length > 0)
    return `the element <${stack[stack.length - 1] ?? ''}> is never closed (the file may be cut short)`;
  if (roots === 0) return 'no root element';
  return null;
}
