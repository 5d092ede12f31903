/**
 * Each module's SQL names only the tables it owns: another module's table is read or written through that module's
 * index.ts (docs/architecture.md, "Module boundaries"). The owners are listed here, every table the migrations create
 * must have one, and what is still named across a boundary is the allow-list below — which may only shrink: an entry
 * no longer needed fails too, so that it is taken off. A view (migrations' CREATE VIEW) has an owner too; one its owner
 * publishes (a read contract for joins in one statement, e.g. the inbox) may be named by any module.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PLATFORM = "platform";

/** Who owns each table: a module under src/modules, or the platform (src/platform). Some tables have two owners. */
const OWNERS: Record<string, string[]> = {
  // platform: the kernel's own tables (outbox, notifications, audit, sessions, cluster coordination, reference kinds, geo)
  ...Object.fromEntries(
    [
      "outbox_events",
      "notifications",
      "audit_log",
      "audit_heads",
      "sessions",
      "rate_limit_hits",
      "job_leases",
      "region_boundaries",
      "staff_roles",
      "org_unit_kinds",
      "service_kinds",
    ].map((t) => [t, [PLATFORM]]),
  ),
  // tenants: creates the pemda; the platform reads it for each request (`listTenants`, `TenantResolver`)
  tenants: ["tenants", PLATFORM],
  tenant_hosts: ["tenants", PLATFORM],
  // the org-unit tree: created with the tenant, edited and read by admin (`unitsById`, `unitsByCode`, `ensureUnit`, …)
  org_units: ["admin", "tenants"],
  role_grants: ["admin"],
  users: ["accounts"],
  one_time_codes: ["accounts"],
  abuse_counters: ["accounts"],
  ...own("catalog", ["catalog_taxa", "services", "service_versions"]),
  ...own("calendar", ["holidays"]),
  ...own("cases", ["case_counters", "cases", "case_events", "files"]),
  ...own("complaints", ["complaint_details", "complaint_supports", "complaint_flags", "complaint_photos", "complaint_lapor_outbox"]),
  ...own("apikeys", ["api_keys"]),
  ...own("open311", ["open311_requests"]),
  ...own("documents", ["document_cas", "document_certificates", "document_delegations", "documents", "document_counters", "document_bsre_accounts"]),
  ...own("prices", ["price_markets", "price_commodities", "price_entries", "price_alerts"]),
  ...own("transit", ["transit_feeds", "transit_vehicles", "transit_positions"]),
  ...own("emergency", ["incidents", "incident_calls", "responders", "dispatches"]),
  ...own("command", ["cameras", "ingest_events", "ingest_rules"]),
  ...own("health", [
    "health_facilities",
    "health_polis",
    "health_schedules",
    "health_sessions",
    "health_poli_days",
    "health_bookings",
    "health_ws_tokens",
    "health_bpjs_outbox",
  ]),
  ...own("parking", [
    "parking_points",
    "parking_tariffs",
    "parking_attendants",
    "parking_sessions",
    "parking_payments",
    "parking_dev_gateway",
    "parking_settlements",
    "parking_daily",
    "parking_monthly",
    "parking_city_daily",
  ]),
  ...own("oidc", ["oidc_clients", "oidc_models", "oidc_keys", "oidc_nik_consents", "oidc_sign_ins", "identity_links"]),
  ...own("registry", ["registry_apps", "registry_app_api_keys", "infra_servers", "infra_samples", "registry_social_accounts", "opd_pages"]),
  ...own("budget", [
    "budget_nomenclature",
    "budget_accounts",
    "budget_price_standards",
    "budget_years",
    "budget_locks",
    "budget_lines",
    "budget_revisions",
    "budget_revision_lines",
    "budget_realisations",
    "budget_chain",
    "budget_daily_roots",
  ]),
  ...own("spbe", ["spbe_assessments", "spbe_assignments", "spbe_answers", "spbe_evidence"]),
  ...own("schools", [
    "schools",
    "school_classes",
    "school_report_kinds",
    "school_reports",
    "school_report_photos",
    "school_report_reminders",
    "school_work_orders",
  ]),
  ...own("eoffice", ["eoffice_classifications", "eoffice_letters", "eoffice_dispositions", "eoffice_counters"]),
  ...own("frontdoor", ["frontdoor_inbound", "frontdoor_conversations", "frontdoor_accounts"]),
};

