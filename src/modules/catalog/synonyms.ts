/**
 * Search synonyms, kept as catalog data (catalog/synonyms.yaml): groups of equivalent words and short forms.
 * A query word is searched as itself OR any member of its group; a member that is a phrase is all its words.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";

export type Query = string | { combineWith: "AND" | "OR"; queries: Query[] };

/** Lowercase, no diacritics, single spaces: how queries and documents are compared. */
export function normalizeText(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Words as the index sees them: letters and digits, keeping inner hyphens and slashes (ktp-el, ak/1). */
export function tokenize(s: string): string[] {
  return normalizeText(s)
    .split(/[^\p{L}\p{N}/-]+/u)
    .map((w) => w.replace(/^[-/]+|[-/]+$/g, ""))
    .filter(Boolean);
}

export class Synonyms {
  private readonly groups = new Map<string, string[]>();

  constructor(groups: string[][]) {
    for (const g of groups) {
      const members = [...new Set(g.map(normalizeText).filter(Boolean))];
      for (const m of members) this.groups.set(m, [...new Set([...(this.groups.get(m) ?? []), ...members])]);
    }
  }

  static load(file: string): Synonyms {
    const data = parseYaml(readFileSync(file, "utf8")) as { synonyms?: unknown };
    const groups = Array.isArray(data?.synonyms) ? data.synonyms : [];
    const valid = groups.filter((g): g is unknown[] => Array.isArray(g)).map((g) => g.map(String));
    return new Synonyms(valid);
  }

  /** The MiniSearch query for what a person typed: every word must match, each through any of its synonyms. */
  expand(q: string): Query {
    const words = tokenize(q);
    const used = new Set<number>();
    const parts: Query[] = [];
    // Two-word phrases first ("akta lahir" has none, "kartu keluarga" is one group member).
    for (let i = 0; i < words.length; i++) {
      if (used.has(i)) continue;
      const pair = i + 1 < words.length ? `${words[i]} ${words[i + 1]}` : undefined;
      const key = pair && this.groups.has(pair) ? pair : words[i];
      if (key === pair) used.add(i + 1);
      const members = this.groups.get(key) ?? [key];
      const options: Query[] = members.map((m) => {
        const ws = tokenize(m);
        return ws.length === 1 ? ws[0] : { combineWith: "AND", queries: ws };
      });
      parts.push(options.length === 1 ? options[0] : { combineWith: "OR", queries: options });
    }
    return { combineWith: "AND", queries: parts };
  }
}

let loaded: Synonyms | undefined;
/** The synonyms of the default catalog directory, read once per process. */
export function defaultSynonyms(catalogDir: string): Synonyms {
  loaded ??= Synonyms.load(path.join(catalogDir, "synonyms.yaml"));
  return loaded;
}
