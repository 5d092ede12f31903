/** `balai transit import FEED.zip [--tenant CODE]`: the command's work, callable in-process (src/cli.ts, tests). */
import fs from "node:fs";
import { UsageError } from "../../platform/usage.ts";
import type { Db } from "../../platform/db.ts";
import { listTenants } from "../../platform/tenancy.ts";
import { importFeed } from "./network.ts";

/**
 * Imports a GTFS zip file into a tenant (the default tenant when none is given), printing progress per file
 * through `print`; the last line printed is the result. A bad feed throws `gtfs-invalid` (errors by file and line)
 * and changes nothing; a missing file or unknown tenant throws UsageError.
 */
export async function importFeedFile(db: Db, file: string, tenantCode: string | undefined, print: (line: string) => void) {
  if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const tenants = await listTenants(db);
  const tenant = tenantCode ?? tenants.find((t) => t.isDefault)?.id;
  if (!tenant) throw new UsageError("no default tenant: pass --tenant CODE");
  if (!tenants.some((t) => t.id === tenant)) throw new UsageError(`unknown tenant ${tenant}`);
  const started = performance.now();
  print(`reading ${file} (${(fs.statSync(file).size / 1024).toFixed(0)} KiB)…`);
  const r = await importFeed(db, tenant, new Uint8Array(fs.readFileSync(file)), null, (p) =>
    print(`  ${p.file.padEnd(20)} ${String(p.rows).padStart(9)} rows${p.done ? " checked" : ""}`),
  );
  print(
    `imported GTFS feed "${r.agency}" into ${tenant} as version ${r.version}: ${r.routes} routes, ${r.stops} stops, ${r.trips} trips, ${r.stopTimes} stop times, ${r.shapes} shapes in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { ...r, tenant };
}
