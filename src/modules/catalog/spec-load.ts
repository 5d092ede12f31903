/** The whole catalog: building it from sources, loading a directory, formatting errors. */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";

import { SHARED_FILES, type UnitCode } from "./spec-constants.ts";
import { ajvErrors, arr, getValidators, isObj, join, str } from "./spec-errors.ts";
import { checkCatalogFile, checkField } from "./spec-file.ts";
import type {
  CatalogContext,
  CatalogError,
  CatalogSources,
  CatalogUnit,
  FormField,
  LoadedCatalog,
  Localized,
  ResolvedService,
  Taxon,
  Workflow,
} from "./spec-types.ts";
import { checkWorkflow } from "./spec-workflow.ts";

// ---------------------------------------------------------------------------
// Whole catalog
// ---------------------------------------------------------------------------

/** Validates and resolves an already-parsed catalog. loadCatalogDir = read files + this. */
export function buildCatalog(src: CatalogSources): LoadedCatalog {
  const v = getValidators();
  const errors: CatalogError[] = [];

  // workflows.yaml
  const workflows: Record<string, Workflow> = {};
  if (!v.workflows(src.workflows)) errors.push(...ajvErrors(v.workflows.errors, src.workflows, "workflows.yaml"));
  if (isObj(src.workflows) && isObj(src.workflows.workflows)) {
    for (const [name, wf] of Object.entries(src.workflows.workflows)) {
      for (const e of checkWorkflow(wf)) {
        const p = join(`workflows.${name}`, e.path);
        if (!errors.some((x) => x.file === "workflows.yaml" && x.path === p)) {
          errors.push({ file: "workflows.yaml", path: p, message: `workflow "${name}": ${e.message}` });
        }
      }
      if (isObj(wf)) workflows[name] = wf as unknown as Workflow;
    }
  }

  // categories.yaml
  const categories: Taxon[] = [];
  const lifeEvents: Taxon[] = [];
  if (!v.categories(src.categories)) errors.push(...ajvErrors(v.categories.errors, src.categories, "categories.yaml"));
  if (isObj(src.categories)) {
    for (const [list, target] of [
      ["categories", categories],
      ["lifeEvents", lifeEvents],
    ] as const) {
      const seen = new Set<string>();
      arr(src.categories[list]).forEach((t, i) => {
        if (!isObj(t) || typeof t.key !== "string") return;
        if (seen.has(t.key)) errors.push({ file: "categories.yaml", path: `${list}[${i}].key`, message: `duplicate key "${t.key}"` });
        seen.add(t.key);
        target.push(t as unknown as Taxon);
      });
    }
  }

  // fields.yaml (optional)
  const sharedFields: Record<string, FormField> = {};
  if (src.fields !== undefined) {
    if (!v.fields(src.fields)) errors.push(...ajvErrors(v.fields.errors, src.fields, "fields.yaml"));
    if (isObj(src.fields) && isObj(src.fields.fields)) {
      for (const [name, def] of Object.entries(src.fields.fields)) {
        if (!isObj(def)) continue;
        const field = { name, ...def };
        const p = `fields.${name}`;
        if (!v.field(field)) {
          errors.push(...ajvErrors(v.field.errors, field, "fields.yaml").map((e) => ({ ...e, path: join(p, e.path) })));
        }
        errors.push(...checkField(field, p, "").map((e) => ({ ...e, file: "fields.yaml" })));
        sharedFields[name] = field as unknown as FormField;
      }
    }
  }

  // OPD files
  const ctx: CatalogContext = {
    workflows,
    categories: categories.map((c) => c.key),
    lifeEvents: lifeEvents.map((l) => l.key),
    sharedFields,
  };
  const units: CatalogUnit[] = [];
  const services: ResolvedService[] = [];
  const unitFiles = new Map<string, string>();
  const keyAt = new Map<string, string>();
  const prefixAt = new Map<string, string>();
  for (const { fileName, data } of src.files) {
    const file = path.basename(fileName);
    const res = checkCatalogFile(data, file, ctx);
    errors.push(...res.errors);
    if (!isObj(data)) continue;
    const unit = str(data.unit);
    if (unit && !str(data.collection)) {
      if (unitFiles.has(unit)) errors.push({ file, path: "unit", message: `unit "${unit}" is already defined in ${unitFiles.get(unit)}` });
      else unitFiles.set(unit, file);
    }
    arr(data.services).forEach((s, i) => {
      if (!isObj(s)) return;
      const here = `${file} services[${i}]`;
      if (typeof s.key === "string") {
        const other = keyAt.get(s.key);
        if (other && !other.startsWith(`${file} `)) {
          errors.push({ file, path: `services[${i}].key`, message: `duplicate service key "${s.key}" (also in ${other})` });
        } else if (!other) keyAt.set(s.key, here);
      }
      if (typeof s.prefix === "string") {
        const other = prefixAt.get(s.prefix);
        if (other && !other.startsWith(`${file} `)) {
          errors.push({ file, path: `services[${i}].prefix`, message: `duplicate prefix "${s.prefix}" (also used in ${other})` });
        } else if (!other) prefixAt.set(s.prefix, here);
      }
    });
    if (unit) {
      units.push({
        unit: unit as UnitCode,
        ...(isObj(data.name) ? { name: data.name as unknown as Localized } : {}),
        file,
        serviceKeys: res.services.map((s) => s.key),
      });
    }
    services.push(...res.services);
  }
  if (src.files.length === 0) errors.push({ file: "", path: "", message: "catalog has no OPD files" });

  return { dir: src.dir ?? "", units, services, workflows, categories, lifeEvents, sharedFields, errors };
}

