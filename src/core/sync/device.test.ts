import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { failure, useTempDir } from '../test-support';
import {
  DEVICE_DIR_ENV_VAR,
  DEVICE_FILE_NAME,
  defaultDeviceConfigDir,
  loadDevice,
  updateDevice,
  type DeviceIdentity,
} from './device';

// Seams: what the OS reports and whether the file system has hard links. Each passes through to
// the real module unless a test sets it.
const seams = vi.hoisted(() => ({
  hostname: undefined as (() => string) | undefined,
  userInfo: undefined as (() => { username: string }) | undefined,
  linkError: undefined as string | undefined,
}));

vi.mock(import('node:os'), async (importOriginal) => {
  const actual = await importOriginal();
  return {
    ...actual,
    hostname: () => (seams.hostname ?? actual.hostname)(),
    userInfo: (() =>
      seams.userInfo === undefined ? actual.userInfo() : seams.userInfo()) as typeof actual.userInfo,
  };
});

vi.mock(import('node:fs/promises'), async (importOriginal) => {
  const actual = await importOriginal();
  return {
    ...actual,
    link: async (existing: Parameters<typeof actual.link>[0], created: Parameters<typeof actual.link>[1]) => {
      if (seams.linkError !== undefined) {
        throw Object.assign(new Error(`${seams.linkError}: operation not permitted, link`), {
          code: seams.linkError,
        });
      }
      return actual.link(existing, created);
    },
  };
});

const temp = useTempDir('scholia-device-');

afterEach(() => {
  seams.hostname = undefined;
  seams.userInfo = undefined;
  seams.linkError = undefined;
});

function devicePath(): string {
  return join(temp.path, DEVICE_FILE_NAME);
}

async function writeDeviceFile(content: unknown): Promise<void> {
  await writeFile(devicePath(), typeof content === 'string' ? content : JSON.stringify(content));
}

