/**
 * The kill -9 part of the fault-injection suite: a child process (`kill-child.ts`) makes writes of
 * one kind (`kill-kinds.ts`) to a library, and is killed with SIGKILL: a random while after it starts
 * writing, right after a random number of acknowledged changes, by itself just before a random file
 * write of an operation (the store's `beforeAppend` and `beforeRename` seams), or by itself just after
 * one of its logs appeared or was replaced by its compacted copy. The library is then opened again
 * here and must:
 *
 * - open, without a `damaged` notice (a torn last line is ignored by design), and `LibraryStore.check()`
 *   must report nothing;
 * - hold every acknowledged change with its content, and of the change in flight all or nothing;
 * - hold nothing half: no document listed without its text, no annotation of a document not listed,
 *   no tag carried by a passage but absent from the codebook, no annotation whose selectors do not fit
 *   the text (an edit of the text applied to one and not the other), no record of an edit or of a tag
 *   change left unfinished, no search index that cannot be read (or gone once saved);
 * - have finished an interrupted conversion of the older layout, or folding-in of conflict copies;
 * - take a fresh write, and still hold it when opened once more (with `openLibrary`).
 *
 * A child writes to a few libraries at once, each of another kind: the kill is aimed at the first and
 * lands wherever the others are; each library is a case of the tally. A kind's library goes on to the
 * next kill of that kind (from the state read after the fresh write), except for the kinds that need
 * a new one each time; a library that failed is set aside, and kept for a look when the run ends.
 *
 * The next child is started while the last kill is being checked, and waits for a `go`: loading the
 * modules costs a second of the child's, not of the run's.
 *
 * What interrupted writes leave behind that opening does not clear away (temp files, the text and
 * original of an import cut short) is not damage; it is counted and told at the end.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScholiaService } from '../../src/shared/api';
import { HIGHLIGHT_COLORS, type DocumentMeta } from '../../src/shared/model';
import { describeRange } from '../../src/shared/anchoring/describe';
import { createLibraryEvents } from '../../src/core/events';
import { openLibrary } from '../../src/core/library';
import { IndexFileError, indexFilePath, readIndexFile } from '../../src/core/search/index-file';
import { SearchKeeper } from '../../src/core/search/search-keeper';
import { createLibraryService } from '../../src/core/service/library-service';
import { isTempFileName } from '../../src/core/store/durable-json-file';
import { LibraryStore } from '../../src/core/store/library-store';
import { loadDevice, type DeviceIdentity } from '../../src/core/sync/device';
import { seededRandom } from '../support/seeded-random';
import {
  exists,
  FAULT_DEVICE,
  KILL_OWNER,
  KIND_NAMES,
  short,
  textOf,
  WRITE_KINDS,
  type Facts,
  type Intent,
  type KillMode,
  type KindName,
  type LibraryAccess,
  type WriteKind,
} from './kill-kinds';
import { emptyTally, type FaultTally } from './tally';

export { KIND_NAMES, type KindName } from './kill-kinds';

/** Options of {@link runKillPoints}. */
export interface KillPointsOptions {
  /** How many cases: a case is one kind's library in one kill. */
  kills: number;
  /** Seeds the kinds, the kill points and the children's choices (default 1989). */
  seed?: number;
  /** Told one line per case, and what was left behind at the end. */
  log?: (line: string) => void;
  /** The kinds to take turns with (default: all of {@link KIND_NAMES}). */
  kinds?: readonly KindName[];
  /**
   * How many libraries one child writes to at once (default 3): the kill is aimed at the first, and
   * lands wherever the others are. Starting a child costs a second or so of work; this shares it.
   */
  perChild?: number;
}

const CHILD = fileURLToPath(new URL('./kill-child.ts', import.meta.url));
/** A child not killed this long after it was told to go has hung. */
const CHILD_HANG_MS = 30_000;
/** A child that kills itself (`hook`, `replaced`) and has not this long after opening is killed as planned. */
const GIVE_UP_MS = 8_000;
/** Checking a reopened library taking longer than this has hung. */
const CHECK_HANG_MS = 60_000;

