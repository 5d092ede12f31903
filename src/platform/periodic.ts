/**
 * A background job run every `everyMs` in this process: a run never overlaps the previous one (a slow run skips
 * ticks), a failure is logged and the next tick tries again, and the timer does not keep the process alive.
 * Returns the function that stops it.
 */
export function runPeriodically(
  everyMs: number,
  run: () => Promise<void>,
  log: { error(obj: unknown, msg: string): void },
  failureMessage: string,
): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await run();
    } catch (err) {
      log.error({ err }, failureMessage);
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
