/**
 * Evaluation frameworks are data: one YAML file per framework version in spbe/frameworks/ (SPBE 2020, Pemdi 2026).
 * This file loads and checks them and computes an index with the framework's weights and predicates.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

export const FRAMEWORK_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../spbe/frameworks");

export interface Indicator {
  code: string;
  name: string;
  weight: number;
  kind: "survey" | "measured";
  prefill: string | null;
  aspect: string;
  domain: string | null;
}
export interface Aspect {
  code: string;
  name: string;
  domain: string | null;
}
export interface Framework {
  key: string;
  version: number;
  name: string;
  legalBasis: string;
  levels: { min: number; max: number; names: Record<string, string> };
  predicates: { min: number; name: string }[];
  domains: { code: string; name: string }[];
  aspects: Aspect[];
  indicators: Indicator[];
}

interface RawIndicator {
  code: string | number;
  name: string;
  weight: number;
  kind?: "survey" | "measured";
  prefill?: string;
}
interface RawAspect {
  code: string;
  name: string;
  indicators: RawIndicator[];
}
interface RawFramework {
  key: string;
  version: number;
  name: string;
  legalBasis?: string;
  levels: { min: number; max: number; names?: Record<string, string> };
  predicates: { min: number; name: string }[];
  domains?: { code: string; name: string; aspects: RawAspect[] }[];
  aspects?: RawAspect[];
}

/** Parses and checks one framework file; throws with every problem found. */
export function parseFramework(text: string, file = "framework"): Framework {
  const raw = YAML.parse(text) as RawFramework;
  const problems: string[] = [];
  if (!raw?.key || !/^[a-z0-9-]+$/.test(raw.key)) problems.push("key: lowercase letters, digits and -");
  if (!Number.isInteger(raw?.version) || raw.version < 1) problems.push("version: a positive integer");
  if (!raw?.levels || !(raw.levels.min < raw.levels.max)) problems.push("levels: min < max");
  if (!raw?.predicates?.length) problems.push("predicates: at least one");
  const domains: Framework["domains"] = [];
  const aspects: Aspect[] = [];
  const indicators: Indicator[] = [];
  const groups = raw?.domains ?? (raw?.aspects ? [{ code: null, name: null, aspects: raw.aspects }] : []);
  for (const d of groups) {
    if (d.code) domains.push({ code: d.code, name: d.name as string });
    for (const a of d.aspects ?? []) {
      aspects.push({ code: a.code, name: a.name, domain: d.code });
      for (const i of a.indicators ?? []) {
        if (!(typeof i.weight === "number" && i.weight > 0)) problems.push(`indicator ${i.code}: weight must be a positive number`);
        indicators.push({
          code: String(i.code),
          name: i.name,
          weight: i.weight,
          kind: i.kind ?? "survey",
          prefill: i.prefill ?? null,
          aspect: a.code,
          domain: d.code,
        });
      }
    }
  }
  if (!indicators.length) problems.push("no indicators");
  if (new Set(indicators.map((i) => i.code)).size !== indicators.length) problems.push("indicator codes must be unique");
  if (problems.length) throw new Error(`${file}: ${problems.join("; ")}`);
  return {
    key: raw.key,
    version: raw.version,
    name: raw.name,
    legalBasis: raw.legalBasis ?? "",
    levels: { min: raw.levels.min, max: raw.levels.max, names: Object.fromEntries(Object.entries(raw.levels.names ?? {}).map(([k, v]) => [String(k), v])) },
    predicates: [...raw.predicates].sort((a, b) => b.min - a.min),
    domains,
    aspects,
    indicators,
  };
}

let cache: Map<string, Framework> | undefined;

/** Every framework in the folder, keyed by `key` (the newest version of each). */
export function frameworks(dir = FRAMEWORK_DIR): Map<string, Framework> {
  if (cache && dir === FRAMEWORK_DIR) return cache;
  const out = new Map<string, Framework>();
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    const fw = parseFramework(fs.readFileSync(path.join(dir, f), "utf8"), f);
    const had = out.get(fw.key);
    if (!had || had.version < fw.version) out.set(fw.key, fw);
  }
  if (dir === FRAMEWORK_DIR) cache = out;
  return out;
}

export function predicateOf(fw: Framework, index: number): string {
  return fw.predicates.find((p) => index >= p.min)?.name ?? fw.predicates[fw.predicates.length - 1].name;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export interface IndexPart {
  code: string;
  name: string;
  index: number;
  weight: number;
  answered: number;
  indicators: number;
}
export interface IndexResult {
  index: number;
  predicate: string;
  answered: number;
  indicators: number;
  domains: IndexPart[];
  aspects: IndexPart[];
}

/**
 * The index: a weighted mean of the indicators' levels with the framework's weights (an indicator without a level
 * counts as 0, as in the official evaluation), per aspect, per domain and overall, with the predicate.
 */
export function computeIndex(fw: Framework, levels: Map<string, number>): IndexResult {
  const part = (code: string, name: string, list: Indicator[]): IndexPart => {
    const w = list.reduce((s, i) => s + i.weight, 0);
    const sum = list.reduce((s, i) => s + (levels.get(i.code) ?? 0) * i.weight, 0);
    return { code, name, index: round2(w ? sum / w : 0), weight: round2(w), answered: list.filter((i) => levels.has(i.code)).length, indicators: list.length };
  };
  const all = part("all", fw.name, fw.indicators);
  return {
    index: all.index,
    predicate: predicateOf(fw, all.index),
    answered: all.answered,
    indicators: all.indicators,
    domains: fw.domains.map((d) =>
      part(
        d.code,
        d.name,
        fw.indicators.filter((i) => i.domain === d.code),
      ),
    ),
    aspects: fw.aspects.map((a) =>
      part(
        a.code,
        a.name,
        fw.indicators.filter((i) => i.aspect === a.code),
      ),
    ),
  };
}
