/** The generated API types on disk: `web/api-types.ts` and every file in `web/api-types/`, compared as one set. */
import fs from "node:fs";
import path from "node:path";

/** The committed files under `webDir`, by name relative to it (the same keys as `renderTypeFiles`). */
export function readTypeFiles(webDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const index = path.join(webDir, "api-types.ts");
  if (fs.existsSync(index)) files.set("api-types.ts", fs.readFileSync(index, "utf8"));
  const dir = path.join(webDir, "api-types");
  if (fs.existsSync(dir)) for (const name of fs.readdirSync(dir).sort()) files.set(`api-types/${name}`, fs.readFileSync(path.join(dir, name), "utf8"));
  return files;
}

/** What differs between the committed files and the fresh ones: each missing, left-over or changed file, by name. */
export function typeFileProblems(committed: Map<string, string>, fresh: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, text] of fresh)
    if (!committed.has(name)) problems.push(`missing: web/${name}`);
    else if (committed.get(name) !== text) problems.push(`out of date: web/${name}`);
  for (const name of committed.keys()) if (!fresh.has(name)) problems.push(`not generated: web/${name}`);
  return problems;
}

/** Writes the fresh files and removes any file in `web/api-types/` they no longer include. */
export function writeTypeFiles(webDir: string, fresh: Map<string, string>): void {
  fs.mkdirSync(path.join(webDir, "api-types"), { recursive: true });
  for (const name of readTypeFiles(webDir).keys()) if (!fresh.has(name)) fs.rmSync(path.join(webDir, name));
  for (const [name, text] of fresh) fs.writeFileSync(path.join(webDir, name), text);
}
