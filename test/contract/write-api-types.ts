/** `npm run api:types`: writes web/api-types.ts from the route schemas (test/contract/openapi.ts). */
import fs from "node:fs";
import { API_TYPES_FILE, buildOpenApi, renderTypes } from "./openapi.ts";

fs.writeFileSync(API_TYPES_FILE, renderTypes(await buildOpenApi()));
console.log(`wrote ${API_TYPES_FILE}`);