/**
 * Views: who owns each, which of its own tables it reads, and whether it is published — a read contract other modules
 * may name in SQL (docs/architecture.md lists them). An unpublished view is named by its owner only.
 */
const VIEWS: Record<string, { owner: string; over: string; published: boolean }> = {
  directory_units: { owner: "admin", over: "org_units", published: true },
  directory_grants: { owner: "admin", over: "role_grants", published: true },
  directory_people: { owner: "accounts", over: "users", published: true },
  catalog_services: { owner: "catalog", over: "services", published: true },
  catalog_versions: { owner: "catalog", over: "service_versions", published: true },
  case_summaries: { owner: "cases", over: "cases", published: true },
  case_reports: { owner: "cases", over: "cases", published: true },
  case_history: { owner: "cases", over: "case_events", published: true },
  case_files: { owner: "cases", over: "files", published: true },
  lapor_public_reports: { owner: "complaints", over: "complaint_details", published: true },
  lapor_report_photos: { owner: "complaints", over: "complaint_photos", published: true },
  open311_addresses: { owner: "open311", over: "open311_requests", published: true },
};

function own(module: string, tables: string[]): Record<string, string[]> {
  return Object.fromEntries(tables.map((t) => [t, [module]]));
}

/**
 * What a module's SQL still names of another owner's tables ("module: table"). Take an entry off by moving the query
 * to the owner (a read or write function exported from its index.ts) — never add one for new code.
 */
const ALLOWED = new Set<string>(
  // empty since issue 13: every module names only its own tables and the views others publish
  [],
);

/** The tables the migrations create. */
function migratedTables(): Set<string> {
  return migrated(/\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)/gi);
}

/** The views the migrations create, each with the tables its definition reads. */
function migratedViews(): Map<string, Set<string>> {
  const views = new Map<string, Set<string>>();
  for (const sql of migrationTexts())
    for (const m of sql.matchAll(/\bcreate\s+(?:or\s+replace\s+)?view\s+([a-z_][a-z0-9_]*)\s+as\b([^;]*);/gi))
      views.set(
        (m[1] as string).toLowerCase(),
        new Set([...(m[2] as string).matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_]*)/gi)].map((t) => (t[1] as string).toLowerCase())),
      );
  return views;
}

function migrationTexts(): string[] {
  const dir = path.join(ROOT, "migrations");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8").replace(/--.*$/gm, ""));
}

function migrated(pattern: RegExp): Set<string> {
  const names = new Set<string>();
  for (const sql of migrationTexts()) for (const m of sql.matchAll(pattern)) names.add((m[1] as string).toLowerCase());
  return names;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path.join(dir, e.name)] : [],
    );
}

