/**
 * The text of a BibTeX field as a reader sees it: TeX accents, symbols and commands turned into
 * Unicode, formatting commands (`\emph{…}`, `{\em …}`, `\textit{…}`) replaced by their text, the braces
 * that protect case dropped, `--` and `---` made dashes, `~` a no-break space, and blank space folded.
 * Scholia keeps metadata as plain text, so formatting is not kept.
 *
 * One pass over the text, linear in its length; a command it does not know is dropped and its
 * argument, if any, kept as text, so nothing the reader wrote is lost to an unknown macro.
 */

import {
  ACCENTS,
  SPACING_ACCENTS,
  MATH_ACCENTS,
  SUPERSCRIPTS,
  SUBSCRIPTS,
  scripted,
  SYMBOLS,
  TEXT_OF_ARGUMENT,
  QUOTING,
  SILENT,
  DECLARATIONS,
  ESCAPED,
  SHORT,
} from './tex-symbols';

/**
 * The plain text of `tex`, a BibTeX field's value (macros already expanded). Case-protecting braces
 * are dropped; `{\em …}`, `\textit{…}` and the like give their text; `$…$` gives its text with Greek
 * letters and common symbols as Unicode and `^{…}`, `_{…}` as their content.
 */
export function texToText(tex: string): string {
  if (!/[\\{}$~\-`'\s]/.test(tex)) return tex;
  return new TexReader(tex).all();
}

/**
 * A verbatim field's value (`url`, `doi`, `file`, `eprint`): as written, except that braces are dropped
 * and the escapes `\_`, `\%`, `\&`, `\#`, `\$` and `\~` that BibTeX files use in them are undone.
 */
export function verbatimText(tex: string): string {
  return tex
    .replace(/\\([_%&#$~])/g, '$1')
    .replace(/[{}]/g, '')
    .trim();
}

class TexReader {
  private at = 0;
  private math = false;

  constructor(private readonly tex: string) {}

  all(): string {
    return fold(this.sequence(false));
  }

  /** Text up to the end, or up to the `}` that closes the group being read (consumed) when `inGroup`. */
  private sequence(inGroup: boolean): string {
    const tex = this.tex;
    let out = '';
    while (this.at < tex.length) {
      const char = tex.charAt(this.at);
      if (char === '}') {
        this.at += 1;
        if (inGroup) return out;
        continue;
      }
      if (char === '{') {
        this.at += 1;
        out += this.sequence(true);
        continue;
      }
      if (char === '\\') {
        out += this.command();
        continue;
      }
      if (char === '$') {
        this.at += tex.charAt(this.at + 1) === '$' ? 2 : 1;
        this.math = !this.math;
        continue;
      }
      if (this.math && (char === '^' || char === '_')) {
        this.at += 1;
        out += scripted(this.argument(), char === '^' ? SUPERSCRIPTS : SUBSCRIPTS);
        continue;
      }
      if (char === '~') {
        this.at += 1;
        out += '\u00A0';
        continue;
      }
      if (char === '-' && tex.charAt(this.at + 1) === '-') {
        const em = tex.charAt(this.at + 2) === '-';
        this.at += em ? 3 : 2;
        out += em ? '—' : '–';
        continue;
      }
      if ((char === '`' || char === "'") && tex.charAt(this.at + 1) === char) {
        this.at += 2;
        out += char === '`' ? '“' : '”';
        continue;
      }
      out += char;
      this.at += 1;
    }
    return out;
  }

  /** The text of the command at a backslash. */
  private command(): string {
    const tex = this.tex;
    this.at += 1;
    const next = tex.charAt(this.at);
    if (next === '') return '';
    const accent = ACCENTS[next];
    if (accent !== undefined && !/[A-Za-z]/.test(next)) {
      this.at += 1;
      return this.accented(accent);
    }
    if (!/[A-Za-z]/.test(next)) {
      this.at += 1;
      if (ESCAPED.has(next)) return next;
      return SHORT[next] ?? next;
    }
    let end = this.at;
    while (end < tex.length && /[A-Za-z]/.test(tex.charAt(end))) end += 1;
    const name = tex.slice(this.at, end);
    this.at = end;
    // A command name ends at the first non-letter; blank space after it is part of the command.
    const afterName = this.at;
    this.skipSpace();
    const letterAccent = ACCENTS[name];
    if (letterAccent !== undefined) return this.accented(letterAccent);
    const symbol = SYMBOLS[name];
    if (symbol !== undefined) {
      // `{\ss}`, `\ss{}`: an empty group after a symbol only ends its name.
      if (tex.startsWith('{}', this.at)) this.at += 2;
      // In mathematics the space written after a symbol stands for the space TeX sets around it.
      else if (this.math) this.at = afterName;
      return symbol;
    }
    const mathAccent = MATH_ACCENTS[name];
    if (mathAccent !== undefined) return this.accented(mathAccent);
    if (name === 'textsuperscript' || name === 'mkbibsuperscript')
      return scripted(this.argument(), SUPERSCRIPTS);
    if (name === 'textsubscript' || name === 'mkbibsubscript') return scripted(this.argument(), SUBSCRIPTS);
    // A web address or path is written as it is: its `~` is a tilde, its `%` a percent sign.
    if (name === 'url' || name === 'path' || name === 'nolinkurl') return this.verbatimArgument();
    if (TEXT_OF_ARGUMENT.has(name)) {
      this.skipOptional();
      if (name === 'foreignlanguage' || name === 'hyphenation' || name === 'ifdefined') this.argument();
      return this.argument();
    }
    if (QUOTING.has(name)) return `“${this.argument()}”`;
    if (SILENT.has(name)) {
      this.skipOptional();
      this.argument();
      return '';
    }
    if (name === 'href') {
      const address = this.verbatimArgument();
      this.skipSpace();
      const label = this.argument();
      return label === '' ? address : label;
    }
    if (name === 'MakeUppercase' || name === 'uppercase') return this.argument().toUpperCase();
    if (name === 'MakeLowercase' || name === 'lowercase') return this.argument().toLowerCase();
    if (DECLARATIONS.has(name)) {
      if (name === 'selectlanguage') this.argument();
      return '';
    }
    // An unknown command: its argument, if it has one, is kept as text.
    if (tex.charAt(this.at) === '{') return this.argument();
    this.at = afterName;
    return '';
  }

  /** The next argument (a braced group, a command, or one character) with `mark` on its first letter. */
  private accented(mark: string): string {
    this.skipSpace();
    const base = this.argument(false);
    if (base === '') return SPACING_ACCENTS[mark] ?? '';
    // A dotless i or j takes the accent as i and j do: `\'{\i}` is í.
    const letter = base.replace(/^ı/, 'i').replace(/^ȷ/, 'j');
    const first = Array.from(letter)[0] ?? '';
    return `${first}${mark}${letter.slice(first.length)}`.normalize('NFC');
  }

  /**
   * The next argument: a braced group's text, a command's, or one character. An accent's argument
   * (`\\"o`) follows the accent with no space skipped, as TeX reads a control symbol's.
   */
  private argument(skipSpace = true): string {
    if (skipSpace) this.skipSpace();
    const char = this.tex.charAt(this.at);
    if (char === '{') {
      this.at += 1;
      return this.sequence(true);
    }
    if (char === '\\') return this.command();
    if (char === '' || char === '}') return '';
    this.at += 1;
    return char;
  }

  /** The next braced argument's text as written (braces balanced, `\%`-like escapes undone). */
  private verbatimArgument(): string {
    this.skipSpace();
    if (this.tex.charAt(this.at) !== '{') return this.argument();
    let depth = 0;
    for (let index = this.at; index < this.tex.length; index += 1) {
      const char = this.tex.charAt(index);
      if (char === '{') depth += 1;
      else if (char === '}') {
        depth -= 1;
        if (depth === 0) {
          const text = this.tex.slice(this.at + 1, index);
          this.at = index + 1;
          return verbatimText(text);
        }
      }
    }
    return this.argument();
  }

  /** Skips an optional argument `[…]`. */
  private skipOptional(): void {
    if (this.tex.charAt(this.at) !== '[') return;
    const end = this.tex.indexOf(']', this.at);
    if (end >= 0) this.at = end + 1;
    this.skipSpace();
  }

  private skipSpace(): void {
    while (this.at < this.tex.length && /[ \t\r\n]/.test(this.tex.charAt(this.at))) this.at += 1;
  }
}

/** Blank space folded to one space (a no-break space kept as it is), trimmed. */
function fold(text: string): string {
  return text.replace(/[ \t\r\n\f\v]+/g, ' ').trim();
}
