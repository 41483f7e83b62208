import { describe, expect, it } from 'vitest';
import {
  closeObsidianComments,
  escapeObsidianInMarkdown,
  escapeObsidianLine,
  obsidianTagName,
  obsidianTagPaths,
} from './obsidian-escape';

describe('escapeObsidianLine', () => {
  it('escapes Obsidian’s tags, highlights, comments, links, block ids and math', () => {
    expect(escapeObsidianLine('#tag ==hi== %%c%% [[l]] ![[e]] ^id $x$ ~~s~~')).toBe(
      '\\#tag \\=\\=hi\\=\\= \\%\\%c\\%\\% \\[\\[l\\]\\] !\\[\\[e\\]\\] \\^id \\$x\\$ \\~\\~s\\~\\~',
    );
  });

  it('leaves a single “=” or “%” as it is', () => {
    expect(escapeObsidianLine('a = b, 50% off')).toBe('a = b, 50% off');
  });
});

describe('escapeObsidianInMarkdown', () => {
  it('escapes Obsidian’s syntax in a citation but not in its links, references or escapes', () => {
    expect(escapeObsidianInMarkdown('*On #Marx* \\# <https://example.org/a#b> &#32;==')).toBe(
      '*On \\#Marx* \\# <https://example.org/a#b> &#32;\\=\\=',
    );
  });
});

describe('closeObsidianComments', () => {
  it('keeps paired comments and escapes the last of an odd count', () => {
    expect(closeObsidianComments('%%mine%% and %%open')).toBe('%%mine%% and \\%\\%open');
    expect(closeObsidianComments('%%mine%%')).toBe('%%mine%%');
  });
});

describe('obsidianTagName', () => {
  it('writes spaces as “-”, other characters Obsidian refuses as “_”, and prefixes digits only', () => {
    expect(obsidianTagName('Slow crisis')).toBe('Slow-crisis');
    expect(obsidianTagName('Wages/prices')).toBe('Wages_prices');
    expect(obsidianTagName('Marx’s')).toBe('Marx_s');
    expect(obsidianTagName('1984')).toBe('_1984');
    expect(obsidianTagName('Économie_politique-2')).toBe('Économie_politique-2');
  });
});

describe('obsidianTagPaths', () => {
  it('nests sub-tags and keeps apart siblings whose names become the same, ignoring case', () => {
    const paths = obsidianTagPaths([
      { id: 'p', name: 'Economy', parentId: null },
      { id: 'a', name: 'Slow crisis', parentId: 'p' },
      { id: 'b', name: 'slow-crisis', parentId: 'p' },
      { id: 'c', name: 'Slow crisis', parentId: null },
    ]);
    expect(Object.fromEntries(paths)).toEqual({
      p: 'Economy',
      a: 'Economy/Slow-crisis',
      b: 'Economy/slow-crisis-2',
      c: 'Slow-crisis',
    });
  });
});
