/**
 * `balai tenant create --all` and `--province CODE`: every kab/kota (of a province) with its real kecamatan and
 * desa/kelurahan and the default service catalog, one transaction per tenant. Resumable: tenants already in the
 * store are skipped, so an interrupted run is run again. A progress bar on a terminal, plain lines otherwise.
 */
import cliProgress from "cli-progress";
import { listTenants } from "../platform/tenancy.ts";
import { UsageError } from "../platform/usage.ts";
import { DEFAULT_CATALOG_DIR } from "../modules/catalog/service.ts";
import { type LoadedCatalog, loadCatalogDir } from "../modules/catalog/spec.ts";
import { createTenant, loadRegions, type RegionTree, slugFor } from "../modules/tenants/index.ts";
import type { Db } from "../platform/db.ts";
import { provisionTenant } from "../server.ts";
import type { CliContext } from "./context.ts";

export interface AllOptions {
  /** Two-digit province code (16 = Sumatera Selatan); undefined = all 38 provinces. */
  province?: string;
  /** Host names `<slug>.<suffix>`; default `<slug>.localhost` (tenants are then chosen by X-Balai-Tenant). */
  hostSuffix?: string;
}

/** One kab/kota with its regions and the default catalog, in one transaction (also used by bench/scenarios/tenants.ts). */
export async function createWithCatalog(db: Db, region: RegionTree, catalog: LoadedCatalog, hosts?: string[]) {
  return db.tx(async (q) => {
    const created = await createTenant(q, { region: region.code, tree: region, hosts });
    const provisioned = await provisionTenant(q, region.code, catalog);
    return { ...created, services: provisioned.created };
  });
}

export async function createAllTenants(ctx: CliContext, opts: AllOptions): Promise<number> {
  if (opts.province !== undefined && !/^\d{2}$/.test(opts.province)) throw new UsageError("--province needs a two-digit province code, e.g. --province 16");
  if (opts.hostSuffix !== undefined && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(opts.hostSuffix))
    throw new UsageError("--host-suffix needs a domain, e.g. layanan.example.go.id");
  const started = Date.now();
  const regions = await loadRegions((r) => opts.province === undefined || r.province_code === opts.province);
  if (!regions.length) throw new UsageError(`no kab/kota in province ${opts.province}`);
  const catalog = await loadCatalogDir(DEFAULT_CATALOG_DIR);
  return ctx.withStore(async (db) => {
    const existing = new Set((await listTenants(db)).map((t) => t.id));
    const toCreate = regions.filter((r) => !existing.has(r.code));
    ctx.print(`${regions.length} kab/kota: ${regions.length - toCreate.length} already present, ${toCreate.length} to create`);
    const bar = ctx.interactive
      ? new cliProgress.SingleBar(
          { format: "{bar} {value}/{total} kab/kota | {eta_formatted} left | {region}", hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    bar?.start(toCreate.length, 0, { region: "" });
    let units = 0;
    let failed = 0;
    for (const [i, region] of toCreate.entries()) {
      const hosts = opts.hostSuffix ? [`${slugFor(region.name)}.${opts.hostSuffix.toLowerCase()}`] : undefined;
      try {
        const t = await createWithCatalog(db, region, catalog, hosts);
        units += 1 + t.opds + t.kecamatan + t.kelurahan;
        const line = `${t.id} ${t.name}: ${t.kecamatan} kecamatan, ${t.kelurahan} desa/kelurahan, ${t.services} services`;
        if (bar) bar.increment({ region: line });
        else ctx.print(`[${i + 1}/${toCreate.length}] ${line}`);
      } catch (err) {
        failed++;
        const text = `${region.code} ${region.name}: FAILED ${(err as Error).message}`;
        if (bar) bar.increment({ region: text });
        ctx.print(text);
      }
    }
    bar?.stop();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    ctx.print(
      failed
        ? `created ${toCreate.length - failed} tenants (${units} units) in ${seconds} s; ${failed} failed: run the command again to retry them`
        : `created ${toCreate.length} tenants (${units} units) in ${seconds} s; ${regions.length} of ${regions.length} kab/kota present`,
    );
    return failed ? 1 : 0;
  });
}
