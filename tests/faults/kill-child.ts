/**
 * The child process of the kill -9 part of the fault-injection suite: it opens one or more libraries
 * and makes one kind of write in each (see `kill-kinds.ts`), again and again, until it is killed,
 * telling its parent on standard output what it is doing and what each library has acknowledged.
 * Run as
 *
 *   node --import tsx tests/faults/kill-child.ts <kind> <library> [<kind> <library>...]
 *        [--seed n] [--token t] [--hook n | --replaced n] [--wait]
 *
 * and it prints, one per line (`lib` numbers the libraries from 0, in the order given):
 *
 *   warm                 its modules are loaded (with --wait it then waits for a line `go` on standard input);
 *   started              it is about to open the libraries (all at once);
 *   opened               they are open (for the kinds whose write is the opening, `acked` follows);
 *   doing <json>         the change it is about to make: {lib, label, atomic, set} ({@link Intent});
 *   acked <json>         {lib, label}: the service call that makes it durable has resolved;
 *   idle <lib>           that library has nothing more to do (the kinds whose write is the opening);
 *   failed <lib> <text>  a change failed, or read back otherwise than planned; the process then ends.
 *
 * `--hook n` kills the process with SIGKILL just before the n-th file write (a log append or the rename
 * of a temp file) to the first library once it is writing: from the start for the kinds whose write is
 * the opening, after opening for the others. That library is then opened as `openLibrary` does, with
 * the store's seams for tests; so is a library whose kind compacts its logs every few lines. Otherwise
 * a library is opened with `openLibrary` itself. `--replaced n` kills the process as soon as it sees,
 * for the n-th time after opening, one of this computer's logs in the first library appear or be
 * replaced (by its compacted copy): the moment after a rename, which no seam precedes. A change that
 * reads back otherwise than planned ends the process with code 2; any other failure, with code 1.
 */
import { watch } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ScholiaService } from '../../src/shared/api';
import { createLibraryEvents } from '../../src/core/events';
import { openLibrary } from '../../src/core/library';
import { SearchKeeper } from '../../src/core/search/search-keeper';
import { createLibraryService } from '../../src/core/service/library-service';
import type { DurableWriteHooks } from '../../src/core/store/durable-json-file';
import { LibraryStore } from '../../src/core/store/library-store';
import { seededRandom } from '../support/seeded-random';
import {
  Chooser,
  FAULT_DEVICE,
  isKindName,
  KILL_OWNER,
  WRITE_KINDS,
  type LibraryAccess,
  type WriteKind,
} from './kill-kinds';

/** The child gives up by itself after this long, in case its parent is gone. */
const LIFETIME_MS = 120_000;

interface ChildArgs {
  libraries: Array<{ kind: WriteKind; dir: string }>;
  seed: number;
  token: string;
  hook: number | null;
  replaced: number | null;
  wait: boolean;
}

const USAGE =
  'usage: kill-child.ts <kind> <library> [<kind> <library>...] [--seed n] [--token t] [--hook n | --replaced n] [--wait]';