/** One case: a kind's library in one kill. */
interface KillCase {
  index: number;
  kind: WriteKind;
  dir: string;
}

/** One kill: the child's libraries (the first is the one the kill aims at), and how it is killed. */
interface KillPlan {
  index: number;
  cases: KillCase[];
  mode: KillMode;
  /** The delay in ms, the number of acknowledged changes, or the file write, that the kill comes at. */
  at: number;
  seed: number;
}

/** A kind's library as it goes from one kill to the next. */
interface KindLibrary {
  dir: string;
  /** The facts after the last fresh write (loop kinds), or those that must be there after opening (open kinds). */
  base: Facts;
  /** Whether the search index was ever acknowledged saved in it. */
  indexSaved: boolean;
}

/** What a child said about one of its libraries. */
interface LibraryReport {
  /** Every `doing` and `acked`, in order. */
  events: Array<{ doing: Intent } | { acked: string }>;
  /** What it said when a change failed or read back otherwise than planned. */
  failed: string | null;
}

/** What a child said, and how it ended. */
interface ChildReport {
  libraries: LibraryReport[];
  /** When it said `opened` and when it ended, in ms since it was told to go. */
  openedAfterMs: number | null;
  endedAfterMs: number;
  /** `parent`: killed as planned; `itself`: by its hook; `exited`: ended on its own; `hung`: killed after CHILD_HANG_MS. */
  end: 'parent' | 'itself' | 'exited' | 'hung';
  code: number | null;
  stderr: string;
}

/** Something wrong found after a kill. */
interface Problem {
  /** `lost`: an acknowledged change missing or a half state; `crashed`: cannot open, damage, a hang. */
  kind: 'lost' | 'crashed';
  message: string;
}

/** A child started and waiting for `go`. */
interface WarmChild {
  warm: Promise<void>;
  go(): Promise<ChildReport>;
  /** Kills it, if it is still running. */
  abandon(): void;
}

/**
 * Runs kills (see the module comment) until `options.kills` cases are done, and counts how each case
 * ended: survived; lost (an acknowledged change missing or changed, a half state); crashed (the
 * library cannot be opened, opens with a damaged notice, or the check hangs; or a child failed other
 * than by the kill).
 */
