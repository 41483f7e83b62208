import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue';

describe('KeyedQueue', () => {
  it('runs tasks with the same key one after another, in order', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await sleep(ms);
      log.push(`${name} end`);
    };
    await Promise.all([queue.run('a', task('first', 20)), queue.run('a', task('second', 0))]);
    expect(log).toEqual(['first start', 'first end', 'second start', 'second end']);
  });

  it('runs tasks with different keys side by side', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const slow = queue.run('a', async () => {
      log.push('a start');
      await sleep(20);
      log.push('a end');
    });
    await queue.run('b', () => Promise.resolve(void log.push('b')));
    await slow;
    expect(log).toEqual(['a start', 'b', 'a end']);
  });

  it('goes on with the next task after one fails, and reports the failure to its caller only', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('a', () => Promise.reject(new Error('disk full')));
    const next = queue.run('a', () => Promise.resolve('saved'));
    await expect(failed).rejects.toThrow('disk full');
    await expect(next).resolves.toBe('saved');
  });

  it('reports idle only after every queued task has settled', async () => {
    const queue = new KeyedQueue();
    let done = false;
    void queue.run('a', async () => {
      await sleep(20);
      done = true;
    });
    await queue.idle();
    expect(done).toBe(true);
  });
});