async function readYaml(dir: string, file: string, errors: CatalogError[], optional = false): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path.join(dir, file), "utf8");
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    errors.push({ file, path: "", message: `cannot read file: ${(err as Error).message}` });
    return undefined;
  }
  try {
    return parseYaml(text) as unknown;
  } catch (err) {
    errors.push({ file, path: "", message: `YAML syntax error: ${(err as Error).message}` });
    return undefined;
  }
}

/**
 * Loads a catalog directory: workflows.yaml, categories.yaml, optional fields.yaml and
 * every other *.yaml / *.yml file as an OPD file. Never throws for content problems;
 * inspect `errors`.
 */
export async function loadCatalogDir(dir: string): Promise<LoadedCatalog> {
  const readErrors: CatalogError[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (err) {
    readErrors.push({ file: dir, path: "", message: `cannot read catalog directory: ${(err as Error).message}` });
  }
  const workflows = await readYaml(dir, "workflows.yaml", readErrors);
  const categories = await readYaml(dir, "categories.yaml", readErrors);
  const fields = await readYaml(dir, "fields.yaml", readErrors, true);
  const files: Array<{ fileName: string; data: unknown }> = [];
  for (const name of names) {
    if ((SHARED_FILES as readonly string[]).includes(name)) continue;
    const before = readErrors.length;
    const data = await readYaml(dir, name, readErrors);
    if (readErrors.length === before) files.push({ fileName: name, data });
  }
  const catalog = buildCatalog({ dir, workflows: workflows ?? {}, categories: categories ?? {}, fields, files });
  if (readErrors.length > 0) {
    // Suppress schema noise for shared files that failed to read/parse.
    const failed = new Set(readErrors.map((e) => e.file));
    catalog.errors = [...readErrors, ...catalog.errors.filter((e) => !failed.has(e.file))];
  }
  return catalog;
}

/** One line per error: 'disdukcapil.yaml services[2].form.fields[1].type: unknown field type ...' */
export function formatCatalogErrors(errors: CatalogError[]): string {
  return errors.map((e) => `${e.file}${e.path ? ` ${e.path}` : ""}: ${e.message}`).join("\n");
}