export async function runKillPoints(options: KillPointsOptions): Promise<FaultTally> {
  const tally = emptyTally('kill -9 at every kind of write');
  const log = options.log ?? (() => undefined);
  const root = await mkdtemp(join(tmpdir(), 'scholia-kill-points-'));
  const scratch = join(root, 'scratch');
  await mkdir(scratch, { recursive: true });
  // The identity the renaming kind uses, kept outside its library; read again for each check, since
  // it is what the child last saved.
  const configDir = join(root, 'rename-device.config');
  const env = { ...process.env, SCHOLIA_DEVICE_DIR: configDir };
  const deviceFor = async (kind: WriteKind): Promise<DeviceIdentity> =>
    kind.ownIdentity === true ? loadDevice(configDir) : FAULT_DEVICE;
  const plans = planKills(options, root);
  const libraries = new Map<string, KindLibrary>();
  const leftovers = new Map<string, number>();
  let next: WarmChild | null = null;
  try {
    const first = plans[0];
    next = first === undefined ? null : startChild(first, env);
    for (const [position, plan] of plans.entries()) {
      const child: WarmChild | null = next;
      if (child === null) break;
      next = null;
      let report: ChildReport | null = null;
      const prepared: Array<KindLibrary | null> = [];
      const setupProblems: Problem[] = [];
      try {
        for (const killCase of plan.cases)
          prepared.push(await prepare(killCase, libraries, { device: await deviceFor(killCase.kind), scratch }));
        await child.warm;
        report = await child.go();
      } catch (error) {
        child.abandon();
        setupProblems.push({ kind: 'crashed', message: `the kill could not be set up: ${messageOf(error)}` });
      }
      const following = plans[position + 1];
      if (following !== undefined) next = startChild(following, env);
      for (const [lib, killCase] of plan.cases.entries()) {
        tally.tried += 1;
        const problems: Problem[] = [...setupProblems];
        const library = prepared[lib] ?? null;
        const said = report?.libraries[lib] ?? null;
        if (report !== null && said !== null && library !== null) {
          problems.push(...childProblems(report, lib));
          problems.push(
            ...(await withTimeout(
              deviceFor(killCase.kind).then((device) => verify(killCase, said, library, device, leftovers)),
              CHECK_HANG_MS,
              'checking the reopened library',
            ).catch((error: unknown): Problem[] => [{ kind: 'crashed', message: messageOf(error) }])),
          );
          for (const path of await tempFilesIn(killCase.dir)) {
            const folder = `temp files in ${relative(killCase.dir, join(path, '..')) || '.'}/`;
            leftovers.set(folder, (leftovers.get(folder) ?? 0) + 1);
          }
        }
        const verdict = problems.some((problem) => problem.kind === 'crashed')
          ? 'crashed'
          : problems.length > 0
            ? 'lost'
            : 'survived';
        tally[verdict] += 1;
        const what = describeCase(plan, lib, report);
        if (verdict !== 'survived') {
          tally.failures.push(`${what}: ${problems.map((problem) => problem.message).join('; ')}`);
          await setAside(killCase, libraries);
        }
        log(`${what}: ${verdict}`);
      }
    }
  } finally {
    next?.abandon();
  }
  if (leftovers.size > 0)
    log(
      `left behind by interrupted writes, still there after reopening: ${[...leftovers]
        .map(([what, count]) => `${what} (${String(count)})`)
        .join(', ')}`,
    );
  if (tally.failures.length === 0) await rm(root, { recursive: true, force: true });
  else {
    // What went wrong is kept beside the libraries, whatever became of the run's own output.
    await writeFile(join(root, 'failures.txt'), `${tally.failures.join('\n\n')}\n`);
    log(`the libraries of the failed cases are kept in ${root}, what went wrong in failures.txt`);
  }
  return tally;
}

/**
 * The kills: every kind in turn (in a seeded order each round), `perChild` kinds a child, the first
 * of each child's the one its kill is aimed at. A kind whose write is the opening has a child of its
 * own: its kill comes before the others have begun.
 */
function planKills(options: KillPointsOptions, root: string): KillPlan[] {
  const random = seededRandom(options.seed ?? 1989);
  const kinds = options.kinds ?? KIND_NAMES;
  const perChild = Math.max(1, options.perChild ?? 3);
  const queue: KindName[] = [];
  while (queue.length < options.kills + perChild * kinds.length) {
    const round = [...kinds];
    for (let i = round.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [round[i], round[j]] = [round[j] as KindName, round[i] as KindName];
    }
    queue.push(...round);
  }
  const turns = new Map<KindName, number>();
  const offsets = new Map(kinds.map((name) => [name, Math.floor(random() * 3)]));
  const plans: KillPlan[] = [];
  let cases = 0;
  while (cases < options.kills) {
    const primary = queue.shift();
    if (primary === undefined) break;
    const names = [primary];
    for (let at = 0; at < queue.length && names.length < perChild && cases + names.length < options.kills; ) {
      const name = queue[at] as KindName;
      if (WRITE_KINDS[primary].shape === 'loop' && WRITE_KINDS[name].shape === 'loop' && !names.includes(name)) {
        names.push(name);
        queue.splice(at, 1);
      } else at += 1;
    }
    const kind = WRITE_KINDS[primary];
    const turn = turns.get(primary) ?? 0;
    turns.set(primary, turn + 1);
    const mode = kind.modes[((offsets.get(primary) ?? 0) + turn) % kind.modes.length] ?? 'delay';
    const at =
      mode === 'delay'
        ? Math.floor(random() * kind.delayRangeMs)
        : mode === 'acks'
          ? 1 + Math.floor(random() * kind.ackRange)
          : mode === 'hook'
            ? 1 + Math.floor(random() * kind.hookRange)
            : 1 + Math.floor(random() * 3);
    plans.push({
      index: plans.length,
      mode,
      at,
      seed: Math.floor(random() * 2 ** 31),
      cases: names.map((name, lib) => {
        const index = cases + lib;
        const caseKind = WRITE_KINDS[name];
        return { index, kind: caseKind, dir: join(root, caseKind.fresh ? `${name}-${String(index)}` : name) };
      }),
    });
    cases += names.length;
  }
  return plans;
}