function parseArgs(argv: readonly string[]): ChildArgs {
  const flagsAt = argv.findIndex((arg) => arg.startsWith('--'));
  const positional = flagsAt === -1 ? argv : argv.slice(0, flagsAt);
  const flags = flagsAt === -1 ? [] : argv.slice(flagsAt);
  if (positional.length === 0 || positional.length % 2 !== 0) throw new Error(USAGE);
  const libraries: ChildArgs['libraries'] = [];
  for (let at = 0; at < positional.length; at += 2) {
    const name = positional[at] ?? '';
    const dir = positional[at + 1] ?? '';
    if (!isKindName(name)) throw new Error(`no write kind "${name}"; ${USAGE}`);
    libraries.push({ kind: WRITE_KINDS[name], dir });
  }
  const value = (flag: string): string | null => {
    const at = flags.indexOf(flag);
    return at === -1 ? null : (flags[at + 1] ?? null);
  };
  const hook = value('--hook');
  const replaced = value('--replaced');
  return {
    libraries,
    seed: Number(value('--seed') ?? 1),
    token: value('--token') ?? 'a',
    hook: hook === null ? null : Number(hook),
    replaced: replaced === null ? null : Number(replaced),
    wait: flags.includes('--wait'),
  };
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** With `wait`, resolves once standard input says `go`, and ends the process when it closes (the parent is gone). */
function whenTold(wait: boolean): Promise<void> {
  if (!wait) return Promise.resolve();
  const lines = createInterface({ input: process.stdin });
  lines.on('close', () => process.exit(0));
  return new Promise((resolve) => {
    lines.on('line', (line) => {
      if (line.trim() === 'go') resolve();
    });
  });
}

/** Opens the library in `dir`: with `openLibrary`, or as it does with the store's options when some are needed. */
async function openAccess(
  dir: string,
  options: { hooks: DurableWriteHooks | null; compactionLines: number | null; ownIdentity: boolean },
): Promise<LibraryAccess> {
  const device = options.ownIdentity ? {} : { device: FAULT_DEVICE };
  const openOnce = async (): Promise<{ service: ScholiaService; close(): Promise<void> }> => {
    if (options.hooks === null && options.compactionLines === null)
      return openLibrary(dir, { owner: KILL_OWNER, ...device });
    const store = await LibraryStore.open(dir, {
      owner: KILL_OWNER,
      ...device,
      ...(options.hooks === null ? {} : { hooks: options.hooks }),
      ...(options.compactionLines === null ? {} : { compactionLines: options.compactionLines }),
    });
    const events = createLibraryEvents();
    const search = new SearchKeeper(store, events);
    const service = createLibraryService(store, events, { search });
    return {
      service,
      close: async () => {
        await search.close();
        await store.close();
      },
    };
  };
  let current = await openOnce();
  return {
    get service() {
      return current.service;
    },
    async reopen() {
      await current.close();
      current = await openOnce();
    },
  };
}

/**
 * Kills this process the `n`-th time a log of this computer in library `dir` appears or is replaced:
 * `devices/<device>/library.jsonl` or one of `devices/<device>/annotations/<id>.jsonl` (temp files,
 * whose names start with a dot, do not count).
 */
function killOnReplacement(dir: string, deviceId: string, n: number): void {
  let seen = 0;
  const folder = join(dir, 'devices', deviceId);
  const onEvent = (event: string, name: string | null): void => {
    if (event === 'rename' && name !== null && /^[A-Za-z0-9][A-Za-z0-9_-]*\.jsonl$/.test(name) && ++seen === n)
      process.kill(process.pid, 'SIGKILL');
  };
  watch(folder, onEvent).unref();
  watch(join(folder, 'annotations'), onEvent).unref();
}

/** Makes the changes of library `lib`'s kind one after another, for as long as the process lives. */
async function changeForever(
  lib: number,
  kind: WriteKind,
  access: LibraryAccess,
  choose: Chooser,
  token: string,
): Promise<void> {
  if (kind.session === undefined) return;
  const session = await kind.session(access);
  for (let n = 0; ; n++) {
    const step = await session.plan(choose, `zq${token}l${String(lib)}x${String(n)}`);
    say(`doing ${JSON.stringify({ lib, ...step.intent })}`);
    await step.run();
    say(`acked ${JSON.stringify({ lib, label: step.intent.label })}`);
    const mismatch = await step.confirm();
    if (mismatch !== null) {
      say(`failed ${String(lib)} the library does not read back what was acknowledged: ${mismatch}`);
      process.exit(2);
    }
  }
}

function describe(error: unknown): string {
  return (error instanceof Error ? (error.stack ?? error.message) : String(error)).split('\n').slice(0, 4).join(' / ');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  setTimeout(() => process.exit(3), LIFETIME_MS).unref();
  say('warm');
  await whenTold(args.wait);
  const first = args.libraries[0]?.kind;
  let armed = first?.shape === 'open';
  let writes = 0;
  const before = (): void => {
    if (armed && ++writes === args.hook) process.kill(process.pid, 'SIGKILL');
  };
  say('started');
  const opened = await Promise.all(
    args.libraries.map(async ({ kind, dir }, lib) =>
      openAccess(dir, {
        hooks: lib === 0 && args.hook !== null ? { beforeAppend: before, beforeRename: before } : null,
        compactionLines: kind.compactionLines ?? null,
        ownIdentity: kind.ownIdentity === true,
      }).catch((error: unknown) => {
        say(`failed ${String(lib)} opening failed: ${describe(error)}`);
        process.exit(1);
      }),
    ),
  );
  say('opened');
  armed = true;
  const target = args.libraries[0];
  if (args.replaced !== null && target !== undefined && target.kind.ownIdentity !== true)
    killOnReplacement(target.dir, FAULT_DEVICE.id, args.replaced);
  const random = seededRandom(args.seed);
  await Promise.all(
    args.libraries.map(async ({ kind }, lib) => {
      const access = opened[lib];
      if (access === undefined) return;
      if (kind.shape === 'open') {
        // The write was the opening itself.
        say(`acked ${JSON.stringify({ lib, label: 'opened' })}`);
        say(`idle ${String(lib)}`);
        return;
      }
      await changeForever(lib, kind, access, new Chooser(seededRandom(Math.floor(random() * 2 ** 31))), args.token).catch(
        (error: unknown) => {
          say(`failed ${String(lib)} ${describe(error)}`);
          process.exit(1);
        },
      );
    }),
  );
  // Nothing more to write: wait to be killed.
  await new Promise<never>(() => setInterval(() => undefined, 60_000));
}

main().catch((error: unknown) => {
  say(`failed 0 ${describe(error)}`);
  process.exit(1);
});
