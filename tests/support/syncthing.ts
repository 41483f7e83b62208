/**
 * Two real Syncthing instances on 127.0.0.1 that share one folder, for end-to-end tests of a library
 * folder under real folder sync (Debian's `syncthing`, v1.19).
 *
 * Each instance gets a fresh home in a temporary directory, its own REST address and API key, and its own
 * sync listen address, all on 127.0.0.1 with free ports. Everything that talks to the outside is off
 * (global and local discovery, relays, NAT traversal and STUN, usage and crash reporting, upgrades, the
 * browser), and B knows A only by its explicit `tcp://127.0.0.1:<port>` address (A waits for B to dial).
 *
 * Syncthing runs under a small `sh` wrapper, in a process group of its own that `stop()` and an exit
 * hook kill. The wrapper also kills Syncthing as soon as its stdin (a pipe from the test process) closes,
 * so no instance outlives the test process, even one killed with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where Debian's package puts Syncthing; SYNCTHING_PATH overrides it. */
export const SYNCTHING_PATH = process.env['SYNCTHING_PATH'] ?? '/usr/bin/syncthing';

/** Why the Syncthing tests are skipped when {@link syncthingAvailable} is false. */
export const SYNCTHING_MISSING = `Syncthing is not installed at ${SYNCTHING_PATH} (install it with "apt-get install -y syncthing", or set SYNCTHING_PATH)`;

/** Whether the Syncthing binary exists, so a test can `describe.skipIf(!syncthingAvailable())`. */
export function syncthingAvailable(): boolean {
  return existsSync(SYNCTHING_PATH);
}

/** What {@link startSyncthingPair} needs: the two folders to keep in sync, and the folder's ID. */
export interface SyncthingPairOptions {
  /** The folder on device A (created when missing). */
  folderA: string;
  /** The folder on device B (created when missing). */
  folderB: string;
  /** Syncthing's folder ID; `scholia-library` when not given. */
  folderId?: string;
  /** How long starting, connecting and the first sync may take together; 60 s when not given. */
  startTimeoutMs?: number;
}

/** One running instance, for debugging: where its REST API is and how to call it. */
export interface SyncthingInstanceInfo {
  /** `a` or `b`. */
  readonly name: 'a' | 'b';
  /** The device ID. */
  readonly deviceId: string;
  /** The REST/GUI base address, e.g. `http://127.0.0.1:40123`. */
  readonly apiUrl: string;
  /** The API key (send it as the `X-API-Key` header). */
  readonly apiKey: string;
  /** The sync listen address, `tcp://127.0.0.1:<port>`. */
  readonly listenAddress: string;
  /** The instance's home directory (config, keys, database). */
  readonly home: string;
  /** The shared folder's path on this device. */
  readonly folder: string;
  /** The last lines Syncthing printed. */
  recentLog(): string;
}

/** Two connected Syncthing instances sharing one folder. */
export interface SyncthingPair {
  /** The two device IDs. */
  readonly deviceIds: { a: string; b: string };
  /** The shared folder's ID. */
  readonly folderId: string;
  /** REST addresses, API keys, homes and logs of both instances. */
  readonly instances: { a: SyncthingInstanceInfo; b: SyncthingInstanceInfo };
  /** Pauses each device on the other side and waits until both report the connection gone. */
  disconnect(timeoutMs?: number): Promise<void>;
  /** Resumes each device on the other side and waits until both report the connection up. */
  reconnect(timeoutMs?: number): Promise<void>;
  /**
   * Makes both sides scan the folder now and waits until both are idle. Works while disconnected, so a
   * test can make sure each side has seen its own changes before reconnecting.
   */
  scan(timeoutMs?: number): Promise<void>;
  /**
   * Scans both sides, then waits until both are connected, idle, need nothing from the other and agree
   * on the folder's global state, on several consecutive polls. 60 s when not given.
   */
  waitUntilInSync(timeoutMs?: number): Promise<void>;
  /** Shuts both instances down (REST shutdown, then kill), and removes their homes. Safe to call twice. */
  stop(): Promise<void>;
}

