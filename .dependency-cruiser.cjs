// @ts-check
/**
 * The module boundary, checked in CI (`npm run depcheck`, step in .ci/run): see docs/architecture.md,
 * "Where does my code go". Test files are exempt (they may reach into any module to set up and observe).
 */

const TESTS = "\\.test\\.ts$|(^|/)test/";
/** Any file of another module than the importer's (captured as $1 by `from`), except that module's index.ts. */
const OTHER_MODULE_INTERNAL = "^src/modules/(?!$1/)[^/]+/(?!index\\.ts$)";
const boundary = {
  name: "module-through-index",
  comment:
    "A module reaches another module only through that module's index.ts (its public face). Export what others need from index.ts instead of importing store.ts, service.ts or any other file.",
  severity: "error",
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "No import cycles (within or across modules).",
      severity: "error",
      from: { path: "^src/", pathNot: TESTS },
      to: { circular: true, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "platform-imports-no-module",
      comment: "src/platform is the kernel: it never imports a module (modules register with it instead).",
      severity: "error",
      from: { path: "^src/platform/", pathNot: TESTS },
      to: { path: "^src/modules/" },
    },
    {
      ...boundary,
      from: { path: "^src/modules/([^/]+)/", pathNot: TESTS },
      to: { path: OTHER_MODULE_INTERNAL },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|web|bench|test)/" },
    babelConfig: { fileName: ".dependency-cruiser.babel.cjs" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
