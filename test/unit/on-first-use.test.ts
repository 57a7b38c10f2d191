import { describe, expect, it } from 'vitest';
import { onFirstUse } from '../../functions/api/on-demand/on-first-use';

interface Greeter {
  greet(name: string): Promise<string>;
}

class PoliteGreeter implements Greeter {
  constructor(private readonly greeting: string) {}
  async greet(name: string) {
    return `${this.greeting}, ${name}`;
  }
}

describe('onFirstUse', () => {
  it('loads nothing until the first call, then loads once for all calls, concurrent ones included', async () => {
    let loads = 0;
    const greeter = onFirstUse<Greeter>(async () => {
      loads++;
      return new PoliteGreeter('Good morning');
    });
    expect(loads).toBe(0);
    const answers = await Promise.all([greeter.greet('Ana'), greeter.greet('Ben')]);
    expect(await greeter.greet('Ruth')).toBe('Good morning, Ruth');
    expect(answers).toEqual(['Good morning, Ana', 'Good morning, Ben']);
    expect(loads).toBe(1);
  });

  it('passes the loaded adapter as `this`, and its errors through', async () => {
    const greeter = onFirstUse<Greeter>(async () => ({
      async greet(name: string) {
        if (name === '') throw new Error('no name');
        return name;
      },
    }));
    await expect(greeter.greet('')).rejects.toThrow('no name');
    expect(await greeter.greet('Hans')).toBe('Hans');
  });

  it('tries a failed load again on the next call', async () => {
    let attempts = 0;
    const greeter = onFirstUse<Greeter>(async () => {
      attempts++;
      if (attempts === 1) throw new Error('chunk missing');
      return new PoliteGreeter('Hello');
    });
    await expect(greeter.greet('Alba')).rejects.toThrow('chunk missing');
    expect(await greeter.greet('Alba')).toBe('Hello, Alba');
    expect(attempts).toBe(2);
  });

  it('is not a thenable, so awaiting it neither loads nor hangs', async () => {
    let loads = 0;
    const greeter = onFirstUse<Greeter>(async () => {
      loads++;
      return new PoliteGreeter('Hi');
    });
    expect(await greeter).toBe(greeter);
    expect(loads).toBe(0);
  });
});
