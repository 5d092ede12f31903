import { DiskFileStore } from "./platform/files.ts";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { audit, verifyAuditChain } from "./platform/audit.ts";
import { type Config, loadConfig } from "./platform/config.ts";
import { WEB_DIST } from "./platform/http.ts";
import { migrate } from "./platform/migrate.ts";
import { listTenants } from "./platform/tenancy.ts";
import { STAFF_ROLES, type StaffRole } from "./platform/auth/roles.ts";
import { hashPassword, passwordProblems } from "./platform/auth/passwords.ts";
import { normalizeEmail } from "./modules/accounts/identifiers.ts";
import { createTenant } from "./modules/tenants/service.ts";
import { banner, createPlatform, initModules, openStore, provisionTenant, seedDemoPlatform } from "./server.ts";
import { formatCatalogErrors, loadCatalogDir } from "./modules/catalog/spec.ts";
import { importCatalogInto } from "./modules/catalog/service.ts";
import { importBoundaries } from "./platform/geo.ts";
import { formatCliError, UsageError } from "./platform/usage.ts";

const HELP = `balai — Balai platform command line

  balai start                         run the server (migrates, seeds demo data on an empty store)
  balai migrate                       apply pending database migrations
  balai seed                          seed the demo tenant (Kota Palembang) if missing
  balai tenant create --region CODE [--host NAME ...] [--default]
                                      add a pemda with its kecamatan and kelurahan (e.g. 35.73 = Kota Malang)
  balai tenant list
  balai user create --tenant CODE --email E --name N --password P [--role R --unit UNITCODE]
  balai audit verify [--tenant CODE]  walk the audit hash chain and report the first tampered entry
  balai catalog validate DIR          check a service catalog folder (YAML) and print every error
  balai catalog import DIR [--tenant CODE]
                                      publish the catalog's services into a tenant (changed ones get a new version)
  balai apikey create --name APP --scope open311 [--tenant CODE]
                                      issue an API key for a third-party app (printed once, last line)
  balai apikey list [--tenant CODE] | apikey revoke ID [--tenant CODE]
  balai regions boundaries import FILE.geojson [--tenant CODE]
                                      load kelurahan/kecamatan polygons (matched by Kemendagri code or name)
  balai transit import FEED.zip [--tenant CODE]
                                      import a GTFS static feed (validated; errors by file and line)
  balai transit simulate --url URL --key AVL_KEY [--tenant CODE] [--every SECONDS] [--once]
  balai transit simulate --mqtt mqtt://127.0.0.1:1883 --url URL [--tenant CODE]
                                      drive buses along the shapes of a running server's feed (demo)
  balai ca init [--tenant CODE]       create the tenant's local signing root CA (electronic signatures) if missing
  balai ca root [--tenant CODE] [--out FILE.pem]
                                      print or save the root certificate (for PDF readers, pdfsig)

Configuration: PORT, BALAI_DATA_DIR, DATABASE_URL, BALAI_DEMO (see README.md).
The last line a command prints is its result.`;

