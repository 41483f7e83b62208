import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_FILES, fixturePath } from '../core/import/test-fixtures';
import { useCliFolder } from './test-cli';

const temp = useCliFolder('scholia-cli-check-');
const cli = (...argv: string[]) => temp.runOn('lib', ...argv);

interface CheckJson {
  ok: boolean;
  problems: { kind: string; file: string; message: string; advice: string; repairable: boolean }[];
  repairs: { file: string; restored: boolean; message: string }[];
}

/** The library log of the computer the tests run as. */
async function ownLog(): Promise<string> {
  const [device] = await readdir(join(temp.dir, 'lib', 'devices'));
  return join(temp.dir, 'lib', 'devices', device ?? '', 'library.jsonl');
}

describe('scholia check', () => {
  it('exits 0 and says so when nothing is wrong', async () => {
    await cli('import', fixturePath(FIXTURE_FILES.review));
    const text = await cli('check');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No damaged or missing files');
    const json = await cli('check', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, problems: [], repairs: [] });
  });

  it('reports a deleted library log with its backup (exit 1), and --repair restores it (exit 0)', async () => {
    await cli('import', fixturePath(FIXTURE_FILES.review));
    await cli('list'); // an opening after the import: backups/ now holds a snapshot of it
    await rm(await ownLog());

    const text = await cli('check');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /library\.jsonl is missing; it held \d+ changes? at the last close; the newest backup is backups\//,
    );
    expect(text.stdout).toContain('scholia check --repair');
    // Any other command tells the reader too, rather than showing an empty library as if all were well.
    const listed = await cli('list');
    expect(listed.stderr).toContain('library.jsonl is missing');

    const json = await cli('check', '--json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as CheckJson;
    expect(report.ok).toBe(false);
    expect(report.problems.map((problem) => [problem.kind, problem.repairable])).toEqual([
      ['own-log-missing', true],
    ]);
    expect(report.problems[0]?.file).toMatch(/^devices\/[a-z0-9]+\/library\.jsonl$/);

    const repaired = await cli('check', '--repair', '--json');
    expect(repaired.code).toBe(0);
    const after = JSON.parse(repaired.stdout) as CheckJson;
    expect(after.ok).toBe(true);
    expect(after.repairs).toEqual([expect.objectContaining({ restored: true })]);
    const documents = JSON.parse((await cli('list', '--json')).stdout) as unknown[];
    expect(documents).toHaveLength(1);
  });

  it('exits 1 when --repair has no backup to restore', async () => {
    await cli('import', fixturePath(FIXTURE_FILES.review));
    const log = await ownLog();
    await rm(join(temp.dir, 'lib', 'backups'), { recursive: true });
    await rm(log);
    // The document's annotation log or checkpoint still shows this computer had a library log.
    const repaired = await cli('check', '--repair');
    expect(repaired.code).toBe(1);
    expect(repaired.stdout).toContain('library.jsonl is missing');
    expect(repaired.stdout).toContain('there is no backup of it');
  });
});
