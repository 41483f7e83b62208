import { describe, expect, it } from 'vitest';
import { readRefiQdaProject } from './refi-qda-project';

const SOURCE = { name: 'project.qde in study.qdpx', label: '/tmp/study.qdpx' };

const PROJECT = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="study" origin="MAXQDA 2022">
  <Sources>
    <TextSource guid="{A2B94468-80A5-412F-92D6-E900D97B55A6}" name="Anna">
      <PlainTextContent>I moved to Leeds in 2019.</PlainTextContent>
      <PlainTextSelection guid="08cbced0-d736-44c8-8fd6-eb4d29fe46c5" startPosition="11" endPosition="x">
        <Description>Where she moved.</Description>
        <Coding guid="7a7e80ca-ed8c-4006-86b3-731e36baca19"><CodeRef targetGUID="{2DFBA8C9-59F5-4424-99D6-EA9BCE18134B}"/></Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="4691a8a0-d67c-4dcc-91d6-e9075dc230cc"/>
    </TextSource>
    <PDFSource guid="142eb46d-612e-4593-a385-d0e5d04d1288" name="Report.pdf" path="internal://142eb46d-612e-4593-a385-d0e5d04d1288.pdf">
      <Representation guid="95916796-d0a0-4b49-80b0-5a5c8b94ae13" plainTextPath="internal://95916796-d0a0-4b49-80b0-5a5c8b94ae13.txt"/>
    </PDFSource>
    <PictureSource guid="361bcdb8-7d11-4343-a4cd-4130693eff76" name="station.png" path="internal://361bcdb8.png"/>
  </Sources>
  <Notes>
    <Note guid="4691a8a0-d67c-4dcc-91d6-e9075dc230cc" name="Memo" plainTextPath="internal://4691a8a0-d67c-4dcc-91d6-e9075dc230cc.txt"/>
  </Notes>
</Project>`;

describe('reading a REFI-QDA project file', () => {
  it('reads a text source’s inline text, its selections with their codes and its notes, GUIDs in lower case', () => {
    const project = readRefiQdaProject(PROJECT, SOURCE);
    expect(project.origin).toBe('MAXQDA 2022');
    expect(project.sources[0]).toEqual({
      guid: 'a2b94468-80a5-412f-92d6-e900d97b55a6',
      name: 'Anna',
      text: { kind: 'inline', text: 'I moved to Leeds in 2019.' },
      description: '',
      noteGuids: ['4691a8a0-d67c-4dcc-91d6-e9075dc230cc'],
      selections: [
        {
          key: '08cbced0-d736-44c8-8fd6-eb4d29fe46c5',
          // An end that is not a number is kept as unreadable, for the import to report.
          start: 11,
          end: null,
          description: 'Where she moved.',
          codeGuids: ['2dfba8c9-59f5-4424-99d6-ea9bce18134b'],
          created: null,
          modified: null,
        },
      ],
    });
    expect(project.notes.get('4691a8a0-d67c-4dcc-91d6-e9075dc230cc')?.text).toEqual({
      kind: 'path',
      path: 'internal://4691a8a0-d67c-4dcc-91d6-e9075dc230cc.txt',
    });
  });

  it('reads a PDF’s text representation as a text source named after the PDF, and lists a picture as left out', () => {
    const project = readRefiQdaProject(PROJECT, SOURCE);
    expect(project.sources[1]).toMatchObject({
      guid: '95916796-d0a0-4b49-80b0-5a5c8b94ae13',
      name: 'Report.pdf',
      text: { kind: 'path', path: 'internal://95916796-d0a0-4b49-80b0-5a5c8b94ae13.txt' },
    });
    expect(project.otherSources).toEqual(['station.png']);
  });

  it('refuses a codebook given as a project, naming the file', () => {
    expect(() => readRefiQdaProject('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', SOURCE)).toThrow(
      /^project\.qde in study\.qdpx is not a REFI-QDA project/,
    );
  });

  it('refuses a text source without a GUID', () => {
    const broken = PROJECT.replace('guid="{A2B94468-80A5-412F-92D6-E900D97B55A6}" ', '');
    expect(() => readRefiQdaProject(broken, SOURCE)).toThrow(/has a text source without a guid/);
  });
});
