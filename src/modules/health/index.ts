/**
 * The health module's public face (e-Puskesmas queue, docs/health.md): its demo seed and its background job (pushes
 * to BPJS's antrean FKTP service, when BPJS_* is configured). Its routes are `./routes.ts`.
 */
import type { Db } from "../../platform/db.ts";
import { BpjsAntreanClient } from "./bpjs.ts";
import { startBpjsJob } from "./bpjs-outbox.ts";
import { healthConfig } from "./config.ts";

export { seedDemoHealth, DEMO_COUNTER, DEMO_WS_USERNAME } from "./demo.ts";

/** Starts the BPJS push job when BPJS is configured; returns its stop function. */
export function startHealthJobs(db: Db, log: { error(obj: unknown, msg: string): void }): () => void {
  const cfg = healthConfig();
  if (!cfg.bpjs) return () => {};
  return startBpjsJob(db, new BpjsAntreanClient(cfg.bpjs), log);
}