const DEFAULT_FOLDER_ID = 'scholia-library';
const REQUEST_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 250;
/** How many polls in a row must find both sides in sync, so a change not yet scanned cannot slip by. */
const IN_SYNC_POLLS = 4;
const LOG_LINES = 200;

/**
 * Runs `"$@"` (Syncthing) in the background and kills it when stdin reaches end of file, which happens
 * when the test process closes its end or dies. A background job's stdin is /dev/null, so the pipe is
 * kept on fd 3 for the watcher.
 */
const WRAPPER = `
exec 3<&0
"$@" </dev/null &
child=$!
( while read -r _ <&3; do :; done; kill -KILL "$child" 2>/dev/null ) &
watcher=$!
wait "$child"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
`;

/**
 * Wrapper processes still running, each with the temporary directory holding its home: killed (with
 * their process group) and removed when the test process exits without `stop()`.
 */
const live = new Map<ChildProcess, string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [child, dir] of live) {
      killGroup(child);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Resolves with a port on 127.0.0.1 that was free a moment ago, for each of `count` distinct ports. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolvePort, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            if (address !== null && typeof address === 'object') resolvePort(address.port);
            else reject(new Error('could not read the port of a probe server'));
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
  }
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what}: expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function numberField(record: Record<string, unknown>, key: string, what: string): number {
  const value = record[key];
  if (typeof value !== 'number') throw new Error(`${what}: no number "${key}" in ${JSON.stringify(record)}`);
  return value;
}

function stringField(record: Record<string, unknown>, key: string, what: string): string {
  const value = record[key];
  if (typeof value !== 'string') throw new Error(`${what}: no string "${key}" in ${JSON.stringify(record)}`);
  return value;
}

/**
 * Polls `probe` until it returns `true`; anything else it returns (or throws) is what Syncthing last
 * reported, quoted in the timeout error together with both instances' recent logs.
 */
