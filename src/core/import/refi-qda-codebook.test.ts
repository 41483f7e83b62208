import { describe, expect, it } from 'vitest';
import type { Tag } from '../../shared/model';
import { refiGuid, refiQdaCodebook } from '../export/refi-qda';
import { readRefiQdaCodebook } from './refi-qda-codebook';

const SOURCE = { name: 'codebook.qdc', label: '/tmp/codebook.qdc' };

const TAGS: Tag[] = [
  {
    id: 'causes',
    name: 'Causes',
    parentId: null,
    color: '#1f77b4',
    description: 'Why it happened.\nTwo lines.',
  },
  { id: 'bureaucracy', name: 'Bureaucracy & <privilege>', parentId: 'causes', color: null, description: '' },
  { id: 'strikes', name: 'Забастовки 🔥', parentId: 'bureaucracy', color: '#2ca02c', description: 'Шахтёры' },
  { id: 'voices', name: 'Eyewitness voices', parentId: null, color: '#ff7f0e', description: '' },
];

describe('reading a REFI-QDA codebook', () => {
  it('gives back the codebook Scholia exported: names, parents, colours and descriptions', () => {
    const codes = readRefiQdaCodebook(refiQdaCodebook({ tags: TAGS }), SOURCE);
    const guidToId = new Map(TAGS.map((tag) => [refiGuid('tag', tag.id), tag.id]));
    const back = codes.map((code) => ({
      id: guidToId.get(code.guid),
      name: code.name,
      parentId: code.parentGuid === null ? null : (guidToId.get(code.parentGuid) ?? 'unknown'),
      color: code.color,
      description: code.description,
    }));
    expect(back).toEqual([TAGS[0], TAGS[1], TAGS[2], TAGS[3]]);
  });

  it('reads a codebook as the standard prints it, with braced GUIDs and three-digit colours', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti">
  <Codes>
    <Code guid="{2C5B6B9A-0C6D-4E6A-9D7B-1A2B3C4D5E6F}" name="Travel" isCodable="false" color="#f0a">
      <Code guid="8D9E2F1A-3B4C-4D5E-8F60-718293A4B5C6" name="Trains" isCodable="true"/>
    </Code>
  </Codes>
</CodeBook>`;
    expect(readRefiQdaCodebook(xml, SOURCE)).toEqual([
      {
        guid: '2c5b6b9a-0c6d-4e6a-9d7b-1a2b3c4d5e6f',
        name: 'Travel',
        parentGuid: null,
        color: '#ff00aa',
        description: '',
      },
      {
        guid: '8d9e2f1a-3b4c-4d5e-8f60-718293a4b5c6',
        name: 'Trains',
        parentGuid: '2c5b6b9a-0c6d-4e6a-9d7b-1a2b3c4d5e6f',
        color: null,
        description: '',
      },
    ]);
  });

  it('refuses a file that is not a codebook, naming it', () => {
    expect(() => readRefiQdaCodebook('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>', SOURCE)).toThrow(
      /codebook\.qdc is not a REFI-QDA codebook/,
    );
    expect(() => readRefiQdaCodebook('<CodeBook', SOURCE)).toThrow(/codebook\.qdc is not well-formed XML/);
  });

  it('reads a codebook written with a byte order mark, as QualCoder writes it', () => {
    const codes = readRefiQdaCodebook(`\uFEFF${refiQdaCodebook({ tags: TAGS })}`, SOURCE);
    expect(codes.map((code) => code.name)).toEqual(TAGS.map((tag) => tag.name));
  });

  it('refuses a codebook that declares entities, before any is expanded', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="a" name="&lol2;" isCodable="true"/></Codes></CodeBook>`;
    expect(() => readRefiQdaCodebook(laughs, SOURCE)).toThrow(/codebook\.qdc declares XML entities/);
  });
});
