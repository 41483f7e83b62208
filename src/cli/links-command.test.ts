import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRange } from '../shared/anchoring';
import type { LinkView } from '../shared/links';
import { projectDocument } from '../shared/projection';
import { docFromJSON } from '../shared/schema';
import { FIXTURE_FILES, fixturePath } from '../core/import/test-fixtures';
import { openLibrary } from '../core/library';
import { useCliFolder } from './test-cli';

const USSR = fixturePath(FIXTURE_FILES.ussr);
const REVIEW = fixturePath(FIXTURE_FILES.review);

const temp = useCliFolder('scholia-cli-links-');
/** Runs the command on the library `lib` of the test's folder. */
const cli = (...argv: string[]) => temp.runOn('lib', ...argv);

/** The two fixtures imported, a passage highlighted in each (two in the article), and two links. */
async function linkedLibrary() {
  expect((await cli('import', USSR, REVIEW)).code).toBe(0);
  const library = await openLibrary(join(temp.dir, 'lib'), { owner: 'the links test' });
  try {
    const { service } = library;
    const documents = await service.listDocuments({});
    const byName = (name: string) => {
      const found = documents.find((meta) => meta.source.fileName === name);
      if (found === undefined) throw new Error(`no ${name}`);
      return found;
    };
    const highlight = async (documentId: string, exact: string) => {
      const text = projectDocument(docFromJSON((await service.getDocument({ documentId })).doc)).text;
      const start = text.indexOf(exact);
      if (start < 0) throw new Error(`no “${exact}”`);
      const annotation = await service.createAnnotation({
        documentId,
        selectors: describeRange(text, start, start + exact.length),
      });
      return { documentId, annotationId: annotation.id };
    };
    const ussr = byName(FIXTURE_FILES.ussr);
    const review = byName(FIXTURE_FILES.review);
    const stalinism = await highlight(ussr.id, 'Stalinism');
    const economy = await highlight(ussr.id, 'planned economy');
    const press = await highlight(review.id, 'Mentmore Press');
    const quoting = await service.createLink({
      from: press,
      to: stalinism,
      relationId: 'quotes',
      comment: 'The review names\nthe article.',
    });
    await service.createLink({ from: stalinism, to: economy, relationId: 'elaborates' });
    return { ussr, review, quoting };
  } finally {
    await library.close();
  }
}

describe('scholia links', () => {
  it('lists every link read from both its passages, with the quotes, titles and the comment’s first line', async () => {
    const { quoting } = await linkedLibrary();
    const result = await cli('links');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^${quoting.link.id.slice(0, 8)}  “Mentmore Press” \\(.+\\) quotes “Stalinism” \\(USSR 1989.*\\)$`,
      ),
    );
    expect(lines[1]).toMatch(/^ {10}“Stalinism” \(USSR 1989.*\) is quoted by “Mentmore Press” \(.+\)$/);
    expect(lines[2]).toBe('          Comment: The review names');
    expect(result.stdout).toMatch(/“Stalinism” \(USSR 1989.*\) elaborates “planned economy”/);
    expect(result.stdout).toMatch(/“planned economy” \(USSR 1989.*\) is elaborated by “Stalinism”/);
    expect(result.stdout).toContain('\n2 link(s).\n');
  });

  it('lists one document’s links from its own passages first, by an id prefix, and as JSON', async () => {
    const { review, ussr } = await linkedLibrary();
    const result = await cli('links', review.id.slice(0, 6));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 link(s).');
    expect(result.stdout.split('\n')[0]).toContain('“Mentmore Press”');
    // From the article's side, the same link reads the other way round first.
    const fromArticle = await cli('links', ussr.id);
    expect(fromArticle.stdout.split('\n')[0]).toMatch(
      /“Stalinism” \(USSR 1989.*\) is quoted by “Mentmore Press”/,
    );
    const json = JSON.parse((await cli('links', ussr.id, '--json')).stdout) as (LinkView & {
      relation: { id: string; inverseName: string };
    })[];
    expect(json.map((view) => [view.relation.id, view.relation.inverseName])).toEqual([
      ['quotes', 'is quoted by'],
      ['elaborates', 'is elaborated by'],
    ]);
  });

  it('lists the same links in a library the JSON-LD export was imported into, and the import counts them', async () => {
    await linkedLibrary();
    const listed = await cli('links');
    const file = join(temp.dir, 'links.jsonld');
    expect((await cli('export', '--format', 'jsonld', '--out', file)).code).toBe(0);
    expect((await temp.runOn('other', 'import', USSR, REVIEW)).code).toBe(0);
    const imported = await temp.runOn('other', 'import', file);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('3 annotation(s) imported');
    expect(imported.stderr).toContain('2 link(s) between passages imported, 0 left out');
    expect((await temp.runOn('other', 'links')).stdout).toBe(listed.stdout);
    // Into a library without the review, the link from it is left out, and says why.
    expect((await temp.runOn('third', 'import', USSR)).code).toBe(0);
    const partial = await temp.runOn('third', 'import', file);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('1 link(s) between passages imported, 1 left out');
    expect(partial.stderr).toMatch(
      /“Mentmore Press” → “Stalinism”: Its first passage is not in the library \(nor imported from this file\): import it first\./,
    );
  });

  it('says when there are none, refuses an unknown document or two, and has its own help', async () => {
    expect((await cli('links')).stdout).toBe('The library has no links between passages.\n');
    const unknown = await cli('links', 'ffffffff');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No document with id "ffffffff"');
    const two = await cli('links', 'a', 'b');
    expect(two.code).toBe(1);
    expect(two.stderr).toContain('links takes at most one DOCUMENT');
    const help = await cli('links', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('links [DOCUMENT] [--json]');
    expect((await cli('help')).stdout).toContain('links [DOCUMENT]');
    expect((await cli('links', '--frobnicate')).code).toBe(2);
  });
});
