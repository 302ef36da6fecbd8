import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue';

describe('SerialQueue', () => {
  it('runs tasks one at a time in queue order, and a failure rejects only its own task', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = queue.run(async () => {
      log.push('first start');
      await gate;
      log.push('first end');
    });
    const failing = queue.run(async () => {
      log.push('failing');
      throw new Error('boom');
    });
    const third = queue.run(async () => {
      log.push('third');
    });
    await Promise.resolve();
    expect(log).toEqual(['first start']);
    release();
    await first;
    await expect(failing).rejects.toThrow('boom');
    await third;
    await queue.idle();
    expect(log).toEqual(['first start', 'first end', 'failing', 'third']);
  });
});
