import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readTypeFiles, typeFileProblems, writeTypeFiles } from "./api-types-files.ts";
import { areaOf, buildOpenApi, countResponses, MAX_LINES, renderTypeFiles, WEB_DIR } from "./openapi.ts";

const doc = await buildOpenApi();
const fresh = renderTypeFiles(doc);

it("web/api-types.ts and web/api-types/ are the contract the routes declare (else: run npm run api:types)", () => {
  const problems = typeFileProblems(readTypeFiles(WEB_DIR), fresh);
  if (problems.length) expect.fail(`the API types differ from the route schemas (${problems.join("; ")}): run npm run api:types and commit them`);
  expect(countResponses(doc).missing).toEqual([]);
});

it("writes one file per area of the API, each under the house limit of 400 lines", () => {
  expect(fresh.has("api-types.ts")).toBe(true);
  expect(fresh.has("api-types/admin.ts")).toBe(true);
  expect(fresh.has("api-types/open311.ts")).toBe(true);
  for (const [name, text] of fresh) expect(text.split("\n").length - 1, name).toBeLessThan(MAX_LINES);
  // Every path is in its area's file, and only there.
  for (const url of Object.keys(doc.paths)) {
    const holders = [...fresh].filter(([, text]) => text.includes(`  ${JSON.stringify(url)}: {`)).map(([name]) => name);
    expect(holders, url).toEqual([`api-types/${areaOf(url)}.ts`]);
  }
  expect(areaOf("/api/admin/units/{id}")).toBe("admin");
  expect(areaOf("/open311/v2/requests.json")).toBe("open311");
});

describe("the comparison of the committed files with the fresh ones", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-api-types-"));
  const committed = () => readTypeFiles(dir);

  it("passes for the files as written", () => {
    writeTypeFiles(dir, fresh);
    expect(typeFileProblems(committed(), fresh)).toEqual([]);
  });

  it("fails on a changed, a missing and a left-over file", () => {
    writeTypeFiles(dir, fresh);
    fs.appendFileSync(path.join(dir, "api-types/admin.ts"), "// edited by hand\n");
    fs.rmSync(path.join(dir, "api-types/open311.ts"));
    fs.writeFileSync(path.join(dir, "api-types/retired.ts"), "export interface RetiredPaths {}\n");
    expect(typeFileProblems(committed(), fresh).sort()).toEqual([
      "missing: web/api-types/open311.ts",
      "not generated: web/api-types/retired.ts",
      "out of date: web/api-types/admin.ts",
    ]);
  });

  it("fails when the index is missing, and writing again puts everything right", () => {
    fs.rmSync(path.join(dir, "api-types.ts"));
    expect(typeFileProblems(committed(), fresh)).toContain("missing: web/api-types.ts");
    writeTypeFiles(dir, fresh);
    expect(typeFileProblems(committed(), fresh)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
