#!/usr/bin/env node
/**
 * The layering check: which folder of src/ may import what (see docs/ARCHITECTURE.md).
 *
 *   shared    pure TypeScript: no node:*, no DOM, no electron, no React; only other shared modules and
 *             the pure packages listed below.
 *   core      shared, node, packages; never electron, React, or a front end.
 *   main      shared, core, electron, node.          cli, server: shared, core, node.
 *   preload   shared and electron only.              renderer: shared, React, browser packages; never core.
 *
 * Every import specifier (static, dynamic, re-export, require) in every .ts/.tsx file is checked.
 * Exits 1 listing each violation as `file:line  layer may not import 'x' (reason)`.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const src = join(root, 'src');

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const SHARED_PACKAGES = [/^zod$/, /^prosemirror-/, /^approx-string-match$/];

/** For each layer: the layers it may import, and a predicate over bare package specifiers. */
const RULES = {
  shared: { layers: ['shared'], pkg: (s) => SHARED_PACKAGES.some((re) => re.test(s)) },
  core: { layers: ['shared', 'core'], pkg: (s) => !isElectronOrReact(s) },
  main: { layers: ['shared', 'core', 'main'], pkg: (s) => !isReact(s) },
  cli: { layers: ['shared', 'core', 'cli'], pkg: (s) => !isElectronOrReact(s) },
  server: { layers: ['shared', 'core', 'server'], pkg: (s) => !isElectronOrReact(s) },
  preload: { layers: ['shared', 'preload'], pkg: (s) => s === 'electron' || SHARED_PACKAGES.some((re) => re.test(s)) },
  renderer: { layers: ['shared', 'renderer'], pkg: (s) => !NODE_BUILTINS.has(s) && s !== 'electron' },
};

function isReact(s) {
  return s === 'react' || s === 'react-dom' || s.startsWith('react/') || s.startsWith('react-dom/');
}
function isElectronOrReact(s) {
  return s === 'electron' || s.startsWith('electron/') || isReact(s);
}

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

function layerOf(path) {
  const rel = relative(src, path);
  if (rel.startsWith('..')) return null;
  return rel.split(sep)[0];
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const violations = [];
let checked = 0;
for (const file of sourceFiles(src)) {
  const layer = layerOf(file);
  const rule = RULES[layer];
  if (rule === undefined) {
    violations.push(`${relative(root, file)}  is in src/${layer}, which is not a known layer`);
    continue;
  }
  checked += 1;
  const text = readFileSync(file, 'utf8');
  const info = ts.preProcessFile(text, true, true);
  const isTest = /\.test\.tsx?$/.test(file);
  for (const ref of info.importedFiles) {
    const spec = ref.fileName;
    const line = text.slice(0, ref.pos).split('\n').length;
    let reason = null;
    if (spec.startsWith('.')) {
      const target = layerOf(resolve(dirname(file), spec));
      if (target === null) {
        // Tests may read fixtures and helpers from tests/; production code may not leave src/.
        if (!isTest) reason = 'reaches outside src/';
      } else if (!rule.layers.includes(target)) {
        reason = `src/${target} is not a layer ${layer} may depend on`;
      }
    } else if (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(packageName(spec))) {
      const allowed = ['core', 'main', 'cli', 'server'].includes(layer) || (layer === 'shared' && isTest);
      if (!allowed) reason = 'node built-ins are not available in this layer';
    } else if (!(rule.pkg(packageName(spec)) || (isTest && layer !== 'renderer'))) {
      reason = `package not allowed in ${layer}`;
    }
    if (reason !== null) violations.push(`${relative(root, file)}:${line}  ${layer} may not import '${spec}' (${reason})`);
  }
}

if (violations.length > 0) {
  console.error(`Layering check failed: ${violations.length} violation(s)\n${violations.join('\n')}`);
  process.exit(1);
}
console.log(`Layering check passed: ${checked} files.`);