async function waitFor(
  what: string,
  timeoutMs: number,
  probe: () => Promise<true | string>,
  logs: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  for (;;) {
    try {
      const result = await probe();
      if (result === true) return;
      last = result;
    } catch (error) {
      last = describeError(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}.\nSyncthing last reported: ${last}\n${logs()}`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

/** The parts of GET /rest/db/status that decide whether a side is in sync. */
interface FolderStatus {
  state: string;
  needTotalItems: number;
  pullErrors: number;
  errors: number;
  globalFiles: number;
  globalDirectories: number;
  globalDeleted: number;
  globalBytes: number;
  sequence: number;
}

/** The parts of GET /rest/db/completion (what the other device still needs). */
interface Completion {
  completion: number;
  needItems: number;
  needDeletes: number;
  remoteState: string | undefined;
}

/** One Syncthing process with its REST client. */
class Instance implements SyncthingInstanceInfo {
  private readonly log: string[] = [];
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: 'a' | 'b',
    readonly deviceId: string,
    readonly home: string,
    readonly folder: string,
    readonly apiUrl: string,
    readonly apiKey: string,
    readonly listenAddress: string,
  ) {}

  recentLog(): string {
    return this.log.join('\n');
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts Syncthing; `cleanupDir` (which holds its home) is removed if the test process exits first. */
  start(cleanupDir: string): void {
    const args = [
      '-c',
      WRAPPER,
      'syncthing-wrapper',
      SYNCTHING_PATH,
      'serve',
      `--home=${this.home}`,
      '--no-browser',
      '--no-restart',
      '--no-upgrade',
      '--no-default-folder',
      '--skip-port-probing',
      '--logflags=0',
    ];
    const child = spawn('/bin/sh', args, {
      // Its own process group, so the exit hook can kill the wrapper, Syncthing and the watcher at once.
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HOME: this.home,
        STNODEFAULTFOLDER: '1',
        STNOUPGRADE: '1',
        STNORESTART: '1',
        // Run Syncthing's inner process directly: otherwise `serve` is a monitor that starts Syncthing
        // again as its child (in v1.19 even with --no-restart), which a kill of the monitor leaves behind.
        STMONITORED: 'yes',
      },
    });
    this.child = child;
    live.set(child, cleanupDir);
    this.exited = new Promise((done) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        this.record(`[harness] syncthing ${this.name} exited (code ${code ?? '-'}, signal ${signal ?? '-'})`);
        done();
      });
    });
    child.once('error', (error) => this.record(`[harness] could not start: ${error.message}`));
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) this.record(line);
      });
    }
  }

  private record(line: string): void {
    this.log.push(`[${this.name}] ${line}`);
    if (this.log.length > LOG_LINES) this.log.splice(0, this.log.length - LOG_LINES);
  }

  /** Calls the REST API and returns the parsed JSON body (or `undefined` for an empty one). */
  async rest(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<unknown> {
    const init: RequestInit = {
      method,
      headers: { 'X-API-Key': this.apiKey, 'Content-Type': 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(`${this.apiUrl}${path}`, init);
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path} on ${this.name}: HTTP ${response.status} ${text.trim()}`);
    }
    if (text.trim() === '') return undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed;
    } catch {
      return text;
    }
  }

  async connected(to: string): Promise<boolean> {
    const body = asRecord(await this.rest('GET', '/rest/system/connections'), 'connections');
    const connections = asRecord(body['connections'], 'connections');
    const entry = connections[to];
    if (entry === undefined) return false;
    return asRecord(entry, 'connection')['connected'] === true;
  }

  async folderStatus(folderId: string): Promise<FolderStatus> {
    const what = `db/status on ${this.name}`;
    const status = asRecord(
      await this.rest('GET', `/rest/db/status?folder=${encodeURIComponent(folderId)}`),
      what,
    );
    return {
      state: stringField(status, 'state', what),
      needTotalItems: numberField(status, 'needTotalItems', what),
      pullErrors: numberField(status, 'pullErrors', what),
      errors: numberField(status, 'errors', what),
      globalFiles: numberField(status, 'globalFiles', what),
      globalDirectories: numberField(status, 'globalDirectories', what),
      globalDeleted: numberField(status, 'globalDeleted', what),
      globalBytes: numberField(status, 'globalBytes', what),
      sequence: numberField(status, 'sequence', what),
    };
  }

  async completion(folderId: string, device: string): Promise<Completion> {
    const what = `db/completion on ${this.name}`;
    const completion = asRecord(
      await this.rest(
        'GET',
        `/rest/db/completion?folder=${encodeURIComponent(folderId)}&device=${encodeURIComponent(device)}`,
      ),
      what,
    );
    const remoteState = completion['remoteState'];
    return {
      completion: numberField(completion, 'completion', what),
      needItems: numberField(completion, 'needItems', what),
      needDeletes: numberField(completion, 'needDeletes', what),
      remoteState: typeof remoteState === 'string' ? remoteState : undefined,
    };
  }

  /** Asks Syncthing to shut down, then kills it when it has not exited after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    if (this.running) {
      try {
        await this.rest('POST', '/rest/system/shutdown');
      } catch (error) {
        this.record(`[harness] REST shutdown failed: ${describeError(error)}`);
      }
      const exitedInTime = await Promise.race([
        this.exited.then(() => true),
        sleep(graceMs).then(() => false),
      ]);
      if (!exitedInTime) {
        this.record(`[harness] still running ${graceMs} ms after shutdown: killing it`);
        child.stdin?.end();
        killGroup(child);
      }
    }
    await Promise.race([this.exited, sleep(graceMs)]);
    if (this.running)
      throw new Error(`Syncthing ${this.name} (wrapper pid ${child.pid ?? '?'}) would not die`);
  }
}

/** Reads the device ID and config version from a freshly generated config.xml. */
function parseGenerated(xml: string, home: string): { deviceId: string; version: string } {
  const device = /<device id="([A-Z0-9-]{50,})"/.exec(xml);
  const version = /<configuration version="(\d+)"/.exec(xml);
  if (device?.[1] === undefined || version?.[1] === undefined) {
    throw new Error(`Unexpected config.xml from "syncthing generate" in ${home}:\n${xml.slice(0, 2000)}`);
  }
  return { deviceId: device[1], version: version[1] };
}

