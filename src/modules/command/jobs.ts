/** Background work of the command center: the CCTV health check (every 60 s by default). */
import type { Logger } from "pino";
import type { Db } from "../../platform/db.ts";
import { leased } from "../../platform/periodic.ts";
import { checkCameras, DEFAULT_TIMEOUT_MS } from "./cameras.ts";

export const CAMERA_CHECK_INTERVAL_MS = 60_000;

/**
 * Checks every tenant's active cameras now and then every `everyMs`; a run still going when the next one is
 * due is not overlapped. Returns the stop function.
 */
export function startCameraHealthJob(db: Db, log: Logger, opts: { everyMs?: number; timeoutMs?: number; firstAfterMs?: number } = {}): () => void {
  let running = false;
  let stopped = false;
  let last: Awaited<ReturnType<typeof checkCameras>> | undefined;
  const check = leased(db, "cctv-health", opts.everyMs ?? CAMERA_CHECK_INTERVAL_MS, async () => {
    last = await checkCameras(db, {
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      onError: (err, code) => log.warn({ err, camera: code }, "CCTV health check: saving the result failed"),
    });
  });
  const run = () => {
    if (running || stopped) return;
    running = true;
    last = undefined;
    check()
      .then(() => {
        const s = last;
        if (!s) return;
        if (s.checked) log.debug(s, "CCTV health check");
      })
      .catch((e) => log.warn({ err: e }, "CCTV health check failed"))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(run, opts.firstAfterMs ?? 5_000);
  first.unref();
  const timer = setInterval(run, opts.everyMs ?? CAMERA_CHECK_INTERVAL_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
  };
}
