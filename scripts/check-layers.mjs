#!/usr/bin/env node
/**
 * The layering check: which folder of src/ may import what (see docs/architecture.md).
 *
 *   shared    pure TypeScript: no node:*, no DOM, no electron, no React; only other shared modules and
 *             the pure packages listed below.
 *   core      shared, node, packages; never electron, React, or a front end.
 *   main      shared, core, electron, node.          cli, server: shared, core, node.
 *   preload   shared and electron only.              renderer: shared, React, browser packages; never core.
 *
 * Inside the renderer (src/renderer/src) every folder is a room: the root (main.tsx), app/ and each
 * folder in it, ui/ and each folder in it, each feature (features/<name>/) and each folder in it.
 *
 *   ui        imports only shared, ui itself, and packages (React, ProseMirror, browser packages).
 *   feature   a feature is reached from outside it only through its index.ts.
 *   editor    a folder named editor, at any depth, imports no React: no React package, and of the
 *             renderer only modules in editor folders (so React cannot come in through another one).
 *   cycle     no folder cycles: no two rooms import each other, directly or through other rooms.
 *
 * Every import specifier (static, dynamic, re-export, require) in every .ts/.tsx file is checked.
 * Exits 1 listing each violation as `file:line  layer may not import 'x' (reason)`.
 * `node scripts/check-layers.mjs [root]` checks root/src instead of this repository's src/.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const root = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), '..'));
const src = join(root, 'src');
const rendererSrc = join(src, 'renderer', 'src');

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

/** The renderer room (folder, relative to src/renderer/src, `.` for its root) of `path`, or null outside it. */
function roomOf(path) {
  const rel = relative(rendererSrc, dirname(path));
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return rel === '' ? '.' : rel.split(sep).join('/');
}

/** The feature (`features/<name>`) a room belongs to, or null. */
function featureOf(room) {
  const parts = room.split('/');
  return parts[0] === 'features' && parts.length > 1 ? `features/${parts[1]}` : null;
}

const isUi = (room) => room === 'ui' || room.startsWith('ui/');
const isEditor = (room) => room.split('/').includes('editor');

/** The file a relative specifier names (extension and index.ts added as the bundler does), or its path. */
function resolveSpecifier(fromFile, spec) {
  const path = resolve(dirname(fromFile), spec.split('?')[0]);
  const candidates = [path, `${path}.ts`, `${path}.tsx`, join(path, 'index.ts'), join(path, 'index.tsx')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? path;
}

/** The renderer's rules for an import from room `room` of the file `target`: why it is not allowed, or null. */
function rendererReason(room, target) {
  const targetRoom = roomOf(target);
  if (targetRoom === null) return null;
  if (isUi(room) && !isUi(targetRoom)) return `ui imports only shared and ui, not ${targetRoom}`;
  const feature = featureOf(targetRoom);
  if (feature !== null && feature !== featureOf(room)) {
    const index = relative(join(rendererSrc, feature), target);
    if (index !== 'index.ts' && index !== 'index.tsx')
      return `${feature} is reached from outside it only through its index.ts`;
  }
  if (isEditor(room) && !isEditor(targetRoom))
    return `editor code imports no React, so of the renderer only other editor folders, not ${targetRoom}`;
  return null;
}

/** Room → room it imports → where it first does (for the folder-cycle check). */
const roomEdges = new Map();
function addRoomEdge(from, to, where) {
  if (from === to) return;
  if (!roomEdges.has(from)) roomEdges.set(from, new Map());
  const edges = roomEdges.get(from);
  if (!edges.has(to)) edges.set(to, where);
}

/** One cycle through every strongly connected group of rooms (Tarjan), each as its list of rooms. */
function roomCycles() {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  let next = 0;
  const visit = (room) => {
    index.set(room, next);
    low.set(room, next);
    next += 1;
    stack.push(room);
    onStack.add(room);
    for (const to of roomEdges.get(room)?.keys() ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(room, Math.min(low.get(room), low.get(to)));
      } else if (onStack.has(to)) low.set(room, Math.min(low.get(room), index.get(to)));
    }
    if (low.get(room) !== index.get(room)) return;
    const group = [];
    for (let member = stack.pop(); ; member = stack.pop()) {
      onStack.delete(member);
      group.push(member);
      if (member === room) break;
    }
    if (group.length > 1) groups.push(new Set(group));
  };
  for (const room of [...roomEdges.keys()].sort()) if (!index.has(room)) visit(room);
  return groups.map((group) => {
    // The shortest way from the group's first room back to itself, within the group.
    const start = [...group].sort()[0];
    const cameFrom = new Map();
    const queue = [start];
    while (queue.length > 0) {
      const room = queue.shift();
      for (const to of [...(roomEdges.get(room)?.keys() ?? [])].sort()) {
        if (!group.has(to) || cameFrom.has(to)) continue;
        cameFrom.set(to, room);
        if (to === start) queue.length = 0;
        else queue.push(to);
      }
    }
    const cycle = [start];
    for (let room = cameFrom.get(start); room !== start; room = cameFrom.get(room)) cycle.unshift(room);
    cycle.unshift(start);
    return cycle;
  });
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
  const room = layer === 'renderer' ? roomOf(file) : null;
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
      } else if (room !== null) {
        const resolved = resolveSpecifier(file, spec);
        reason = rendererReason(room, resolved);
        const targetRoom = roomOf(resolved);
        if (targetRoom !== null) addRoomEdge(room, targetRoom, { file, line, spec });
      }
    } else if (room !== null && isEditor(room) && isReact(packageName(spec))) {
      reason = 'editor code imports no React';
    } else if (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(packageName(spec))) {
      const allowed = ['core', 'main', 'cli', 'server'].includes(layer) || (layer === 'shared' && isTest);
      if (!allowed) reason = 'node built-ins are not available in this layer';
    } else if (!(rule.pkg(packageName(spec)) || (isTest && layer !== 'renderer'))) {
      reason = `package not allowed in ${layer}`;
    }
    if (reason !== null) violations.push(`${relative(root, file)}:${line}  ${layer} may not import '${spec}' (${reason})`);
  }
}

for (const cycle of roomCycles()) {
  const path = cycle.join(' → ');
  for (let i = 0; i + 1 < cycle.length; i += 1) {
    const { file, line, spec } = roomEdges.get(cycle[i]).get(cycle[i + 1]);
    const where = `${relative(root, file)}:${line}`;
    violations.push(`${where}  renderer may not import '${spec}' (folder cycle: ${path})`);
  }
}

if (violations.length > 0) {
  console.error(`Layering check failed: ${violations.length} violation(s)\n${violations.join('\n')}`);
  process.exit(1);
}
console.log(`Layering check passed: ${checked} files.`);
