import { describe, expect, it } from 'vitest';
import {
  annotationAuthorship,
  annotationByline,
  authorPhrase,
  deviceDirectory,
  isOwnChange,
} from './change-authors';

const devices = deviceDirectory([
  { id: 'laptop000001', name: 'Ana’s laptop', readerName: 'Ana', thisComputer: true },
  { id: 'desktop00002', name: 'Ben’s desktop', readerName: 'Ben', thisComputer: false },
  { id: 'damaged00003', name: null, readerName: null, thisComputer: false },
]);
const ana = { deviceId: 'laptop000001', reader: 'Ana' };
const ben = { deviceId: 'desktop00002', reader: 'Ben' };

describe('who made a change', () => {
  it('names the reader and the computer, this one as “this computer”', () => {
    expect(authorPhrase(ben, devices)).toBe('Ben on Ben’s desktop');
    expect(authorPhrase(ana, devices)).toBe('Ana on this computer');
  });

  it('takes the reader’s name from the computer when the change was signed without one', () => {
    expect(authorPhrase({ deviceId: 'desktop00002' }, devices)).toBe('Ben on Ben’s desktop');
  });

  it('says “another computer” for one that gave no name, and leaves out a reader nobody named', () => {
    expect(authorPhrase({ deviceId: 'damaged00003' }, devices)).toBe('another computer');
    expect(authorPhrase({ deviceId: 'unknown00004', reader: 'Cleo' }, devices)).toBe(
      'Cleo on another computer',
    );
  });

  it('counts as the reader’s own only a change by the same reader on this computer', () => {
    expect(isOwnChange(ana, devices)).toBe(true);
    expect(isOwnChange({ deviceId: 'laptop000001', reader: 'Cleo' }, devices)).toBe(false);
    expect(isOwnChange(ben, devices)).toBe(false);
  });
});

describe('an annotation’s authorship', () => {
  it('says who made it, and who changed it last when that was someone else', () => {
    expect(annotationAuthorship({ createdBy: ben, modifiedBy: ben }, devices)).toBe(
      'Made by Ben on Ben’s desktop',
    );
    expect(annotationAuthorship({ createdBy: ben, modifiedBy: ana }, devices)).toBe(
      'Made by Ben on Ben’s desktop; last changed by Ana on this computer',
    );
    expect(annotationAuthorship({}, devices)).toBeNull();
  });

  it('bylines a closed card only with someone else’s name', () => {
    expect(annotationByline({ createdBy: ben }, devices)).toBe('Ben');
    expect(annotationByline({ createdBy: ana }, devices)).toBeNull();
    expect(annotationByline({ createdBy: { deviceId: 'damaged00003' } }, devices)).toBe('another computer');
  });
});
