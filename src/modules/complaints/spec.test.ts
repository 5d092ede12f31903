import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { serviceHead } from "../../../test/service-spec.ts";
import { buildCatalog, type CatalogContext, type LoadedCatalog, loadCatalogDir, validateCatalogFile } from "../catalog/spec.ts";

const CATALOG_DIR = fileURLToPath(new URL("../../../catalog/", import.meta.url));
let catalog: LoadedCatalog;
let ctx: CatalogContext;

beforeAll(async () => {
  catalog = await loadCatalogDir(CATALOG_DIR);
  ctx = { workflows: catalog.workflows, categories: catalog.categories.map((c) => c.key), sharedFields: catalog.sharedFields };
});

function complaintService(overrides: Record<string, unknown> = {}) {
  return {
    ...serviceHead({ key: "lapor-contoh", prefix: "LCTH", kind: "complaint", summary: { id: "Contoh.", en: "Example." }, category: "lingkungan", slaDays: 10 }),
    requirements: [],
    steps: [{ id: "Lapor.", en: "Report." }],
    form: { fields: [{ name: "catatan", type: "text", label: { id: "Catatan", en: "Note" } }] },
    workflow: "lapor",
    complaint: { classification: "pengaduan", routing: { unit: "DLH" }, duplicateRadiusMeters: 100, anonymousAllowed: true },
    ...overrides,
  };
}

const collection = (services: unknown[], extra: Record<string, unknown> = {}) => ({ unit: "DISKOMINFO", collection: "lapor", services, ...extra });

describe("service spec: complaint categories", () => {
  it("loads catalog/lapor.yaml beside diskominfo.yaml without errors", () => {
    expect(catalog.errors).toEqual([]);
    const lapor = catalog.services.filter((s) => s.file === "lapor.yaml");
    expect(lapor.length).toBeGreaterThanOrEqual(11);
    for (const s of lapor) {
      expect(s.unit).toBe("DISKOMINFO");
      expect(s.kind).toBe("complaint");
      expect(s.complaint?.classification).toMatch(/^(aspirasi|pengaduan|permintaan_informasi)$/);
      expect(s.workflowRef).toBe("lapor");
    }
    expect(catalog.services.some((s) => s.file === "diskominfo.yaml")).toBe(true);
  });

  it("accepts a valid collection file and applies the category's limits to the marked states", () => {
    expect(validateCatalogFile(collection([complaintService()]), "lapor.yaml", ctx)).toEqual([]);
    const built = buildCatalog({
      workflows: { workflows: catalog.workflows },
      categories: { categories: catalog.categories, lifeEvents: [] },
      fields: { fields: {} },
      files: [
        {
          fileName: "lapor.yaml",
          data: collection([complaintService({ complaint: { ...complaintService().complaint, limits: { verifyDays: 2, followUpDays: 7 } } })]),
        },
      ],
    });
    expect(built.errors).toEqual([]);
    const states = Object.fromEntries(built.services[0].workflow.states.map((s) => [s.key, s.slaDays]));
    expect(states).toMatchObject({ submitted: 2, in_progress: 7 });
    // The shared template itself is untouched.
    expect(catalog.workflows.lapor.states.find((s) => s.key === "submitted")?.slaDays).toBe(3);
  });

  it("reports wrong complaint blocks and misnamed collection files", () => {
    const msgs = (obj: unknown, file = "lapor.yaml") => validateCatalogFile(obj, file, ctx).map((e) => `${e.path}: ${e.message}`);
    expect(msgs(collection([complaintService({ kind: "application", workflow: "simple-request" })])).join("\n")).toMatch(
      /complaint block is only allowed on services of kind complaint/,
    );
    // A complaint block with one thing wrong, and what the validator says about it.
    const wrongBlocks: [Record<string, unknown>, RegExp][] = [
      [{ classification: "pengaduan", routing: {} }, /routing needs a unit/],
      [{ classification: "keluhan", routing: { unit: "DLH" } }, /classification/],
      [{ classification: "pengaduan", routing: { local: "rt" } }, /local/],
    ];
    for (const [block, message] of wrongBlocks)
      expect(msgs(collection([complaintService({ complaint: { ...block, duplicateRadiusMeters: 1, anonymousAllowed: true } })])).join("\n")).toMatch(message);
    expect(msgs(collection([complaintService()]), "pengaduan.yaml").join("\n")).toMatch(/must live in a file named lapor.yaml/);
    // Without `collection`, the file must still be named after its unit.
    expect(msgs({ unit: "DISKOMINFO", services: [complaintService()] }).join("\n")).toMatch(/must live in a file named diskominfo.yaml/);
  });
});
