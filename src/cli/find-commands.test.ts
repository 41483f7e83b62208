import { describe, expect, it } from 'vitest';
import { FIXTURE_FILES, fixturePath } from '../core/import/test-fixtures';
import type { ConcordanceResult, CorpusSearchResult } from '../shared/find';
import { useCliFolder } from './test-cli';

const REVIEW = fixturePath(FIXTURE_FILES.review);
const USSR = fixturePath(FIXTURE_FILES.ussr);

const temp = useCliFolder('scholia-cli-find-');
/** Runs the command on the library `lib` of the test's folder. */
const cli = (...argv: string[]) => temp.runOn('lib', ...argv);

describe('scholia search and kwic', () => {
  it('searches for a phrase, as text and as JSON, with the match marked in its passage', async () => {
    expect((await cli('import', REVIEW, USSR)).code).toBe(0);
    const text = await cli('search', "workers' democracy");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\[workers['’] democracy\]/);
    const json = JSON.parse(
      (await cli('search', '--json', '"workers democracy"')).stdout,
    ) as CorpusSearchResult;
    expect(json.documents).toHaveLength(2);
    expect(json.documents[0]!.snippets[0]!.matches[0]!.end).toBeGreaterThan(
      json.documents[0]!.snippets[0]!.matches[0]!.start,
    );
    // The index was saved on closing, and the next run finds the same.
    const again = JSON.parse(
      (await cli('search', '--json', '"workers democracy"')).stdout,
    ) as CorpusSearchResult;
    expect(again.documents.map((d) => d.documentId)).toEqual(json.documents.map((d) => d.documentId));
  });

  it('prints aligned concordance lines and counts per document', async () => {
    await cli('import', USSR);
    const text = await cli('kwic', 'Gorbachev');
    expect(text.code).toBe(0);
    const lines = text.stdout
      .split('\n')
      .filter((line) => /Gorbachev/.test(line) && /^[0-9a-f]{8} /.test(line));
    expect(lines.length).toBeGreaterThan(3);
    const columns = new Set(lines.map((line) => line.indexOf('Gorbachev', 10)));
    expect(columns.size).toBe(1);
    const json = JSON.parse((await cli('kwic', 'Gorbachev', '--json')).stdout) as ConcordanceResult;
    expect(json.total).toBe(lines.length);
    expect(json.perDocument[0]!.count).toBe(json.total);
  });

  it('says what is missing when no query is given', async () => {
    const result = await cli('search');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('search needs a QUERY');
  });
});