/** Sets `<name>value</name>` inside `<options>`, adding the element when the generated file lacks it. */
function setOption(xml: string, name: string, value: string): string {
  const options = /<options>[\s\S]*?<\/options>/.exec(xml);
  if (options === null) throw new Error('config.xml has no <options> element');
  const block = options[0];
  const element = new RegExp(`<${name}>[^<]*</${name}>`);
  const updated = element.test(block)
    ? block.replace(element, `<${name}>${escapeXml(value)}</${name}>`)
    : block.replace('</options>', `    <${name}>${escapeXml(value)}</${name}>\n    </options>`);
  return xml.replace(block, updated);
}

interface DeviceConfig {
  id: string;
  name: string;
  address: string;
}

function deviceXml(device: DeviceConfig): string {
  return `<device id="${device.id}" name="${escapeXml(device.name)}" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>${escapeXml(device.address)}</address>
        <paused>false</paused>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>`;
}

/** Turns the generated config.xml into one for this test: addresses, keys, the folder, nothing outside. */
function configXml(
  generated: string,
  settings: {
    self: DeviceConfig;
    other: DeviceConfig;
    guiPort: number;
    apiKey: string;
    listenAddress: string;
    folderId: string;
    folder: string;
  },
): string {
  const { self, other } = settings;
  const folder = `<folder id="${escapeXml(settings.folderId)}" label="${escapeXml(settings.folderId)}" path="${escapeXml(settings.folder)}" type="sendreceive" rescanIntervalS="10" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="${self.id}" introducedBy=""></device>
        <device id="${other.id}" introducedBy=""></device>
        <minDiskFree unit="%">0</minDiskFree>
        <markerName>.stfolder</markerName>
        <maxConflicts>10</maxConflicts>
        <paused>false</paused>
    </folder>`;
  const gui = `<gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:${settings.guiPort}</address>
        <apikey>${escapeXml(settings.apiKey)}</apikey>
        <theme>default</theme>
    </gui>`;
  const selfDevice = new RegExp(`<device id="${self.id}"[\\s\\S]*?</device>`);
  if (!selfDevice.test(generated)) throw new Error('config.xml does not describe its own device');
  if (!/<gui\b[\s\S]*?<\/gui>/.test(generated)) throw new Error('config.xml has no <gui> element');
  let xml = generated
    .replace(selfDevice, () => `${deviceXml(self)}\n    ${deviceXml(other)}\n    ${folder}`)
    .replace(/<gui\b[\s\S]*?<\/gui>/, () => gui);
  const options: Record<string, string> = {
    listenAddress: settings.listenAddress,
    globalAnnounceEnabled: 'false',
    localAnnounceEnabled: 'false',
    relaysEnabled: 'false',
    natEnabled: 'false',
    stunKeepaliveStartS: '0',
    stunKeepaliveMinS: '0',
    startBrowser: 'false',
    urAccepted: '-1',
    urSeen: '3',
    crashReportingEnabled: 'false',
    autoUpgradeIntervalH: '0',
    announceLANAddresses: 'false',
    reconnectionIntervalS: '1',
    restartOnWakeup: 'false',
    // Low priority makes Syncthing move itself into a process group of its own, out of reach of the
    // process-group kill that cleans up after the test.
    setLowPriority: 'false',
  };
  for (const [name, value] of Object.entries(options)) xml = setOption(xml, name, value);
  return xml;
}

