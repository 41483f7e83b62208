import { describe, expect, it } from 'vitest';
import { texToText, verbatimText } from './tex-text';

describe('texToText', () => {
  it('turns accents in every spelling into letters', () => {
    expect(texToText("Sch{\\\"o}nberg, \\'{e}t\\'e, G\\\"odel, \\v{C}apek, {\\'\\i}")).toBe(
      'Schönberg, été, Gödel, Čapek, í',
    );
    expect(texToText("Stra\\ss e, {\\ae}sir, \\o re, {\\L}\\'od\\'z, Jir\\'{\\i}")).toBe(
      'Straße, æsir, øre, Łódź, Jirí',
    );
    expect(texToText('\\c{c}a, \\k{a}, \\r{u}, \\H{o}, Franc{\\ocirc{u}}')).toBe('ça, ą, ů, ő, Franců');
  });

  it('gives the text of formatting commands and drops the braces that protect case', () => {
    expect(texToText('The {\\em Collapse} of \\textit{Stalinism} and {DNA}')).toBe(
      'The Collapse of Stalinism and DNA',
    );
    expect(texToText('\\emph{Capital}: a \\textbf{critique}, \\mkbibquote{quoted}')).toBe(
      'Capital: a critique, “quoted”',
    );
  });

  it('makes dashes, ties, quotes and escaped characters', () => {
    expect(texToText("pp. 45--46 --- or not~quite, ``so'' \\& 50\\% \\$5 \\#1 a\\_b")).toBe(
      'pp. 45–46 — or not\u00A0quite, “so” & 50% $5 #1 a_b',
    );
  });

  it('reads mathematics: Greek letters, symbols, sub- and superscripts', () => {
    expect(texToText('Production of $\\Sigma^{0}$ in Cu$_2$O at $\\alpha \\leq 2$')).toBe(
      'Production of Σ⁰ in Cu₂O at α ≤ 2',
    );
  });

  it('keeps a web address as written, and the text of a link', () => {
    expect(texToText('see \\url{http://example.com/~user} or \\href{http://x.org}{the site}')).toBe(
      'see http://example.com/~user or the site',
    );
  });

  it('keeps the argument of a command it does not know', () => {
    expect(texToText('\\unknowncommand{kept} text \\relax{} here')).toBe('kept text here');
  });
});

describe('verbatimText', () => {
  it('undoes the escapes BibTeX files use in addresses', () => {
    expect(verbatimText('{https://example.org/a\\_b\\%20c}')).toBe('https://example.org/a_b%20c');
  });
});