/** The library of a case, made or planted when it needs to be. */
async function prepare(
  killCase: KillCase,
  libraries: Map<string, KindLibrary>,
  context: { device: DeviceIdentity; scratch: string },
): Promise<KindLibrary> {
  const known = libraries.get(killCase.dir);
  if (known !== undefined) return known;
  const planted = await killCase.kind.setup(killCase.dir, context);
  const base = planted ?? (await observeWith(killCase.kind, killCase.dir, context.device));
  const library = { dir: killCase.dir, base, indexSaved: false };
  // A library made for one kill only is not kept for another.
  if (!killCase.kind.fresh) libraries.set(killCase.dir, library);
  return library;
}

/** Moves a failed case's library aside, so that the next kill of its kind starts from a new one. */
async function setAside(killCase: KillCase, libraries: Map<string, KindLibrary>): Promise<void> {
  libraries.delete(killCase.dir);
  if (killCase.kind.fresh) return;
  await rename(killCase.dir, `${killCase.dir}.failed-${String(killCase.index)}`).catch(() => undefined);
}

async function observeWith(kind: WriteKind, dir: string, device: DeviceIdentity): Promise<Facts> {
  const library = await openLibrary(dir, { owner: KILL_OWNER, device });
  try {
    return await kind.observe(unclosable(library.service));
  } finally {
    await library.close();
  }
}

function unclosable(service: ScholiaService): LibraryAccess {
  return { service, reopen: () => Promise.reject(new Error('the check does not reopen the library')) };
}

