/**
 * Words, not codes: every workflow state and action a person sees has a label in Bahasa Indonesia and English, and
 * every action a case can take has a verb for the audit log's sentences (web/i18n/audit-actions.*.json, "case/<action>").
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { serviceHead } from "../../../test/service-spec.ts";
import { type LoadedCatalog, loadCatalogDir, validateCatalogFile, type Workflow } from "./spec.ts";

const CATALOG_DIR = fileURLToPath(new URL("../../../catalog/", import.meta.url));
const VERBS = (lang: string) => new URL(`../../../web/i18n/audit-actions.${lang}.json`, import.meta.url);

let catalog: LoadedCatalog;
/** Every workflow of the catalog: the shared templates and each service's own (inline) workflow, by where it is. */
let workflows: [string, Workflow][];

beforeAll(async () => {
  catalog = await loadCatalogDir(CATALOG_DIR);
  expect(catalog.errors).toEqual([]);
  workflows = [
    ...Object.entries(catalog.workflows).map(([name, wf]): [string, Workflow] => [`workflows.yaml ${name}`, wf]),
    ...catalog.services.filter((s) => s.workflowRef === null).map((s): [string, Workflow] => [`${s.file} ${s.key}`, s.workflow]),
  ];
});

const blank = (l: { id?: unknown; en?: unknown } | undefined) => !l || typeof l.id !== "string" || typeof l.en !== "string" || !l.id.trim() || !l.en.trim();

describe("workflow labels", () => {
  it("label every state and action of every workflow in Bahasa Indonesia and English", () => {
    expect(workflows.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const [where, wf] of workflows) {
      for (const s of wf.states) if (blank(s.label)) missing.push(`${where}: state ${s.key}`);
      for (const a of wf.actions) if (blank(a.label)) missing.push(`${where}: action ${a.key}`);
    }
    expect(missing).toEqual([]);
  });

  it("refuse a catalog file whose workflow state or action has no English label", () => {
    const wf = {
      start: "submitted",
      states: [
        { key: "submitted", label: { id: "Diajukan" } },
        { key: "done", label: { id: "Selesai", en: "Done" }, terminal: true },
      ],
      actions: [{ key: "finish", label: { id: "Selesaikan", en: "" }, from: ["submitted"], to: "done", roles: ["opd_operator"] }],
    };
    const service = {
      ...serviceHead({
        key: "contoh-label",
        prefix: "CTL",
        kind: "application",
        summary: { id: "Contoh.", en: "Example." },
        category: "transportasi",
        slaDays: 2,
      }),
      requirements: [],
      steps: [{ id: "Ajukan.", en: "Apply." }],
      form: { fields: [{ name: "nama", type: "text", label: { id: "Nama", en: "Name" }, required: true }] },
      workflow: wf,
    };
    const errors = validateCatalogFile({ unit: "DISHUB", services: [service] }, "dishub.yaml", {});
    expect(errors.map((e) => e.path).join("\n")).toMatch(/states\[0\]\.label/);
    expect(errors.map((e) => e.path).join("\n")).toMatch(/actions\[0\]\.label/);
  });

  it("give every workflow action a verb for the audit log, in both languages", async () => {
    const keys = new Set(workflows.flatMap(([, wf]) => wf.actions.map((a) => a.key)));
    for (const lang of ["id", "en"]) {
      const verbs = JSON.parse(await readFile(VERBS(lang), "utf8")) as Record<string, string>;
      const without = [...keys].filter((k) => !verbs[`case/${k}`]?.trim());
      expect(without, `web/i18n/audit-actions.${lang}.json`).toEqual([]);
    }
  });
});
