/**
 * At home, the clock-driven jobs (reminders and digests, functions/jobs/reminders.ts) run from
 * this in-process scheduler, as the hourly scheduled Lambda runs them in AWS. Its clock is
 * injected: a test calls `tick()` at any time it likes instead of waiting.
 */
export interface Scheduler {
  /** Runs every job once at the clock's `now`; runs never overlap. */
  tick(): Promise<void>;
  stop(): void;
}

export function startScheduler(options: {
  now: () => Date;
  jobs: ((now: Date) => Promise<unknown>)[];
  /** Milliseconds between ticks; 0 or absent: only when `tick()` is called. */
  everyMs?: number;
  onError?: (error: unknown) => void;
}): Scheduler {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      const now = options.now();
      for (const job of options.jobs) {
        try {
          await job(now);
        } catch (error) {
          options.onError?.(error);
        }
      }
    });
    return running;
  };
  const timer = options.everyMs ? setInterval(() => void tick(), options.everyMs) : undefined;
  timer?.unref();
  return {
    tick,
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}