/** Starts the child of `plan`, which loads its modules and waits for `go`. */
function startChild(plan: KillPlan, env: NodeJS.ProcessEnv): WarmChild {
  const primary = plan.cases[0]?.kind;
  const args = [
    '--import',
    'tsx',
    CHILD,
    ...plan.cases.flatMap((killCase) => [killCase.kind.name, killCase.dir]),
    '--seed',
    String(plan.seed),
    '--token',
    plan.index.toString(36),
    ...(plan.mode === 'hook' ? ['--hook', String(plan.at)] : []),
    ...(plan.mode === 'replaced' ? ['--replaced', String(plan.at)] : []),
    '--wait',
  ];
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, args, { stdio: 'pipe', env });
  const report: ChildReport = {
    libraries: plan.cases.map(() => ({ events: [], failed: null })),
    openedAfterMs: null,
    endedAfterMs: 0,
    end: 'exited',
    code: null,
    stderr: '',
  };
  let killedByParent = false;
  let hung = false;
  let acks = 0;
  let toldAt = Date.now();
  const timers: NodeJS.Timeout[] = [];
  const kill = (): void => {
    if (killedByParent || child.exitCode !== null || child.signalCode !== null) return;
    killedByParent = true;
    child.kill('SIGKILL');
  };
  let warmed: () => void = () => undefined;
  const warm = new Promise<void>((resolve) => (warmed = resolve));
  const closed = new Promise<ChildReport>((resolve) => {
    child.on('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      report.code = code;
      report.endedAfterMs = Date.now() - toldAt;
      report.end = hung ? 'hung' : signal === 'SIGKILL' ? (killedByParent ? 'parent' : 'itself') : 'exited';
      warmed();
      resolve(report);
    });
  });
  child.on('error', (error) => {
    report.stderr += `${error.message}\n`;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    if (report.stderr.length < 20_000) report.stderr += chunk.toString();
  });
  const libraryOf = (json: { lib?: unknown }): LibraryReport | undefined =>
    typeof json.lib === 'number' ? report.libraries[json.lib] : undefined;
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const space = line.indexOf(' ');
      const word = space === -1 ? line : line.slice(0, space);
      const rest = space === -1 ? '' : line.slice(space + 1);
      if (word === 'warm') warmed();
      else if (word === 'started' && primary?.shape === 'open' && plan.mode === 'delay')
        timers.push(setTimeout(kill, plan.at));
      else if (word === 'opened') {
        report.openedAfterMs = Date.now() - toldAt;
        if (primary?.shape === 'loop' && plan.mode === 'delay') timers.push(setTimeout(kill, plan.at));
        if (plan.mode === 'hook' || plan.mode === 'replaced') timers.push(setTimeout(kill, GIVE_UP_MS));
      } else if (word === 'doing') {
        const intent = JSON.parse(rest) as Intent & { lib?: unknown };
        libraryOf(intent)?.events.push({ doing: intent });
      } else if (word === 'acked') {
        const acked = JSON.parse(rest) as { lib?: unknown; label: string };
        libraryOf(acked)?.events.push({ acked: acked.label });
        if (acked.lib === 0 && plan.mode === 'acks' && ++acks >= plan.at) kill();
      } else if (word === 'idle') {
        if (rest === '0') kill();
      } else if (word === 'failed') {
        const lib = Number(rest.slice(0, rest.indexOf(' ')));
        const said = report.libraries[lib] ?? report.libraries[0];
        if (said !== undefined) said.failed = rest.slice(rest.indexOf(' ') + 1);
      }
    }
  });
  return {
    warm,
    go: () => {
      toldAt = Date.now();
      child.stdin.write('go\n');
      timers.push(
        setTimeout(() => {
          hung = true;
          kill();
        }, CHILD_HANG_MS),
      );
      return closed;
    },
    abandon: kill,
  };
}

/** What a child's own end says about library `lib`: a change of it failed or read back otherwise, or the child hung. */
function childProblems(report: ChildReport, lib: number): Problem[] {
  const said = report.libraries[lib]?.failed ?? null;
  if (said !== null)
    return [
      report.code === 2
        ? { kind: 'lost', message: `in the child, ${said}` }
        : { kind: 'crashed', message: `the child failed before the kill: ${said}` },
    ];
  if (lib !== 0) return [];
  const stderr = report.stderr.trim().split('\n').slice(0, 6).join(' / ');
  switch (report.end) {
    case 'parent':
    case 'itself':
      return [];
    case 'hung':
      return [{ kind: 'crashed', message: `the child hung (not killed within ${String(CHILD_HANG_MS / 1000)} s): ${stderr}` }];
    case 'exited':
      return report.libraries.some((library) => library.failed !== null)
        ? []
        : [{ kind: 'crashed', message: `the child ended (code ${String(report.code)}) before the kill: ${stderr}` }];
  }
}

