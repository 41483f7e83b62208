/**
 * What a new reader meets first, in a real browser over the real core on an empty library: the
 * welcome lists every kind of file Scholia imports, and its buttons are named as they read.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_FORMAT_INFO, SOURCE_FORMATS } from '../../src/shared/import-formats';
import { useE2eSession } from '../support/e2e-session';

const SCREENSHOTS = process.env['SCHOLIA_SCREENSHOTS'];

const session = useE2eSession({ viewport: { width: 1280, height: 900 } });

describe('the empty library', () => {
  it('lists every format Scholia imports', async () => {
    const formats = session.page.getByTestId('empty-library-formats');
    await formats.waitFor();
    const listed = (await formats.allTextContents()).join(' ');
    for (const format of SOURCE_FORMATS)
      for (const extension of IMPORT_FORMAT_INFO[format].extensions) expect(listed).toContain(extension);
    expect(listed).toContain('.jsonld');
    if (SCREENSHOTS !== undefined)
      await session.page.screenshot({ path: join(SCREENSHOTS, 'empty-library.png') });
  });

  it('names its import buttons as they read, for screen readers and voice control', async () => {
    await session.page.getByTestId('empty-import-button').waitFor();
    expect(await session.page.getByRole('button', { name: 'Import files…', exact: true }).count()).toBe(1);
    expect(await session.page.getByRole('button', { name: 'Import…', exact: true }).count()).toBe(1);
  });
});
