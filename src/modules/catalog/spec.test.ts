import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  buildCatalog,
  type CatalogContext,
  type CatalogError,
  type LoadedCatalog,
  loadCatalogDir,
  validateCatalogFile,
  validateWorkflow,
  type Workflow,
} from "./spec.ts";
import { serviceHead } from "../../../test/service-spec.ts";

const CATALOG_DIR = fileURLToPath(new URL("../../../catalog/", import.meta.url));

let catalog: LoadedCatalog;
let ctx: CatalogContext;

beforeAll(async () => {
  catalog = await loadCatalogDir(CATALOG_DIR);
  ctx = {
    workflows: catalog.workflows,
    categories: catalog.categories.map((c) => c.key),
    lifeEvents: catalog.lifeEvents.map((l) => l.key),
    sharedFields: catalog.sharedFields,
  };
});

/** A minimal valid OPD file with one service; tweak it per test. */
function opdFile(overrides: Record<string, unknown> = {}, extraServices: Record<string, unknown>[] = []) {
  return {
    unit: "DISHUB",
    services: [
      {
        ...serviceHead({
          key: "contoh-layanan",
          prefix: "CTH",
          kind: "application",
          summary: { id: "Layanan contoh.", en: "Example service." },
          category: "transportasi",
          slaDays: 4,
        }),
        requirements: [{ id: "KTP-el", en: "e-KTP", field: "ktp" }],
        steps: [{ id: "Ajukan.", en: "Apply." }],
        form: {
          fields: [{ name: "nama", type: "text", label: { id: "Nama", en: "Name" }, required: true }, { use: "ktp" }],
        },
        workflow: "standard-application",
        ...overrides,
      },
      ...extraServices,
    ],
  };
}

function simpleWorkflow(): Workflow {
  return {
    start: "submitted",
    states: [
      { key: "submitted", label: { id: "Diajukan", en: "Submitted" } },
      { key: "done", label: { id: "Selesai", en: "Done" }, terminal: true },
    ],
    actions: [{ key: "finish", label: { id: "Selesai", en: "Finish" }, from: ["submitted"], to: "done", roles: ["opd_operator"] }],
  };
}

function messages(errors: CatalogError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join("\n");
}

