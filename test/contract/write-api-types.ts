/** `npm run api:types`: writes web/api-types.ts and web/api-types/<area>.ts from the route schemas (test/contract/openapi.ts). */
import { writeTypeFiles } from "./api-types-files.ts";
import { buildOpenApi, renderTypeFiles, WEB_DIR } from "./openapi.ts";

const files = renderTypeFiles(await buildOpenApi());
writeTypeFiles(WEB_DIR, files);
console.log(`wrote ${files.size} files: ${WEB_DIR}api-types.ts and ${WEB_DIR}api-types/`);