/** Opens the library of a kill again and checks it (see the module comment). */
async function verify(
  killCase: KillCase,
  report: LibraryReport,
  library: KindLibrary,
  device: DeviceIdentity,
  leftovers: Map<string, number>,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const lost = (message: string) => problems.push({ kind: 'lost', message });
  const crashed = (message: string) => problems.push({ kind: 'crashed', message });
  let store: LibraryStore;
  try {
    store = await LibraryStore.open(killCase.dir, { owner: KILL_OWNER, device });
  } catch (error) {
    crashed(`the library cannot be opened: ${messageOf(error)}`);
    return problems;
  }
  const events = createLibraryEvents();
  const search = new SearchKeeper(store, events, { onSaveError: () => undefined });
  const service = createLibraryService(store, events, { search });
  const access = unclosable(service);
  const freshLabel = `Fresh ${String(killCase.index)}`;
  try {
    for (const notice of store.takeNotices())
      if (notice.kind === 'damaged') crashed(`it opens with a damaged notice: ${notice.message}`);
    for (const problem of await store.check()) {
      const message = `check() reports ${problem.kind} ${problem.file}: ${problem.message}`;
      if (problem.kind === 'text-missing' || problem.kind === 'annotation-log-missing') lost(message);
      else crashed(message);
    }
    const observed = await killCase.kind.observe(access);
    if (killCase.kind.shape === 'open') {
      for (const message of compareAll(observed, library.base)) lost(message);
    } else {
      for (const message of compareFacts(observed, library.base, report.events)) lost(message);
    }
    for (const message of await halfStates(service)) lost(message);
    // An import's libraries see no deletions: a text or original of no document is an import cut short.
    if (killCase.kind.name.startsWith('import-'))
      for (const path of await filesOfNoDocument(killCase.dir, await service.listDocuments({}))) {
        const what = `files of documents never listed in ${relative(killCase.dir, join(path, '..'))}/`;
        leftovers.set(what, (leftovers.get(what) ?? 0) + 1);
      }
    for (const message of (await killCase.kind.inspect?.(access, killCase.dir)) ?? []) lost(message);
    for (const folder of ['edits', 'tag-changes']) {
      const left = (await readdir(join(store.localDir, folder)).catch(() => [])).filter((name) => !isTempFileName(name));
      if (left.length > 0) lost(`records left unfinished in local/<device>/${folder}: ${left.join(', ')}`);
    }
    if (report.events.some((event) => 'acked' in event && indexSavingLabel(report, event.acked)))
      library.indexSaved = true;
    const index = indexFilePath(store.localDir);
    if (await exists(index)) {
      await readIndexFile(store.localDir).catch((error: unknown) => {
        lost(`the search index cannot be read: ${error instanceof IndexFileError ? error.message : messageOf(error)}`);
      });
    } else if (library.indexSaved) lost('the search index, acknowledged saved, is gone');
  } catch (error) {
    crashed(`reading the reopened library failed: ${messageOf(error)}`);
  }
  try {
    await freshWrite(service, freshLabel);
  } catch (error) {
    crashed(`a fresh write after reopening failed: ${messageOf(error)}`);
  }
  try {
    await search.close();
    await store.close();
  } catch (error) {
    crashed(`closing the reopened library failed: ${messageOf(error)}`);
  }
  // Once more, as every front end opens it; what it holds now is what the next kill starts from.
  try {
    const again = await openLibrary(killCase.dir, { owner: KILL_OWNER, device });
    try {
      for (const notice of again.takeNotices())
        if (notice.kind === 'damaged') crashed(`opened again, it gives a damaged notice: ${notice.message}`);
      const { colorLabels } = await again.service.getSettings({});
      if (colorLabels.grey !== freshLabel) lost(`the fresh write after reopening is gone (grey is ${short(colorLabels.grey)})`);
      library.base = await killCase.kind.observe(unclosable(again.service));
    } finally {
      await again.close();
    }
  } catch (error) {
    crashed(`the library cannot be opened after the fresh write: ${messageOf(error)}`);
  }
  return problems;
}

/** Whether `label`, acknowledged, was a change that saves the search index. */
function indexSavingLabel(report: LibraryReport, label: string): boolean {
  return report.events.some((event) => 'doing' in event && event.doing.label === label && event.doing.savesIndex === true);
}