describe("default catalog", () => {
  it("loads with zero errors", () => {
    expect(messages(catalog.errors)).toBe("");
  });

  it("has at least 120 services across at least 15 OPD files", () => {
    expect(catalog.services.length).toBeGreaterThanOrEqual(120);
    expect(catalog.units.length).toBeGreaterThanOrEqual(15);
  });

  it("covers every service kind and resolves workflows and shared fields", () => {
    const kinds = new Set(catalog.services.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(["application", "booking", "complaint", "incident"]);
    for (const s of catalog.services) {
      expect(Array.isArray(s.workflow.states)).toBe(true);
      for (const f of s.form.fields) {
        expect(typeof f.name).toBe("string");
        expect(typeof f.type).toBe("string");
      }
    }
  });

  it("has unique keys and prefixes", () => {
    const keys = catalog.services.map((s) => s.key);
    const prefixes = catalog.services.map((s) => s.prefix);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it("defines the required workflow templates", () => {
    for (const name of ["standard-application", "kelurahan-letter", "permit", "simple-request", "complaint", "incident", "booking"]) {
      expect(catalog.workflows[name], name).toBeDefined();
      expect(validateWorkflow(catalog.workflows[name])).toEqual([]);
    }
    expect(catalog.workflows.permit?.states.some((s) => s.payment)).toBe(true);
  });

  it("has the kelurahan domicile letter as specified", () => {
    const skd = catalog.services.find((s) => s.key === "surat-keterangan-domisili");
    expect(skd).toBeDefined();
    expect(skd?.prefix).toBe("SKD");
    expect(skd?.servedBy).toBe("kelurahan");
    expect(skd?.workflowRef).toBe("kelurahan-letter");
    const fields = Object.fromEntries(skd?.form.fields.map((f) => [f.name, f.type]) ?? []);
    expect(fields).toMatchObject({ nik: "nik", nama: "text", alamat: "address", keperluan: "textarea", ktp: "file" });
  });

  it("routes KELURAHAN and KECAMATAN services to the applicant area", () => {
    for (const s of catalog.services) {
      if (s.unit === "KELURAHAN") expect(s.servedBy).toBe("kelurahan");
      if (s.unit === "KECAMATAN") expect(s.servedBy).toBe("kecamatan");
    }
  });
});

describe("validateCatalogFile", () => {
  it("accepts the minimal example", () => {
    expect(messages(validateCatalogFile(opdFile(), "dishub.yaml", ctx))).toBe("");
  });

  it("rejects an unknown field type", () => {
    const file = opdFile({
      form: { fields: [{ name: "nama", type: "texty", label: { id: "Nama", en: "Name" } }] },
      requirements: [],
    });
    const errs = validateCatalogFile(file, "dishub.yaml", ctx);
    const e = errs.find((x) => x.path === "services[0].form.fields[0].type");
    expect(e?.message).toMatch(/unknown field type "texty"; allowed: text, textarea/);
    expect(e?.message).toMatch(/^service "contoh-layanan": /);
    expect(e?.file).toBe("dishub.yaml");
  });

  it("rejects a duplicate service key within a file", () => {
    const file = opdFile({}, [{ ...opdFile().services[0], prefix: "CTHB" }]);
    const errs = validateCatalogFile(file, "dishub.yaml", ctx);
    expect(errs).toContainEqual({
      file: "dishub.yaml",
      path: "services[1].key",
      message: 'duplicate service key "contoh-layanan" (also services[0])',
    });
  });

  it("rejects a duplicate prefix within a file", () => {
    const file = opdFile({}, [{ ...opdFile().services[0], key: "contoh-lain" }]);
    const errs = validateCatalogFile(file, "dishub.yaml", ctx);
    expect(errs.find((e) => e.path === "services[1].prefix")?.message).toBe('service "contoh-lain": duplicate prefix "CTH" (also services[0])');
  });

  it("rejects a choice field without options", () => {
    const file = opdFile({
      form: { fields: [{ name: "jenis", type: "choice", label: { id: "Jenis", en: "Type" }, required: true }] },
      requirements: [],
    });
    const errs = validateCatalogFile(file, "dishub.yaml", ctx);
    expect(errs.find((e) => e.path === "services[0].form.fields[0].options")?.message).toMatch(/choice field "jenis" needs at least one option/);
  });

  it("rejects a bad role name in an inline workflow", () => {
    const wf = simpleWorkflow();
    wf.actions[0] = { ...wf.actions[0], roles: ["opd_boss" as never] } as Workflow["actions"][number];
    const errs = validateCatalogFile(opdFile({ workflow: wf }), "dishub.yaml", ctx);
    const e = errs.find((x) => x.path === "services[0].workflow.actions[0].roles[0]");
    expect(e?.message).toMatch(/unknown role "opd_boss"; allowed: kominfo_admin, opd_admin/);
    expect(errs.filter((x) => x.path === "services[0].workflow.actions[0].roles[0]")).toHaveLength(1);
  });

  it("rejects unknown workflow templates, categories, life events and shared fields", () => {
    const file = opdFile({
      workflow: "nope",
      category: "tidak-ada",
      lifeEvents: ["tidak-ada"],
      form: { fields: [{ use: "tidak_ada" }] },
      requirements: [{ id: "x", en: "x", field: "hilang" }],
    });
    const text = messages(validateCatalogFile(file, "dishub.yaml", ctx));
    expect(text).toMatch(/services\[0\]\.workflow: .*unknown workflow template "nope"/);
    expect(text).toMatch(/services\[0\]\.category: .*unknown category "tidak-ada"/);
    expect(text).toMatch(/services\[0\]\.lifeEvents\[0\]: .*unknown life event "tidak-ada"/);
    expect(text).toMatch(/services\[0\]\.form\.fields\[0\]\.use: .*unknown shared field "tidak_ada"/);
    expect(text).toMatch(/requirements\[0\]\.field: .*field "hilang" which is not in the form/);
  });

  it("requires a counter for offline/hybrid services", () => {
    const errs = validateCatalogFile(opdFile({ channel: "hybrid" }), "dishub.yaml", ctx);
    expect(errs.find((e) => e.path === "services[0].counter")?.message).toMatch(/counter .* is required when channel is offline or hybrid/);
  });

  it("rejects bad keys, prefixes and unknown properties", () => {
    const errs = validateCatalogFile(opdFile({ key: "Bad_Key", prefix: "ab1", colour: "red" }), "dishub.yaml", ctx);
    const text = messages(errs);
    expect(text).toMatch(/services\[0\]\.key: .*must be kebab-case/);
    expect(text).toMatch(/services\[0\]\.prefix: .*must be 2-5 uppercase letters/);
    expect(text).toMatch(/services\[0\]\.colour: .*unknown property "colour"/);
  });

  it("rejects a payment workflow with a zero fee", () => {
    const errs = validateCatalogFile(opdFile({ workflow: "permit" }), "dishub.yaml", ctx);
    expect(errs.find((e) => e.path === "services[0].fee")?.message).toMatch(/payment state but the fee is 0/);
  });

  it("refuses step deadlines that add up past the promise, and accepts stepDays that fit it", () => {
    const over = validateCatalogFile(opdFile({ slaDays: 1 }), "dishub.yaml", ctx);
    expect(over.find((e) => e.path === "services[0].stepDays")?.message).toMatch(
      /step deadlines add up to 4 working days \(submitted → verified → approved → completed\), more than the 1 promised/,
    );
    expect(validateCatalogFile(opdFile({ slaDays: 1, stepDays: { submitted: 0, verified: 1, approved: 0 } }), "dishub.yaml", ctx)).toEqual([]);
    const unknown = validateCatalogFile(opdFile({ stepDays: { signed: 1 } }), "dishub.yaml", ctx);
    expect(unknown.find((e) => e.path === "services[0].stepDays.signed")?.message).toMatch(/not a state of the workflow/);
  });

  it("refuses a legal basis without a regulation number", () => {
    const errs = validateCatalogFile(opdFile({ legalBasis: ["Peraturan Daerah Kota Palembang tentang Pajak Daerah"] }), "dishub.yaml", ctx);
    expect(errs.find((e) => e.path === "services[0].legalBasis[0]")?.message).toMatch(/names no regulation number/);
  });

  it("refuses a retired service that is still published, and one without its notice", () => {
    const retired = { since: "2026-12-02", reason: { id: "Dihapus Perpres No. 96 Tahun 2018.", en: "Abolished." } };
    expect(validateCatalogFile(opdFile({ status: "retired", retired }), "dishub.yaml", ctx)).toEqual([]);
    expect(messages(validateCatalogFile(opdFile({ retired }), "dishub.yaml", ctx))).toMatch(/has a retired block but is still published/);
    expect(messages(validateCatalogFile(opdFile({ status: "retired" }), "dishub.yaml", ctx))).toMatch(/needs a retired block/);
    const listed = validateCatalogFile(opdFile({ status: "retired", retired, lifeEvents: ["mencari-kerja"] }), "dishub.yaml", ctx);
    expect(messages(listed)).toMatch(/still published under life events/);
  });

  it("refuses an approval or a payment of Balai's own for a service a national system holds", () => {
    const simbg = { system: "SIMBG", role: "intake", url: "https://simbg.pu.go.id" };
    const permit = validateCatalogFile(
      opdFile({ nationalSystem: simbg, workflow: "permit", fee: { amount: 0, variable: true }, slaDays: 8 }),
      "dishub.yaml",
      ctx,
    );
    expect(messages(permit)).toMatch(/SIMBG holds this service: Balai must not run a payment step/);
    expect(messages(permit)).toMatch(/must not run a parallel approval/);
    expect(validateCatalogFile(opdFile({ nationalSystem: simbg, workflow: "national-intake" }), "dishub.yaml", ctx)).toEqual([]);
  });

  it("requires the file name to match the unit", () => {
    const errs = validateCatalogFile(opdFile(), "dinkes.yaml", ctx);
    expect(errs.find((e) => e.path === "unit")?.message).toMatch(/must live in a file named dishub\.yaml/);
  });
});

describe("validateWorkflow", () => {
  it("accepts a simple valid workflow", () => {
    expect(validateWorkflow(simpleWorkflow())).toEqual([]);
  });

  it("reports an unreachable state", () => {
    const wf = simpleWorkflow();
    wf.states.push({ key: "orphan", label: { id: "Yatim", en: "Orphan" }, terminal: true });
    expect(validateWorkflow(wf)).toContain('states[2]: state "orphan" is unreachable from start state "submitted"');
  });

  it("reports a dead-end non-terminal state", () => {
    const wf = simpleWorkflow();
    wf.states.push({ key: "stuck", label: { id: "Macet", en: "Stuck" } });
    wf.actions.push({ key: "park", label: { id: "Parkir", en: "Park" }, from: ["submitted"], to: "stuck", roles: ["opd_operator"] });
    expect(validateWorkflow(wf)).toContain('states[2]: state "stuck" is not terminal but has no outgoing action to another state (dead end)');
  });

  it("reports an action to an unknown state", () => {
    const wf = simpleWorkflow();
    wf.actions.push({ key: "jump", label: { id: "Lompat", en: "Jump" }, from: ["submitted"], to: "nowhere", roles: ["opd_operator"] });
    expect(validateWorkflow(wf)).toContain('actions[1].to: action "jump" goes to unknown state "nowhere"');
  });

  it("reports an action from an unknown state", () => {
    const wf = simpleWorkflow();
    wf.actions.push({ key: "back", label: { id: "Kembali", en: "Back" }, from: ["ghost"], to: "submitted", roles: ["opd_operator"] });
    expect(validateWorkflow(wf)).toContain('actions[1].from[0]: action "back" starts from unknown state "ghost"');
  });

  it("reports a missing start state", () => {
    const { start: _start, ...wf } = simpleWorkflow();
    expect(validateWorkflow(wf)).toContain("start: workflow has no start state");
    expect(validateWorkflow({ ...simpleWorkflow(), start: "begin" })).toContain('start: start state "begin" is not one of the states (submitted, done)');
  });

  it("reports outgoing actions from terminal states and missing terminal states", () => {
    const wf = simpleWorkflow();
    wf.actions.push({ key: "reopen", label: { id: "Buka", en: "Reopen" }, from: ["done"], to: "submitted", roles: ["citizen"] });
    expect(validateWorkflow(wf)).toContain('actions[1].from[0]: action "reopen" leaves terminal state "done"; terminal states cannot have outgoing actions');
    const noTerminal = simpleWorkflow();
    noTerminal.states[1] = { key: "done", label: { id: "Selesai", en: "Done" } };
    expect(validateWorkflow(noTerminal)).toContain("states: workflow has no terminal state (mark at least one state with terminal: true)");
  });

  it("reports a bad role name", () => {
    const wf = simpleWorkflow();
    wf.actions[0] = { ...wf.actions[0], roles: ["superuser" as never] } as Workflow["actions"][number];
    expect(validateWorkflow(wf).join("\n")).toMatch(/actions\[0\]\.roles\[0\]: unknown role "superuser" in action "finish"/);
  });
});

describe("whole-catalog checks", () => {
  async function sources() {
    const read = async (f: string) => parse(await readFile(path.join(CATALOG_DIR, f), "utf8")) as unknown;
    return {
      workflows: await read("workflows.yaml"),
      categories: await read("categories.yaml"),
      fields: await read("fields.yaml"),
    };
  }

  it("rejects duplicate keys and prefixes across files", async () => {
    const base = await sources();
    const a = opdFile();
    const b = { ...opdFile(), unit: "DINKES" };
    const result = buildCatalog({
      ...base,
      files: [
        { fileName: "dishub.yaml", data: a },
        { fileName: "dinkes.yaml", data: b },
      ],
    });
    expect(result.errors).toContainEqual({
      file: "dinkes.yaml",
      path: "services[0].key",
      message: 'duplicate service key "contoh-layanan" (also in dishub.yaml services[0])',
    });
    expect(result.errors).toContainEqual({
      file: "dinkes.yaml",
      path: "services[0].prefix",
      message: 'duplicate prefix "CTH" (also used in dishub.yaml services[0])',
    });
  });

  it("reports broken workflow templates in workflows.yaml", async () => {
    const base = await sources();
    const workflows = { workflows: { ...(base.workflows as { workflows: object }).workflows, broken: { ...simpleWorkflow(), start: "x" } } };
    const result = buildCatalog({ ...base, workflows, files: [{ fileName: "dishub.yaml", data: opdFile() }] });
    expect(result.errors).toContainEqual({
      file: "workflows.yaml",
      path: "workflows.broken.start",
      message: 'workflow "broken": start state "x" is not one of the states (submitted, done)',
    });
  });

  it("loads a directory with YAML syntax errors without throwing", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "balai-catalog-"));
    try {
      for (const f of ["workflows.yaml", "categories.yaml", "fields.yaml"]) {
        await writeFile(path.join(dir, f), await readFile(path.join(CATALOG_DIR, f), "utf8"));
      }
      await writeFile(path.join(dir, "dishub.yaml"), "unit: DISHUB\nservices: [\n");
      const result = await loadCatalogDir(dir);
      expect(result.errors[0]?.file).toBe("dishub.yaml");
      expect(result.errors[0]?.message).toMatch(/^YAML syntax error/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