/** Runs `syncthing generate` into `home` and returns the new device's ID and the config it wrote. */
async function generate(home: string): Promise<{ deviceId: string; xml: string }> {
  const output: string[] = [];
  const code = await new Promise<number | null>((done, reject) => {
    const child = spawn(SYNCTHING_PATH, ['generate', `--home=${home}`, '--no-default-folder'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: home, STNODEFAULTFOLDER: '1' },
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`"syncthing generate --home=${home}" did not finish in 30 s:\n${output.join('')}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      done(exitCode);
    });
  });
  if (code !== 0)
    throw new Error(`"syncthing generate --home=${home}" failed (${code}):\n${output.join('')}`);
  const xml = await readFile(join(home, 'config.xml'), 'utf8');
  return { deviceId: parseGenerated(xml, home).deviceId, xml };
}

/**
 * Starts two Syncthing instances sharing `folderA` (on A) and `folderB` (on B) as one send-receive
 * folder, and resolves once they are connected and in sync. Call `stop()` in `afterAll`.
 */
export async function startSyncthingPair(options: SyncthingPairOptions): Promise<SyncthingPair> {
  if (!syncthingAvailable()) throw new Error(SYNCTHING_MISSING);
  installExitHook();
  const folderId = options.folderId ?? DEFAULT_FOLDER_ID;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const folderA = resolve(options.folderA);
  const folderB = resolve(options.folderB);
  await mkdir(folderA, { recursive: true });
  await mkdir(folderB, { recursive: true });

  const root = await mkdtemp(join(tmpdir(), 'scholia-syncthing-'));
  const instances: Instance[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const results = await Promise.allSettled(instances.map((instance) => instance.stop(10_000)));
      await rm(root, { recursive: true, force: true });
      const failure = results.find((result) => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
    })();
    return stopping;
  };

  try {
    const homeA = join(root, 'a');
    const homeB = join(root, 'b');
    const [generatedA, generatedB] = await Promise.all([generate(homeA), generate(homeB)]);
    const [guiA, guiB, syncA, syncB] = (await freePorts(4)) as [number, number, number, number];
    const devA = { id: generatedA.deviceId, name: 'a', address: `tcp://127.0.0.1:${syncA}` };
    const devB = { id: generatedB.deviceId, name: 'b', address: `tcp://127.0.0.1:${syncB}` };
    const keyA = randomBytes(24).toString('hex');
    const keyB = randomBytes(24).toString('hex');
    const common = { folderId };
    await writeFile(
      join(homeA, 'config.xml'),
      configXml(generatedA.xml, {
        ...common,
        self: devA,
        // Only B dials: when both dial at once on a loaded machine, each side can keep resetting the
        // other's handshake. With discovery off, "dynamic" means A waits for B to connect.
        other: { ...devB, address: 'dynamic' },
        guiPort: guiA,
        apiKey: keyA,
        listenAddress: devA.address,
        folder: folderA,
      }),
    );
    await writeFile(
      join(homeB, 'config.xml'),
      configXml(generatedB.xml, {
        ...common,
        self: devB,
        other: devA,
        guiPort: guiB,
        apiKey: keyB,
        listenAddress: devB.address,
        folder: folderB,
      }),
    );
    const a = new Instance('a', devA.id, homeA, folderA, `http://127.0.0.1:${guiA}`, keyA, devA.address);
    const b = new Instance('b', devB.id, homeB, folderB, `http://127.0.0.1:${guiB}`, keyB, devB.address);
    instances.push(a, b);
    const logs = (): string =>
      `--- recent log of A ---\n${a.recentLog()}\n--- recent log of B ---\n${b.recentLog()}`;
    a.start(root);
    b.start(root);

    const deadline = Date.now() + startTimeoutMs;
    const remaining = (): number => Math.max(1_000, deadline - Date.now());
    for (const instance of instances) {
      await waitFor(
        `the REST API of Syncthing ${instance.name} at ${instance.apiUrl}`,
        remaining(),
        async () => {
          if (!instance.running) throw new Error(`Syncthing ${instance.name} exited during start-up`);
          const ping = asRecord(await instance.rest('GET', '/rest/system/ping'), 'ping');
          return ping['ping'] === 'pong' ? true : JSON.stringify(ping);
        },
        logs,
      );
    }

    const waitConnected = async (want: boolean, timeoutMs: number): Promise<void> => {
      await waitFor(
        want ? 'A and B to report each other connected' : 'A and B to report each other disconnected',
        timeoutMs,
        async () => {
          const [aToB, bToA] = await Promise.all([a.connected(b.deviceId), b.connected(a.deviceId)]);
          return aToB === want && bToA === want
            ? true
            : `A sees B connected: ${aToB}; B sees A connected: ${bToA}`;
        },
        logs,
      );
    };

    // One side after the other: when both resume at once they dial each other at the same moment, and
    // the two crossing connections can knock each other out (seen: 20 s and more until connected). With
    // A first, A's dial is refused by B, which is still pausing A, and B's dial half a second later
    // finds A ready. Syncthing only redials at once three times in two minutes; after that the next
    // connection comes from its regular connection loop, at most 5 s later.
    const setPaused = async (paused: boolean): Promise<void> => {
      await a.rest('PATCH', `/rest/config/devices/${b.deviceId}`, { paused });
      if (!paused) await sleep(500);
      await b.rest('PATCH', `/rest/config/devices/${a.deviceId}`, { paused });
    };

    const scan = async (timeoutMs = 30_000): Promise<void> => {
      const path = `/rest/db/scan?folder=${encodeURIComponent(folderId)}`;
      // The scan request returns when the scan is done, so it gets the whole timeout.
      await Promise.all([
        a.rest('POST', path, undefined, timeoutMs),
        b.rest('POST', path, undefined, timeoutMs),
      ]);
      await waitFor(
        'both sides to finish scanning',
        timeoutMs,
        async () => {
          const [statusA, statusB] = await Promise.all([a.folderStatus(folderId), b.folderStatus(folderId)]);
          return statusA.state === 'idle' && statusB.state === 'idle'
            ? true
            : `A is ${statusA.state}, B is ${statusB.state}`;
        },
        logs,
      );
    };

    const waitUntilInSync = async (timeoutMs = 60_000): Promise<void> => {
      const started = Date.now();
      await scan(timeoutMs);
      let streak = 0;
      await waitFor(
        `A and B to be in sync on folder "${folderId}" (${IN_SYNC_POLLS} polls in a row)`,
        Math.max(1_000, timeoutMs - (Date.now() - started)),
        async () => {
          // A poll that fails (throws) breaks the streak too.
          const before = streak;
          streak = 0;
          const [connA, connB, statusA, statusB, needOfB, needOfA] = await Promise.all([
            a.connected(b.deviceId),
            b.connected(a.deviceId),
            a.folderStatus(folderId),
            b.folderStatus(folderId),
            a.completion(folderId, b.deviceId),
            b.completion(folderId, a.deviceId),
          ]);
          const problems: string[] = [];
          if (!connA || !connB) problems.push(`not connected (A→B ${connA}, B→A ${connB})`);
          for (const [side, status] of [
            ['A', statusA],
            ['B', statusB],
          ] as const) {
            if (status.state !== 'idle') problems.push(`${side} is ${status.state}`);
            if (status.needTotalItems > 0) problems.push(`${side} needs ${status.needTotalItems} items`);
            if (status.pullErrors > 0 || status.errors > 0) {
              problems.push(`${side} has ${status.pullErrors} pull errors and ${status.errors} errors`);
            }
          }
          for (const [side, need] of [
            ['B (as A sees it)', needOfB],
            ['A (as B sees it)', needOfA],
          ] as const) {
            if (need.completion < 100 || need.needItems > 0 || need.needDeletes > 0) {
              problems.push(
                `${side} is ${need.completion}% complete, needs ${need.needItems} items and ${need.needDeletes} deletes`,
              );
            }
            if (need.remoteState !== undefined && need.remoteState !== 'valid') {
              problems.push(`${side} remote state is ${need.remoteState}`);
            }
          }
          const globalKeys = ['globalFiles', 'globalDirectories', 'globalDeleted', 'globalBytes'] as const;
          for (const key of globalKeys) {
            if (statusA[key] !== statusB[key]) {
              problems.push(`${key} differs (A ${statusA[key]}, B ${statusB[key]})`);
            }
          }
          if (problems.length > 0) {
            return `${problems.join('; ')}. A status ${JSON.stringify(statusA)}, B status ${JSON.stringify(statusB)}`;
          }
          streak = before + 1;
          return streak >= IN_SYNC_POLLS ? true : `in sync on ${streak} of ${IN_SYNC_POLLS} polls`;
        },
        logs,
      );
    };

    await waitConnected(true, remaining());
    await waitUntilInSync(remaining());

    return {
      deviceIds: { a: a.deviceId, b: b.deviceId },
      folderId,
      instances: { a, b },
      async disconnect(timeoutMs = 30_000) {
        await setPaused(true);
        await waitConnected(false, timeoutMs);
      },
      async reconnect(timeoutMs = 30_000) {
        await setPaused(false);
        await waitConnected(true, timeoutMs);
      },
      scan,
      waitUntilInSync,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