/**
 * Compares what the library holds with what was acknowledged: `base` with each acknowledged change
 * applied, and of the change in flight (the last `doing` without its `acked`) either nothing or all
 * (or, for a change saved in steps, each fact either way).
 */
function compareFacts(observed: Facts, base: Facts, events: LibraryReport['events']): string[] {
  const committed = new Map(base);
  let pending: Intent | null = null;
  const acknowledged = new Set<string>();
  for (const event of events) {
    if ('doing' in event) {
      pending = event.doing;
      continue;
    }
    if (pending === null) continue;
    for (const [key, value] of Object.entries(pending.set)) {
      if (value === null) committed.delete(key);
      else committed.set(key, value);
      acknowledged.add(key);
    }
    pending = null;
  }
  const problems: string[] = [];
  const inFlight = pending?.set ?? {};
  for (const key of new Set([...observed.keys(), ...committed.keys()])) {
    if (key in inFlight) continue;
    const found = observed.get(key) ?? null;
    const wanted = committed.get(key) ?? null;
    if (found === wanted) continue;
    problems.push(
      acknowledged.has(key)
        ? `${key} is ${short(found)}, but ${short(wanted)} was acknowledged`
        : `${key} is ${short(found)}, but was ${short(wanted)} and nothing acknowledged changed it`,
    );
  }
  if (pending !== null) {
    const changed: string[] = [];
    const unchanged: string[] = [];
    for (const [key, after] of Object.entries(pending.set)) {
      const before = committed.get(key) ?? null;
      const found = observed.get(key) ?? null;
      if (found === after && found !== before) changed.push(key);
      else if (found === before && found !== after) unchanged.push(key);
      else if (found !== before && found !== after)
        problems.push(
          `${key} is ${short(found)}: neither ${short(before)} nor what ${pending.label} (in flight) set, ${short(after)}`,
        );
    }
    if (pending.atomic && changed.length > 0 && unchanged.length > 0)
      problems.push(
        `half of ${pending.label} (in flight) is there: ${changed.slice(0, 3).join(', ')} changed, ${unchanged.slice(0, 3).join(', ')} not`,
      );
  }
  return problems;
}

/** For the kinds whose write is the opening: everything must be there, as planted. */
function compareAll(observed: Facts, expected: Facts): string[] {
  const problems: string[] = [];
  for (const [key, value] of expected) {
    const found = observed.get(key) ?? null;
    if (found !== value) problems.push(`${key} is ${short(found)} instead of ${short(value)}`);
  }
  for (const key of observed.keys())
    if (!expected.has(key) && !key.startsWith('label:')) problems.push(`${key} is there but was never written`);
  return problems.length > 8 ? [...problems.slice(0, 8), `and ${String(problems.length - 8)} more`] : problems;
}

/** What may never be half there, whatever the kind (see the module comment). */
async function halfStates(service: ScholiaService): Promise<string[]> {
  const problems: string[] = [];
  const codebook = new Set((await service.listTags({})).map((tag) => tag.id));
  const documents = await service.listDocuments({});
  const listed = new Set(documents.map((meta) => meta.id));
  for (const meta of documents) {
    const title = meta.csl.title ?? meta.source.fileName;
    let text: string;
    try {
      text = textOf((await service.getDocument({ documentId: meta.id })).doc);
    } catch (error) {
      problems.push(`“${title}” is listed, but its text cannot be read: ${messageOf(error)}`);
      continue;
    }
    let annotations;
    try {
      annotations = await service.listAnnotations({ documentId: meta.id });
    } catch (error) {
      problems.push(`the annotations of “${title}” cannot be read: ${messageOf(error)}`);
      continue;
    }
    for (const annotation of annotations) {
      const missing = annotation.tagIds.filter((id) => !codebook.has(id));
      if (missing.length > 0)
        problems.push(`an annotation of “${title}” carries tags not in the codebook: ${missing.join(', ')}`);
      if (annotation.orphanedAt !== undefined) continue;
      const [quote, position] = annotation.selectors;
      const at = text.slice(position.start, position.end);
      if (at !== quote.exact)
        problems.push(
          `an annotation of “${title}” does not fit the text: it quotes ${short(quote.exact)}, the text there is ${short(at)}`,
        );
    }
  }
  const found = await service.searchAnnotations({ limit: 5000 });
  for (const hit of found.hits)
    if (!listed.has(hit.annotation.documentId))
      problems.push(`annotation ${hit.annotation.id} is of document ${hit.annotation.documentId}, which is not listed`);
  return problems;
}

