/**
 * BibTeX name lists as CSL names, by BibTeX's own rules: names separated by `and` (outside braces);
 * each name "First von Last", "von Last, First" or "von Last, Jr, First"; the von part (particles in
 * lower case: "van", "de la") a CSL `non-dropping-particle`; a name in braces (`{World Health Organization}`) a
 * literal; "and others" left out. Each part's TeX is turned into text (`tex-text.ts`).
 */
import type { CslName } from '../../shared/model';
import { texToText } from './tex-text';

/** The names of a BibTeX name field's TeX value (`author`, `editor`, `translator`…). */
export function bibtexNames(tex: string): CslName[] {
  const names: CslName[] = [];
  for (const part of splitAtDepthZero(tex.trim(), /\s+and\s+/iy)) {
    const name = part.trim();
    if (name === '' || name.toLowerCase() === 'others') continue;
    const parsed = bibtexName(name);
    if (parsed !== null) names.push(parsed);
  }
  return names;
}

/** One name's TeX as a CSL name, or null when it holds no text. */
function bibtexName(tex: string): CslName | null {
  // A name wholly in braces is an organisation's, written as it is.
  if (isOneGroup(tex)) {
    const literal = texToText(tex);
    return literal === '' ? null : { literal };
  }
  const parts = splitAtDepthZero(tex, /\s*,\s*/y).map((part) => part.trim());
  let first: string[];
  let von: string[];
  let last: string[];
  let jr = '';
  if (parts.length === 1) {
    const words = wordsOf(parts[0] ?? '');
    // "First von Last": von runs from the first lower-case word to the last one before the last word.
    const lastWord = words.length - 1;
    const vonStart = words.findIndex((word, index) => index < lastWord && isParticle(word));
    if (vonStart < 0) {
      first = words.slice(0, lastWord);
      von = [];
      last = words.slice(lastWord);
    } else {
      let vonEnd = vonStart;
      for (let index = vonStart; index < lastWord; index += 1)
        if (isParticle(words[index] ?? '')) vonEnd = index;
      first = words.slice(0, vonStart);
      von = words.slice(vonStart, vonEnd + 1);
      last = words.slice(vonEnd + 1);
    }
  } else {
    const words = wordsOf(parts[0] ?? '');
    // "von Last, …": von is the leading lower-case words, never the last word.
    let vonEnd = -1;
    for (let index = 0; index < words.length - 1; index += 1) {
      if (isParticle(words[index] ?? '')) vonEnd = index;
      else break;
    }
    von = words.slice(0, vonEnd + 1);
    last = words.slice(vonEnd + 1);
    if (parts.length === 2) {
      first = wordsOf(parts[1] ?? '');
    } else {
      jr = parts[1] ?? '';
      first = wordsOf(parts.slice(2).join(', '));
    }
  }
  const name: CslName = {};
  const family = textOf(last);
  const given = textOf(first);
  const particle = textOf(von);
  const suffix = texToText(jr);
  if (family !== '') name.family = family;
  if (given !== '') name.given = given;
  if (particle !== '') name['non-dropping-particle'] = particle;
  if (suffix !== '') name.suffix = suffix;
  if (name.family === undefined && name.given === undefined) {
    return particle === '' ? null : { family: particle };
  }
  return name;
}

function textOf(words: readonly string[]): string {
  return texToText(words.join(' '));
}

/** The words of a part of a name: split at blank space and ties (`~`) outside braces. */
function wordsOf(tex: string): string[] {
  return splitAtDepthZero(tex.trim(), /[\s~]+/y).filter((word) => word !== '');
}

/**
 * The particles of family names ("van", "de la", "von der", "al-"): BibTeX takes any word in lower
 * case for one, which splits names written without braces around them ("American Rights at Work",
 * "sudhin jacob") wrongly; these are the ones names have.
 */
const PARTICLES = new Set(
  (
    'a ab af al am an auf aus av ben bin bint d da dal dalla das de degli dei del della dello den der des di ' +
    'do dos du e el en ibn im in l la las le les lo los op san sankt st ste te ten ter toe van vande vanden ' +
    'vander ver vom von vor y z zu zum zur'
  ).split(' '),
);

/** Whether a word is a von word: in lower case (by BibTeX's rule, {@link isLowerCase}) and a particle names have. */
function isParticle(word: string): boolean {
  if (!isLowerCase(word)) return false;
  const plain = texToText(word)
    .toLowerCase()
    .replace(/['’.-]+$/, '');
  return PARTICLES.has(plain) || /^(?:d|l|al|el)['’-]/.test(texToText(word));
}

/**
 * Whether a word is in lower case by BibTeX's rule: its first letter outside braces is lower case; a letter inside a
 * brace group that starts with a command (`{\"u}ber`) counts too, a plain brace group (`{Van}`) does not.
 */
function isLowerCase(word: string): boolean {
  let depth = 0;
  for (let index = 0; index < word.length; index += 1) {
    const char = word.charAt(index);
    if (char === '{') {
      if (depth === 0 && word.charAt(index + 1) === '\\') {
        // A special character: the case of its first letter after the command's accent counts.
        const rest = word.slice(index + 2).replace(/^[`'^"~=.]|^[A-Za-z]+\s*/, '');
        const letter = /[A-Za-z]/.exec(rest)?.[0];
        return letter !== undefined && letter === letter.toLowerCase();
      }
      depth += 1;
    } else if (char === '}') {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0 && char === '\\') {
      // `\'{e}tienne`: a command's argument is the letter.
      const rest = word.slice(index + 1).replace(/^[`'^"~=.]|^[A-Za-z]+\s*/, '');
      const letter = /[A-Za-z]/.exec(rest)?.[0];
      return letter !== undefined && letter === letter.toLowerCase();
    } else if (depth === 0 && /\p{L}/u.test(char)) {
      return char === char.toLowerCase() && char !== char.toUpperCase();
    }
  }
  return false;
}

/** Whether `tex` is one brace group from its first character to its last. */
function isOneGroup(tex: string): boolean {
  if (!tex.startsWith('{') || !tex.endsWith('}')) return false;
  let depth = 0;
  for (let index = 0; index < tex.length; index += 1) {
    const char = tex.charAt(index);
    if (char === '\\') index += 1;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0 && index < tex.length - 1) return false;
    }
  }
  return depth === 0;
}

/** `tex` split where the sticky `separator` matches outside braces. */
export function splitAtDepthZero(tex: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let index = 0; index < tex.length; index += 1) {
    const char = tex.charAt(index);
    if (char === '\\') {
      index += 1;
      continue;
    }
    if (char === '{') depth += 1;
    else if (char === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      separator.lastIndex = index;
      const match = separator.exec(tex);
      if (match !== null && match[0].length > 0) {
        parts.push(tex.slice(from, index));
        from = index + match[0].length;
        index = from - 1;
      }
    }
  }
  parts.push(tex.slice(from));
  return parts;
}
