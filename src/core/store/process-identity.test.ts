import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  currentBootId,
  isAnotherProcess,
  ownIdentity,
  parseProcStatStartTime,
  processStartTime,
} from './process-identity';

const onLinux = process.platform === 'linux';

function hasPs(): boolean {
  if (process.platform === 'win32') return false;
  try {
    execFileSync('ps', ['-o', 'lstart=', '-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('could not start a process');
  return child.pid;
}

describe('parseProcStatStartTime', () => {
  it('reads field 22, even when the command name holds spaces and parentheses', () => {
    const rest = Array.from({ length: 30 }, (_, i) => String(i + 3));
    rest[0] = 'S';
    expect(parseProcStatStartTime(`42 (node) ${rest.join(' ')}`)).toBe('22');
    expect(parseProcStatStartTime(`42 (a (b) c) ${rest.join(' ')}\n`)).toBe('22');
  });

  it('gives nothing for a malformed line', () => {
    expect(parseProcStatStartTime('')).toBeUndefined();
    expect(parseProcStatStartTime('42 (node) S 1 2')).toBeUndefined();
  });
});

describe('processStartTime', () => {
  it.runIf(onLinux)('tells a running process’s start time from /proc, the same every time', async () => {
    const first = await processStartTime(process.pid);
    expect(first).toMatch(/^linux:\d+$/);
    expect(await processStartTime(process.pid)).toBe(first);
    expect(await currentBootId()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.runIf(hasPs())('falls back to ps elsewhere', async () => {
    const first = await processStartTime(process.pid, 'darwin');
    expect(first).toMatch(/^ps:\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}$/);
    expect(await processStartTime(process.pid, 'darwin')).toBe(first);
    expect(await processStartTime(await deadPid(), 'darwin')).toBeUndefined();
  });

  it('gives nothing for a process that is gone, or on Windows', async () => {
    expect(await processStartTime(await deadPid())).toBeUndefined();
    expect(await processStartTime(process.pid, 'win32')).toBeUndefined();
  });
});

describe('isAnotherProcess', () => {
  it('recognises this process from its own identity', async () => {
    expect(await isAnotherProcess(process.pid, await ownIdentity())).toBe(false);
  });

  it('trusts a pid when nothing was recorded', async () => {
    expect(await isAnotherProcess(process.pid, {})).toBe(false);
  });

  it.runIf(onLinux)('tells another start time or another boot', async () => {
    expect(await isAnotherProcess(process.pid, { startTime: 'linux:1' })).toBe(true);
    expect(await isAnotherProcess(process.pid, { bootId: 'another boot' })).toBe(true);
    expect(await isAnotherProcess(process.pid, { startTime: 'ps:Thu Jan  1 00:00:00 1970' })).toBe(false);
  });
});