/** Runs loadDevice in a separate Node process and resolves to the id it printed. */
async function idFromAnotherProcess(configDir: string): Promise<string> {
  const moduleUrl = pathToFileURL(join(import.meta.dirname, 'device.ts')).href;
  const script = `
    const loaded = await import(${JSON.stringify(moduleUrl)});
    const { loadDevice } = loaded.loadDevice ? loaded : loaded.default;
    const device = await loadDevice(${JSON.stringify(configDir)});
    process.stdout.write(device.id);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout) output += String(chunk);
  return output;
}

describe('loadDevice', () => {
  it('creates device.json on first use with a new id, the host name and the OS user name', async () => {
    seams.hostname = () => '  reading-room  ';
    seams.userInfo = () => ({ username: 'hypatia' });
    const device = await loadDevice(temp.path);
    expect(device).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{12}$/) as unknown,
      name: 'reading-room',
      readerName: 'hypatia',
    });
    expect(JSON.parse(await readFile(devicePath(), 'utf8'))).toEqual({ schemaVersion: 1, ...device });
  });

  it('returns the same identity every time after the first', async () => {
    const first = await loadDevice(temp.path);
    expect(await loadDevice(temp.path)).toEqual(first);
  });

  it('makes a different id for a different config folder', async () => {
    const one = await loadDevice(join(temp.path, 'one'));
    const other = await loadDevice(join(temp.path, 'other'));
    expect(one.id).not.toBe(other.id);
  });

  it('creates the config folder, and the folders above it, when they are missing', async () => {
    const nested = join(temp.path, 'config', 'Scholia');
    await loadDevice(nested);
    expect(await readdir(nested)).toEqual([DEVICE_FILE_NAME]);
  });

  it('leaves no temp file behind after creating the file', async () => {
    await loadDevice(temp.path);
    expect(await readdir(temp.path)).toEqual([DEVICE_FILE_NAME]);
  });

  it('falls back to "This computer" and "Reader" when the OS has no usable names', async () => {
    seams.hostname = () => '   ';
    seams.userInfo = () => {
      throw Object.assign(new Error('uv_os_get_passwd returned ENOENT'), { code: 'ERR_SYSTEM_ERROR' });
    };
    expect(await loadDevice(temp.path)).toMatchObject({ name: 'This computer', readerName: 'Reader' });
  });

  it('cuts a host name longer than 100 characters to 100', async () => {
    seams.hostname = () => 'h'.repeat(150);
    expect((await loadDevice(temp.path)).name).toBe('h'.repeat(100));
  });

  it('gives calls racing on a new folder one identity, the one in the file', async () => {
    const devices = await Promise.all(Array.from({ length: 8 }, () => loadDevice(temp.path)));
    const stored = JSON.parse(await readFile(devicePath(), 'utf8')) as DeviceIdentity;
    expect(new Set(devices.map((device) => device.id))).toEqual(new Set([stored.id]));
    expect(await readdir(temp.path)).toEqual([DEVICE_FILE_NAME]);
  });

  it('gives two processes starting at once on a new folder the same id', async () => {
    const configDir = join(temp.path, 'shared');
    const ids = await Promise.all([idFromAnotherProcess(configDir), idFromAnotherProcess(configDir)]);
    expect(ids[0]).toMatch(/^[a-z0-9]{12}$/);
    expect(ids[1]).toBe(ids[0]);
    expect((await loadDevice(configDir)).id).toBe(ids[0]);
  }, 30_000);

  it('still creates the file exclusively on a file system without hard links', async () => {
    seams.linkError = 'EPERM';
    const devices = await Promise.all(Array.from({ length: 6 }, () => loadDevice(temp.path)));
    const stored = JSON.parse(await readFile(devicePath(), 'utf8')) as DeviceIdentity;
    expect(new Set(devices.map((device) => device.id))).toEqual(new Set([stored.id]));
    expect(await readdir(temp.path)).toEqual([DEVICE_FILE_NAME]);
  });

  it('reads a file a reader saved with a byte-order mark and spaces around the names', async () => {
    await writeDeviceFile(
      `\uFEFF${JSON.stringify({ schemaVersion: 1, id: 'abcdefgh2345', name: ' Desk ', readerName: 'Ada ' })}`,
    );
    expect(await loadDevice(temp.path)).toEqual({ id: 'abcdefgh2345', name: 'Desk', readerName: 'Ada' });
  });

  it('refuses a device.json that is not JSON, naming it, saying to move it aside, and leaves it as it was', async () => {
    await writeDeviceFile('{"schemaVersion":1,"id":');
    const error = await failure(loadDevice(temp.path));
    expect(error.code).toBe('library-corrupt');
    expect(error.path).toBe(devicePath());
    expect(error.message).toContain(`${DEVICE_FILE_NAME} in ${temp.path} is not valid JSON`);
    expect(error.message).toContain('move it aside');
    expect(await readFile(devicePath(), 'utf8')).toBe('{"schemaVersion":1,"id":');
  });

  it('refuses a device.json whose id is not 12 lowercase letters and digits, and leaves it as it was', async () => {
    const content = JSON.stringify({ schemaVersion: 1, id: 'NOT-AN-ID', name: 'Desk', readerName: 'Ada' });
    await writeDeviceFile(content);
    const error = await failure(loadDevice(temp.path));
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain('id: must be 12 lowercase letters and digits');
    expect(await readFile(devicePath(), 'utf8')).toBe(content);
  });

  it('refuses a device.json with an empty name', async () => {
    await writeDeviceFile({ schemaVersion: 1, id: 'abcdefgh2345', name: '  ', readerName: 'Ada' });
    expect((await failure(loadDevice(temp.path))).message).toContain('name: the name is empty');
  });

  it('refuses a device.json from a newer Scholia, saying so', async () => {
    await writeDeviceFile({
      schemaVersion: 2,
      id: 'abcdefgh2345',
      name: 'Desk',
      readerName: 'Ada',
      colour: 'teal',
    });
    const error = await failure(loadDevice(temp.path));
    expect(error.code).toBe('library-corrupt');
    expect(error.message).toContain('written by a newer version of Scholia (format 2)');
  });

  it('reports an unreadable device.json as an io error naming it', async () => {
    await mkdir(devicePath());
    const error = await failure(loadDevice(temp.path));
    expect(error.code).toBe('io');
    expect(error.message).toContain(`Scholia could not read ${devicePath()}`);
  });
});

describe('updateDevice', () => {
  it('renames the device, trimmed, keeping the id and the reader name, and saves it', async () => {
    const before = await loadDevice(temp.path);
    const after = await updateDevice(temp.path, { name: '  Study laptop ' });
    expect(after).toEqual({ ...before, name: 'Study laptop' });
    expect(await loadDevice(temp.path)).toEqual(after);
  });

  it('changes the reader name alone', async () => {
    const before = await loadDevice(temp.path);
    expect(await updateDevice(temp.path, { readerName: 'Ada Lovelace' })).toEqual({
      ...before,
      readerName: 'Ada Lovelace',
    });
  });

  it('creates the identity first when there is none yet', async () => {
    const device = await updateDevice(temp.path, { name: 'Desk' });
    expect(await loadDevice(temp.path)).toEqual(device);
  });

  it('accepts a name of exactly 100 characters', async () => {
    expect((await updateDevice(temp.path, { name: 'é'.repeat(100) })).name).toBe('é'.repeat(100));
  });

  it('counts a letter with a combining accent, or an emoji with a modifier, as one character', async () => {
    const name = 'e\u0301'.repeat(50) + '👋🏽'.repeat(50);
    expect((await updateDevice(temp.path, { name })).name).toBe(name);
  });

  it.each([
    [
      'an empty device name',
      { name: '   ' },
      'The device name is empty. Use 1 to 100 characters on one line.',
    ],
    [
      'a device name over 100 characters',
      { name: 'x'.repeat(101) },
      'The device name is longer than 100 characters.',
    ],
    ['a reader name on two lines', { readerName: 'Ada\nLovelace' }, 'The reader name contains a line break'],
  ])('refuses %s with invalid-input and writes nothing', async (_case, change, message) => {
    const before = await loadDevice(temp.path);
    const error = await failure(updateDevice(temp.path, change));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain(message);
    expect(await loadDevice(temp.path)).toEqual(before);
  });

  it('refuses to rename over a damaged device.json and leaves it as it was', async () => {
    await writeDeviceFile('not json');
    expect((await failure(updateDevice(temp.path, { name: 'Desk' }))).code).toBe('library-corrupt');
    expect(await readFile(devicePath(), 'utf8')).toBe('not json');
  });
});

describe('defaultDeviceConfigDir', () => {
  const home = '/home/ada';

  it('is Scholia in $XDG_CONFIG_HOME on Linux when that is absolute', () => {
    expect(defaultDeviceConfigDir('linux', { XDG_CONFIG_HOME: '/cfg' }, home)).toBe(join('/cfg', 'Scholia'));
  });

  it('is Scholia in ~/.config on Linux when $XDG_CONFIG_HOME is unset, empty or relative', () => {
    const expected = join(home, '.config', 'Scholia');
    expect(defaultDeviceConfigDir('linux', {}, home)).toBe(expected);
    expect(defaultDeviceConfigDir('linux', { XDG_CONFIG_HOME: ' ' }, home)).toBe(expected);
    expect(defaultDeviceConfigDir('freebsd', { XDG_CONFIG_HOME: 'relative/cfg' }, home)).toBe(expected);
  });

  it('is Scholia in ~/Library/Application Support on macOS', () => {
    expect(defaultDeviceConfigDir('darwin', { XDG_CONFIG_HOME: '/cfg' }, home)).toBe(
      join(home, 'Library', 'Application Support', 'Scholia'),
    );
  });

  it('is Scholia in %APPDATA% on Windows, or in AppData/Roaming without it', () => {
    expect(defaultDeviceConfigDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, home)).toBe(
      join('C:\\Users\\ada\\AppData\\Roaming', 'Scholia'),
    );
    expect(defaultDeviceConfigDir('win32', {}, home)).toBe(join(home, 'AppData', 'Roaming', 'Scholia'));
  });

  it('is the SCHOLIA_DEVICE_DIR folder when that is set, resolved against the working directory', () => {
    expect(defaultDeviceConfigDir('linux', { [DEVICE_DIR_ENV_VAR]: '/tmp/device-b' }, home)).toBe(
      resolve('/tmp/device-b'),
    );
    expect(defaultDeviceConfigDir('darwin', { [DEVICE_DIR_ENV_VAR]: 'device-b' }, home)).toBe(
      resolve('device-b'),
    );
  });

  it('ignores an empty SCHOLIA_DEVICE_DIR', () => {
    expect(defaultDeviceConfigDir('linux', { [DEVICE_DIR_ENV_VAR]: '' }, home)).toBe(
      join(home, '.config', 'Scholia'),
    );
  });
});