async function withStore<T>(config: Config, fn: (db: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const db = await openStore(config);
  initModules(); // commands move cases too (seed files and acts on demo reports): the same wiring as the server
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function ensureWebBuild() {
  if (fs.existsSync(path.join(WEB_DIST, "index.html"))) return;
  console.log("Building the web app (first start)…");
  const { build } = await import("vite");
  await build({ configFile: path.resolve(WEB_DIST, "../../vite.config.ts"), logLevel: "warn" });
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case "start": {
      await ensureWebBuild();
      const db = await openStore(config);
      const platform = await createPlatform(config, db);
      const address = await platform.app.listen({ port: config.port, host: config.host });
      const url = address.replace("0.0.0.0", "localhost").replace("[::]", "localhost");
      process.stdout.write(banner(config, url, platform.demo));
      const stop = async (signal: string) => {
        platform.app.log.info(`${signal}: shutting down`);
        await platform.close();
        process.exit(0);
      };
      process.once("SIGINT", () => void stop("SIGINT"));
      process.once("SIGTERM", () => void stop("SIGTERM"));
      return -1; // keep running
    }
    case "migrate": {
      const db = await openStore(config);
      try {
        const r = await migrate(db);
        console.log(r.applied.length ? `applied: ${r.applied.join(", ")}` : "no pending migrations");
        console.log(`migrations: ${r.total} total, ${r.applied.length} applied now`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case "seed": {
      const r = await withStore(config, (db) => seedDemoPlatform(db, new DiskFileStore(config.filesDir)));
      console.log(r.created ? "demo tenant 16.71 Kota Palembang seeded" : "demo tenant 16.71 already present");
      return 0;
    }
    case "tenant": {
      if (sub === "list") {
        const tenants = await withStore(config, (db) => listTenants(db));
        for (const t of tenants) console.log(`${t.id}\t${t.name}${t.isDefault ? "\t(default)" : ""}`);
        console.log(`${tenants.length} tenants`);
        return 0;
      }
      if (sub !== "create") break;
      const { values } = parseArgs({
        args: rest,
        options: { region: { type: "string" }, host: { type: "string", multiple: true }, default: { type: "boolean" } },
      });
      if (!values.region) throw new UsageError("tenant create needs --region CODE, e.g. --region 35.73");
      const t = await withStore(config, (db) =>
        db.tx((q) => createTenant(q, { region: values.region as string, hosts: values.host, isDefault: values.default })),
      );
      console.log(`hosts: ${t.hosts.join(", ")}; ${t.opds} OPD units`);
      console.log(`created tenant ${t.id} ${t.name}: ${t.kecamatan} kecamatan, ${t.kelurahan} kelurahan`);
      return 0;
    }
    case "user": {
      if (sub !== "create") break;
      const { values } = parseArgs({
        args: rest,
        options: {
          tenant: { type: "string" },
          email: { type: "string" },
          name: { type: "string" },
          password: { type: "string" },
          role: { type: "string" },
          unit: { type: "string" },
        },
      });
      const email = values.email ? normalizeEmail(values.email) : undefined;
      if (!values.tenant || !email || !values.name || !values.password)
        throw new UsageError("user create needs --tenant, a valid --email, --name and --password");
      if (values.role && !STAFF_ROLES.includes(values.role as StaffRole)) throw new UsageError(`--role must be one of ${STAFF_ROLES.join(", ")}`);
      if (values.role && !values.unit) throw new UsageError("--role needs --unit UNITCODE (e.g. DISKOMINFO)");
      const problems = passwordProblems(values.password, [values.name, email]);
      if (problems.length) throw new UsageError("the password is too weak: use 8+ characters that are hard to guess");
      const hash = await hashPassword(values.password);
      const id = await withStore(config, (db) =>
        db.tx(async (q) => {
          if (!(await q.one("SELECT 1 FROM tenants WHERE id = $1", [values.tenant]))) throw new UsageError(`unknown tenant ${values.tenant}`);
          if (await q.one("SELECT 1 FROM users WHERE tenant_id = $1 AND email = $2", [values.tenant, email]))
            throw new UsageError(`${email} already exists in ${values.tenant}`);
          const unit = values.unit
            ? await q.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = $1 AND code = $2", [values.tenant, values.unit])
            : undefined;
          if (values.unit && !unit) throw new UsageError(`unknown unit ${values.unit} in ${values.tenant}`);
          const user = await q.one<{ id: string }>(
            "INSERT INTO users (tenant_id, kind, name, email, password_hash, verified_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING id",
            [values.tenant, values.role ? "staff" : "citizen", values.name, email, hash],
          );
          if (unit && values.role)
            await q.query("INSERT INTO role_grants (tenant_id, user_id, unit_id, role) VALUES ($1, $2, $3, $4)", [
              values.tenant,
              user?.id,
              unit.id,
              values.role,
            ]);
          const { audit } = await import("./platform/audit.ts");
          await audit(q, {
            tenantId: values.tenant as string,
            actorId: null,
            action: "user.created-by-cli",
            subjectType: "user",
            subjectId: user?.id,
            data: { role: values.role ?? "citizen", unit: values.unit ?? null },
          });
          return user?.id;
        }),
      );
      console.log(`created user ${id}`);
      return 0;
    }
    case "audit": {
      if (sub !== "verify") break;
      const { values } = parseArgs({ args: rest, options: { tenant: { type: "string" } } });
      const reports = await withStore(config, async (db) => {
        const ids = values.tenant ? [values.tenant] : (await listTenants(db)).map((t) => t.id);
        const out = [];
        for (const id of ids) out.push(await verifyAuditChain(db, id));
        return out;
      });
      let bad = 0;
      for (const r of reports) {
        if (r.ok) console.log(`${r.tenantId}: ${r.checked} entries in ${r.lanes} lane(s), chain intact`);
        else {
          bad++;
          console.log(`${r.tenantId}: TAMPERED at entry ${r.firstBad?.seq} of lane ${r.firstBad?.lane} (${r.firstBad?.reason}); ${r.checked} entries checked before it are intact`);
        }
      }
      console.log(bad ? `audit verify: FAILED, ${bad} tenant chain(s) tampered` : `audit verify: OK, ${reports.length} tenant chain(s) intact`);
      return bad ? 1 : 0;
    }
    case "catalog": {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { tenant: { type: "string" } } });
      const dir = positionals[0];
      if (!dir || (sub !== "validate" && sub !== "import"))
        throw new UsageError("usage: balai catalog validate DIR | balai catalog import DIR [--tenant CODE]");
      const catalog = await loadCatalogDir(path.resolve(dir));
      if (catalog.errors.length) {
        console.log(formatCatalogErrors(catalog.errors));
        console.log(`catalog ${dir}: INVALID, ${catalog.errors.length} error(s)`);
        return 1;
      }
      const kinds = catalog.services.reduce<Record<string, number>>((m, s) => ({ ...m, [s.kind]: (m[s.kind] ?? 0) + 1 }), {});
      if (sub === "validate") {
        console.log(
          `catalog ${dir}: valid, ${catalog.services.length} services in ${catalog.units.length} files (${Object.entries(kinds)
            .map(([k, n]) => `${n} ${k}`)
            .join(", ")})`,
        );
        return 0;
      }
      const r = await withStore(config, async (db) => {
        const tenant = values.tenant ?? (await listTenants(db)).find((t) => t.isDefault)?.id;
        if (!tenant) throw new UsageError("no default tenant: pass --tenant CODE");
        return { tenant, ...(await importCatalogInto(db, tenant, catalog, null)) };
      });
      for (const sk of r.skipped) console.log(`skipped ${sk.key}: tenant ${r.tenant} has no unit ${sk.unit}`);
      console.log(`imported into ${r.tenant}: ${r.created} new, ${r.updated} new versions, ${r.unchanged} unchanged, ${r.skipped.length} skipped services`);
      return 0;
    }
    case "apikey": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { tenant: { type: "string" }, name: { type: "string" }, scope: { type: "string", multiple: true } },
      });
      if (sub !== "create" && sub !== "list" && sub !== "revoke")
        throw new UsageError("usage: balai apikey create --name APP --scope open311 [--tenant CODE] | apikey list | apikey revoke ID");
      if (sub === "create" && (!values.name || !values.scope?.length)) throw new UsageError("apikey create needs --name APP and --scope SCOPE (e.g. open311)");
      if (sub === "revoke" && !positionals[0]) throw new UsageError("apikey revoke needs the key id (see apikey list)");
      const { createApiKey, listApiKeys, revokeApiKey } = await import("./modules/apikeys/service.ts");
      return withStore(config, async (db) => {
        const tenant = values.tenant ?? (await listTenants(db)).find((t) => t.isDefault)?.id;
        if (!tenant) throw new UsageError("no default tenant: pass --tenant CODE");
        if (!(await db.one("SELECT 1 FROM tenants WHERE id = $1", [tenant]))) throw new UsageError(`unknown tenant ${tenant}`);
        if (sub === "list") {
          const keys = await listApiKeys(db, tenant);
          for (const k of keys) console.log(`${k.id}\t${k.prefix}…\t${k.name}\t${k.scopes.join(",")}\t${k.revokedAt ? "revoked" : "active"}`);
          console.log(`${keys.length} API keys in ${tenant}`);
          return 0;
        }
        if (sub === "revoke") {
          const id = positionals[0] as string;
          if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError(`not a key id: ${id}`);
          const k = await db.tx((q) => revokeApiKey(q, tenant, id, null));
          console.log(`revoked API key ${k.prefix}… (${k.name}) in ${tenant}`);
          return 0;
        }
        const k = await db.tx((q) => createApiKey(q, { tenantId: tenant, name: values.name as string, scopes: values.scope as string[], actorId: null }));
        console.log(`created API key ${k.id} "${k.name}" for ${tenant}, scopes ${k.scopes.join(",")}; store it now, it is not shown again:`);
        console.log(k.key);
        return 0;
      });
    }
    case "regions": {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { tenant: { type: "string" } } });
      const file = positionals[1];
      if (sub !== "boundaries" || positionals[0] !== "import" || !file)
        throw new UsageError("usage: balai regions boundaries import FILE.geojson [--tenant CODE]");
      let geojson: unknown;
      try {
        geojson = JSON.parse(fs.readFileSync(path.resolve(file), "utf8"));
      } catch (err) {
        throw new UsageError(`cannot read ${file} as GeoJSON: ${(err as Error).message}`);
      }
      const r = await withStore(config, async (db) => {
        const tenant = values.tenant ?? (await listTenants(db)).find((t) => t.isDefault)?.id;
        if (!tenant) throw new UsageError("no default tenant: pass --tenant CODE");
        if (!(await db.one("SELECT 1 FROM tenants WHERE id = $1", [tenant]))) throw new UsageError(`unknown tenant ${tenant}`);
        return db.tx(async (q) => {
          const result = await importBoundaries(q, tenant, geojson);
          await audit(q, {
            tenantId: tenant,
            actorId: null,
            action: "regions.boundaries-imported",
            subjectType: "tenant",
            subjectId: tenant,
            data: { file: path.basename(file), imported: result.imported, unmatched: result.unmatched.length },
          });
          return result;
        });
      });
      for (const u of r.unmatched) console.log(`unmatched: ${u}`);
      console.log(`imported ${r.imported} kelurahan boundaries, ${r.unmatched.length} unmatched`);
      return 0;
    }
    case "ca": {
      const { values } = parseArgs({ args: rest, allowPositionals: true, options: { tenant: { type: "string" }, out: { type: "string" } } });
      if (sub !== "init" && sub !== "root") throw new UsageError("usage: balai ca init [--tenant CODE] | balai ca root [--tenant CODE] [--out FILE.pem]");
      const { ensureCa } = await import("./modules/documents/index.ts");
      return withStore(config, async (db) => {
        const id = values.tenant ?? (await listTenants(db)).find((t) => t.isDefault)?.id;
        const tenant = id ? await db.one<{ id: string; name: string }>("SELECT id, name FROM tenants WHERE id = $1", [id]) : undefined;
        if (!tenant) throw new UsageError(id ? `unknown tenant ${id}` : "no default tenant: pass --tenant CODE");
        const ca = await db.tx((q) => ensureCa(q, tenant, config.caSecret));
        if (values.out) fs.writeFileSync(path.resolve(values.out), ca.cert.toString());
        if (sub === "root" && !values.out) process.stdout.write(ca.cert.toString());
        console.log(`root CA of ${tenant.id} (${tenant.name}): SHA-256 ${ca.fingerprint}${values.out ? `, written to ${values.out}` : ""}`);
        return 0;
      });
    }
    case "transit": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          tenant: { type: "string" },
          url: { type: "string" },
          key: { type: "string" },
          mqtt: { type: "string" },
          every: { type: "string" },
          once: { type: "boolean" },
        },
      });
      if (sub === "import") {
        const file = positionals[0];
        if (!file) throw new UsageError("usage: balai transit import FEED.zip [--tenant CODE]");
        const { importFeedFile } = await import("./modules/transit/cli.ts");
        return withStore(config, async (db) => {
          await importFeedFile(db, file, values.tenant, (line) => console.log(line));
          return 0;
        });
      }
      if (sub === "simulate") {
        if (!values.url || (!values.key && !values.mqtt))
          throw new UsageError("usage: balai transit simulate --url http://localhost:3000 --key AVL_KEY (or --mqtt mqtt://HOST:1883) [--tenant CODE]");
        const base = values.url.replace(/\/+$/, "");
        const tenant = values.tenant ?? "16.71";
        const every = Number(values.every ?? 5);
        const headers = { "x-balai-tenant": tenant };
        const { readFeed } = await import("./modules/transit/gtfs.ts");
        const { simulatePositions } = await import("./modules/transit/simulator.ts");
        const res = await fetch(`${base}/gtfs/static.zip`, { headers });
        if (!res.ok) throw new UsageError(`cannot read ${base}/gtfs/static.zip: HTTP ${res.status}`);
        const { network, summary } = await readFeed(new Uint8Array(await res.arrayBuffer()));
        console.log(`simulating buses of "${summary.agency}" (${summary.trips} trips) every ${every} s; Ctrl-C to stop`);
        const mqtt = values.mqtt ? await (await import("mqtt")).connectAsync(values.mqtt) : null;
        const { mqttTopic } = await import("./modules/transit/jobs.ts");
        for (;;) {
          const positions = simulatePositions(network, Date.now() / 1000);
          if (mqtt) {
            await mqtt.publishAsync(mqttTopic(tenant), JSON.stringify({ positions }));
            console.log(`${new Date().toISOString()} published ${positions.length} positions to ${mqttTopic(tenant)}`);
          } else if (positions.length) {
            const r = await fetch(`${base}/api/transit/positions`, {
              method: "POST",
              headers: { ...headers, "content-type": "application/json", "x-api-key": values.key as string },
              body: JSON.stringify({ positions }),
            });
            console.log(`${new Date().toISOString()} ${positions.length} buses: HTTP ${r.status}${r.ok ? "" : ` ${await r.text()}`}`);
            if (r.status === 401) return 2;
          } else console.log(`${new Date().toISOString()} no trip under way now`);
          if (values.once) {
            await mqtt?.endAsync();
            return 0;
          }
          await new Promise((r) => setTimeout(r, every * 1000));
        }
      }
      throw new UsageError("usage: balai transit import FEED.zip | balai transit simulate --url URL --key KEY");
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(HELP);
      return 0;
  }
  throw new UsageError(`unknown command: ${argv.join(" ")}`);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    console.error(formatCliError(err) ?? err);
    process.exit(2);
  },
);