/** The tables a piece of TypeScript names in SQL (after FROM, JOIN, INTO, UPDATE, TABLE, REFERENCES), but not its own CTEs. */
function tablesNamed(source: string, tables: Set<string>): Set<string> {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");
  const ctes = new Set(
    [...code.matchAll(/(?:\bwith(?:\s+recursive)?|,)\s+([a-z_][a-z0-9_]*)\s+as\s+(?:not\s+)?(?:materialized\s+)?\(/gi)].map((m) =>
      (m[1] as string).toLowerCase(),
    ),
  );
  const named = new Set<string>();
  for (const m of code.matchAll(/\b(?:from|join|into|update|table|references)\s+([a-z_][a-z0-9_]*)\b/gi)) {
    const t = (m[1] as string).toLowerCase();
    if (tables.has(t) && !ctes.has(t)) named.add(t);
  }
  return named;
}

/** Whether a module may name a table or view in its SQL: it owns it, or it is a view another module publishes. */
function mayName(module: string, t: string): boolean {
  const view = VIEWS[t];
  if (view) return view.owner === module || view.published;
  return (OWNERS[t] ?? []).includes(module);
}

/** "module: table" for every table (or unpublished view) a module's source names that it does not own, with the files naming it. */
function crossings(tables: Set<string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const modules = path.join(ROOT, "src/modules");
  for (const module of fs.readdirSync(modules).sort())
    for (const file of sourceFiles(path.join(modules, module)))
      for (const t of tablesNamed(fs.readFileSync(file, "utf8"), tables))
        if (!mayName(module, t)) {
          const key = `${module}: ${t}`;
          found.set(key, [...(found.get(key) ?? []), path.relative(ROOT, file)]);
        }
  return found;
}

describe("module tables", () => {
  const tables = migratedTables();
  const views = migratedViews();

  it("every table the migrations create has an owner, and every owner exists", () => {
    expect([...tables].filter((t) => !OWNERS[t])).toEqual([]);
    expect(Object.keys(OWNERS).filter((t) => !tables.has(t))).toEqual([]);
    const modules = new Set(fs.readdirSync(path.join(ROOT, "src/modules")));
    expect([...new Set(Object.values(OWNERS).flat())].filter((m) => m !== PLATFORM && !modules.has(m))).toEqual([]);
  });

  it("every view the migrations create has an owner, and reads only that owner's table", () => {
    expect([...views.keys()].filter((v) => !VIEWS[v])).toEqual([]);
    expect(Object.keys(VIEWS).filter((v) => !views.has(v))).toEqual([]);
    for (const [v, { owner, over }] of Object.entries(VIEWS)) {
      expect([...(views.get(v) ?? [])], `view ${v}`).toEqual([over]);
      expect(OWNERS[over] ?? [], `view ${v} over ${over}`).toContain(owner);
    }
  });

  it("a module's SQL names only its own tables (else through the owner's index.ts), apart from the allow-list", () => {
    const found = crossings(new Set([...tables, ...views.keys()]));
    const unexpected = [...found].filter(([k]) => !ALLOWED.has(k)).map(([k, files]) => `${k} (${[...new Set(files)].join(", ")})`);
    expect(unexpected, "another module's table named in SQL: call a function its index.ts exports").toEqual([]);
    expect(
      [...ALLOWED].filter((k) => !found.has(k)),
      "allow-list entries no longer needed: take them off",
    ).toEqual([]);
  });

  it("finds a table named across a boundary, and not a CTE of the same name", () => {
    const t = new Set(["users", "sessions", "schools"]);
    expect([...tablesNamed("q.query(`SELECT s.* FROM schools s JOIN users u ON u.id = s.x`)", t)].sort()).toEqual(["schools", "users"]);
    expect([...tablesNamed("`WITH sessions AS (SELECT 1) SELECT * FROM sessions`", t)]).toEqual([]);
    expect([...tablesNamed("// reads from users\nconst x = 1;", t)]).toEqual([]);
    expect([...tablesNamed('q.query("INSERT INTO users (id) VALUES ($1)")', t)]).toEqual(["users"]);
    expect([...tablesNamed("`SELECT p.name FROM schools s JOIN directory_people p ON p.id = s.x`", new Set([...t, "directory_people"]))].sort()).toEqual([
      "directory_people",
      "schools",
    ]);
  });

  it("lets any module name a published view, and only its owner an unpublished one", () => {
    expect(mayName("schools", "directory_people")).toBe(true);
    expect(mayName("schools", "users")).toBe(false);
    expect(mayName("accounts", "users")).toBe(true);
    VIEWS.private_example = { owner: "accounts", over: "users", published: false };
    try {
      expect(mayName("accounts", "private_example")).toBe(true);
      expect(mayName("schools", "private_example")).toBe(false);
    } finally {
      delete VIEWS.private_example;
    }
  });
});
