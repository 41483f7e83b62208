/**
 * The layering check (check-layers.mjs) run on small source trees of its own: a clean one passes, and
 * one planted violation of each renderer rule (ui, feature, editor, folder cycle) makes it fail,
 * naming the rule and the importing file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'check-layers.mjs');

/** A renderer that keeps every rule: app composes two features, one reaching the other through its index. */
const CLEAN: Record<string, string> = {
  'src/shared/model.ts': 'export const DEFAULT_TITLE = "Untitled";\n',
  'src/renderer/src/main.tsx': "import { App } from './app/App';\nexport { App };\n",
  'src/renderer/src/app/App.tsx': [
    "import { LibraryView } from '../features/library';",
    "import { ReaderView } from '../features/reader';",
    "import { useCounter } from '../ui/use-counter';",
    'export const App = [LibraryView, ReaderView, useCounter];',
  ].join('\n'),
  'src/renderer/src/ui/use-counter.ts': [
    "import { useState } from 'react';",
    "import { DEFAULT_TITLE } from '../../../shared/model';",
    'export const useCounter = () => useState(DEFAULT_TITLE);',
  ].join('\n'),
  'src/renderer/src/features/library/index.ts': "export { LibraryView } from './LibraryView';\n",
  'src/renderer/src/features/library/LibraryView.tsx': [
    "import { useCounter } from '../../ui/use-counter';",
    "import { documents } from './library-store';",
    'export const LibraryView = () => [useCounter(), documents];',
  ].join('\n'),
  'src/renderer/src/features/library/library-store.ts': 'export const documents: string[] = [];\n',
  'src/renderer/src/features/reader/index.ts': "export { ReaderView } from './ReaderView';\n",
  'src/renderer/src/features/reader/ReaderView.tsx': [
    "import { useState } from 'react';",
    "import { LibraryView } from '../library';",
    "import { placeHighlights } from './editor/place-highlights';",
    "import { Card } from './margin/Card';",
    'export const ReaderView = () => [useState(0), LibraryView, placeHighlights, Card];',
  ].join('\n'),
  'src/renderer/src/features/reader/editor/place-highlights.ts': [
    "import { EditorState } from 'prosemirror-state';",
    "import { DEFAULT_TITLE } from '../../../../../shared/model';",
    'export const placeHighlights = [EditorState, DEFAULT_TITLE];',
  ].join('\n'),
  'src/renderer/src/features/reader/margin/Card.tsx': [
    "import { placeHighlights } from '../editor/place-highlights';",
    'export const Card = placeHighlights;',
  ].join('\n'),
};

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Runs the check on a tree of CLEAN with `changes` written over it; its exit status and what it printed. */
function check(changes: Record<string, string> = {}): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'scholia-layers-'));
  roots.push(root);
  for (const [path, text] of Object.entries({ ...CLEAN, ...changes })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

// Each case starts node and loads the TypeScript compiler, which takes a second or two on a busy machine.
describe('the layering check inside the renderer', { timeout: 30_000 }, () => {
  it('passes a tree that keeps every rule', () => {
    const { status, output } = check();
    expect(output).toContain('Layering check passed');
    expect(status).toBe(0);
  });

  it('fails when ui imports a feature', () => {
    const { status, output } = check({
      'src/renderer/src/ui/Shelf.tsx':
        "import { LibraryView } from '../features/library';\nexport { LibraryView };\n",
    });
    expect(status).toBe(1);
    expect(output).toContain(
      "src/renderer/src/ui/Shelf.tsx:1  renderer may not import '../features/library' (ui imports only shared and ui, not features/library)",
    );
  });

  it("fails when a feature reaches another feature's module other than its index.ts", () => {
    const { status, output } = check({
      'src/renderer/src/features/reader/Title.tsx':
        "import { documents } from '../library/library-store';\nexport { documents };\n",
    });
    expect(status).toBe(1);
    expect(output).toContain(
      "src/renderer/src/features/reader/Title.tsx:1  renderer may not import '../library/library-store' (features/library is reached from outside it only through its index.ts)",
    );
  });

  it('fails when editor code imports React, directly or through a module outside the editor folders', () => {
    const direct = check({
      'src/renderer/src/features/reader/editor/hooks.ts':
        "import { useState } from 'react';\nexport { useState };\n",
    });
    expect(direct.status).toBe(1);
    expect(direct.output).toContain(
      "src/renderer/src/features/reader/editor/hooks.ts:1  renderer may not import 'react' (editor code imports no React)",
    );
    const through = check({
      'src/renderer/src/features/reader/editor/counter.ts':
        "import { useCounter } from '../../../ui/use-counter';\nexport { useCounter };\n",
    });
    expect(through.status).toBe(1);
    expect(through.output).toContain(
      "src/renderer/src/features/reader/editor/counter.ts:1  renderer may not import '../../../ui/use-counter' (editor code imports no React, so of the renderer only other editor folders, not ui)",
    );
  });

  it('fails on a folder cycle between features, naming each import of the cycle', () => {
    const { status, output } = check({
      'src/renderer/src/features/library/library-store.ts':
        "import { ReaderView } from '../reader';\nexport const documents = [ReaderView];\n",
    });
    expect(status).toBe(1);
    const cycle = 'folder cycle: features/library → features/reader → features/library';
    expect(output).toContain(
      `src/renderer/src/features/library/library-store.ts:1  renderer may not import '../reader' (${cycle})`,
    );
    expect(output).toContain(
      `src/renderer/src/features/reader/ReaderView.tsx:2  renderer may not import '../library' (${cycle})`,
    );
  });

  it('fails on a folder cycle inside a feature, between a folder and one in it', () => {
    const { status, output } = check({
      'src/renderer/src/features/reader/margin/Card.tsx':
        "import { ReaderView } from '../ReaderView';\nexport const Card = ReaderView;\n",
    });
    expect(status).toBe(1);
    expect(output).toContain('folder cycle: features/reader → features/reader/margin → features/reader');
    expect(output).toContain(
      "src/renderer/src/features/reader/margin/Card.tsx:1  renderer may not import '../ReaderView'",
    );
  });
});
