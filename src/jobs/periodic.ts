export interface JobLog {
  info(o: object, m: string): void;
  error(o: object, m: string): void;
}

export interface Periodic {
  /** Runs the job now (unless a run is under way). */
  wake(): void;
  /** Stops the timer and waits for a run under way. */
  stop(): Promise<void>;
}

/**
 * Runs `job` every `intervalMs`, never two runs at once (a slow run makes the next ticks skip), and
 * logs a failure instead of stopping. The timer does not keep the process alive.
 */
export function periodic(job: () => Promise<void>, opts: { intervalMs: number; name: string; log?: JobLog }) {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = job()
      .catch((err: unknown) => opts.log?.error({ err }, `${opts.name} failed`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  return {
    wake: () => setImmediate(tick),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  } satisfies Periodic;
}
