import { describe, expect, it } from 'vitest';
import { serial } from '../../src/db/serial';

describe('serial', () => {
  it('runs tasks one at a time in call order, a failure blocking nothing after it', async () => {
    const queue = serial();
    const log: string[] = [];
    const step = (name: string, ms: number, fail = false) =>
      queue(async () => {
        log.push(`${name}:start`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${name}:end`);
        if (fail) throw new Error(name);
        return name;
      });
    const a = step('a', 20);
    const b = step('b', 1, true);
    const c = step('c', 5);
    const idle = queue.idle().then(() => log.push('idle'));
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b');
    await expect(c).resolves.toBe('c');
    await idle;
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end', 'idle']);
  });
});