/** A write of the library log and, when there is a document, of an annotation log: both must work. */
async function freshWrite(service: ScholiaService, label: string): Promise<void> {
  await service.updateSettings({ colorLabels: { grey: label } });
  const meta = (await service.listDocuments({})).find((candidate) => candidate.metadataOnly !== true);
  if (meta === undefined) return;
  const text = textOf((await service.getDocument({ documentId: meta.id })).doc);
  const start = Math.max(0, text.search(/[A-Za-z]{4}/));
  const made = await service.createAnnotation({
    documentId: meta.id,
    selectors: describeRange(text, start, start + 4),
    color: HIGHLIGHT_COLORS[0],
    comment: label,
  });
  await service.deleteAnnotation({ documentId: meta.id, annotationId: made.id });
}

/** The texts and originals in library `dir` of no document in `documents`. */
async function filesOfNoDocument(dir: string, documents: readonly DocumentMeta[]): Promise<string[]> {
  const ids = new Set(documents.map((meta) => meta.id));
  const found: string[] = [];
  for (const folder of ['documents', 'originals']) {
    for (const name of await readdir(join(dir, folder)).catch(() => [])) {
      if (isTempFileName(name)) continue;
      if (!ids.has(name.slice(0, name.indexOf('.')))) found.push(join(dir, folder, name));
    }
  }
  return found;
}

/** Every temp file of an interrupted write under `dir`. */
async function tempFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile() && isTempFileName(entry.name)).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * One case in a few words: `#12 tags, killed just before file write 4 (3 acknowledged, in flight:
 * mergeTags)`, or for a library the kill was not aimed at, `#13 annotations, killed 812 ms after
 * opening, with #12 (57 acknowledged)`.
 */
function describeCase(plan: KillPlan, lib: number, report: ChildReport | null): string {
  const killCase = plan.cases[lib];
  const primary = plan.cases[0];
  if (killCase === undefined || primary === undefined) return `#${String(plan.index)}`;
  const how =
    lib > 0
      ? report === null || report.openedAfterMs === null
        ? `with #${String(primary.index)}`
        : `killed ${String(report.endedAfterMs - report.openedAfterMs)} ms after opening, with #${String(primary.index)}`
      : plan.mode === 'delay'
        ? `killed ${String(plan.at)} ms after ${killCase.kind.shape === 'open' ? 'starting to open' : 'opening'}`
        : plan.mode === 'acks'
          ? `killed after ${String(plan.at)} acknowledged`
          : plan.mode === 'hook'
            ? `killed just before file write ${String(plan.at)}`
            : `killed just after one of its logs was replaced (the ${String(plan.at)}. time)`;
  const name = `#${String(killCase.index)} ${killCase.kind.name}, ${how}`;
  const said = report?.libraries[lib];
  if (report === null || said === undefined) return name;
  const acked = said.events.filter((event) => 'acked' in event).length;
  const last = said.events.at(-1);
  const inFlight = last !== undefined && 'doing' in last ? `, in flight: ${last.doing.label}` : '';
  const missed =
    lib === 0 && (plan.mode === 'hook' || plan.mode === 'replaced') && report.end === 'parent'
      ? ', that moment never came'
      : '';
  return `${name} (${String(acked)} acknowledged${inFlight}${missed})`;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} hung (over ${String(ms / 1000)} s)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
