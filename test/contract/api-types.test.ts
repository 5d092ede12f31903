import fs from "node:fs";
import { expect, it } from "vitest";
import { API_TYPES_FILE, buildOpenApi, countResponses, renderTypes } from "./openapi.ts";

it("web/api-types.ts is the contract the routes declare (else: run npm run api:types)", async () => {
  const doc = await buildOpenApi();
  const fresh = renderTypes(doc);
  const committed = fs.existsSync(API_TYPES_FILE) ? fs.readFileSync(API_TYPES_FILE, "utf8") : "";
  if (committed !== fresh) expect.fail("web/api-types.ts differs from the route schemas: run npm run api:types and commit it");
  expect(countResponses(doc).missing).toEqual([]);
});
