import { describe, expect, it } from 'vitest';
import { SerialQueue } from './SerialQueue.ts';

describe('SerialQueue', () => {
  it('runs tasks one at a time in order, past a failing one', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const slow = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name} end`);
      return name;
    };
    const a = queue.run(slow('a', 20));
    const b = queue.run(() => { throw new Error('b failed'); });
    const c = queue.run(slow('c', 1));
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b failed');
    await expect(c).resolves.toBe('c');
    expect(log).toEqual(['a start', 'a end', 'c start', 'c end']);
  });

  it('is idle once every task given so far has finished', async () => {
    const queue = new SerialQueue();
    let done = false;
    void queue.run(async () => { await new Promise((r) => setTimeout(r, 10)); done = true; });
    await queue.idle();
    expect(done).toBe(true);
  });
});
