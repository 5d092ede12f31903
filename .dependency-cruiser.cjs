// @ts-check
/**
 * The module boundary, checked in CI (`npm run depcheck`, step in .ci/run): see docs/architecture.md,
 * "Where does my code go". Test files are exempt (they may reach into any module to set up and observe).
 *
 * KNOWN_VIOLATIONS: imports that still reach into another module's internals while the case engine and the
 * complaints module get their own index.ts (issue 13, item 1). Each entry is "from-file -> to-file". Delete the
 * list (and the `pathNot` that uses it) once cases/index.ts and complaints/index.ts exist and the importers use them;
 * never add to it.
 */
const KNOWN_VIOLATIONS = [
  // cases → catalog, calendar, accounts internals
  "src/modules/cases/file.ts -> src/modules/catalog/spec.ts",
  "src/modules/cases/file.ts -> src/modules/calendar/service.ts",
  "src/modules/cases/hooks.ts -> src/modules/catalog/spec.ts",
  "src/modules/cases/inbox.ts -> src/modules/calendar/service.ts",
  "src/modules/cases/service.ts -> src/modules/calendar/service.ts",
  "src/modules/cases/service.ts -> src/modules/catalog/spec.ts",
  "src/modules/cases/service.ts -> src/modules/catalog/store.ts",
  "src/modules/cases/form.ts -> src/modules/catalog/spec.ts",
  "src/modules/cases/form.ts -> src/modules/accounts/identifiers.ts",
  // complaints → catalog, cases internals
  "src/modules/complaints/service.ts -> src/modules/catalog/spec.ts",
  "src/modules/complaints/service.ts -> src/modules/cases/file.ts",
  "src/modules/complaints/service.ts -> src/modules/cases/form.ts",
  "src/modules/complaints/service.ts -> src/modules/cases/service.ts",
  "src/modules/complaints/service.ts -> src/modules/cases/store.ts",
  "src/modules/complaints/demo.ts -> src/modules/cases/service.ts",
  "src/modules/complaints/kelurahan.ts -> src/modules/cases/service.ts",
  "src/modules/complaints/kelurahan.ts -> src/modules/cases/store.ts",
  "src/modules/complaints/store.ts -> src/modules/catalog/spec.ts",
  "src/modules/complaints/routing.ts -> src/modules/catalog/spec.ts",
  // emergency, documents, open311 → cases and complaints internals (they switch to cases/index.ts, complaints/index.ts)
  "src/modules/emergency/record.ts -> src/modules/cases/file.ts",
  "src/modules/emergency/record.ts -> src/modules/cases/service.ts",
  "src/modules/emergency/dispatch.ts -> src/modules/cases/file.ts",
  "src/modules/emergency/dispatch.ts -> src/modules/cases/service.ts",
  "src/modules/emergency/store.ts -> src/modules/cases/store.ts",
  "src/modules/emergency/model.ts -> src/modules/cases/file.ts",
  "src/modules/documents/sign.ts -> src/modules/cases/service.ts",
  "src/modules/documents/sign.ts -> src/modules/cases/store.ts",
  "src/modules/documents/verification.ts -> src/modules/cases/store.ts",
  "src/modules/documents/index.ts -> src/modules/cases/hooks.ts",
  "src/modules/documents/case-hook.ts -> src/modules/cases/hooks.ts",
  "src/modules/documents/letter.ts -> src/modules/cases/store.ts",
  "src/modules/documents/citizen-copy.ts -> src/modules/cases/service.ts",
  "src/modules/documents/citizen-copy.ts -> src/modules/cases/store.ts",
  "src/modules/open311/submit.ts -> src/modules/complaints/service.ts",
];

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const TESTS = "\\.test\\.ts$|(^|/)test/";
/** Any file of another module than the importer's (captured as $1 by `from`), except that module's index.ts. */
const OTHER_MODULE_INTERNAL = "^src/modules/(?!$1/)[^/]+/(?!index\\.ts$)";
const boundary = {
  name: "module-through-index",
  comment:
    "A module reaches another module only through that module's index.ts (its public face). Export what others need from index.ts instead of importing store.ts, service.ts or any other file.",
  severity: "error",
};

// The allowance, grouped per source file: that file may still reach exactly the listed targets, nothing else.
const allowedBySource = new Map();
for (const v of KNOWN_VIOLATIONS) {
  const [from, to] = v.split(" -> ");
  allowedBySource.set(from, [...(allowedBySource.get(from) ?? []), to]);
}
const allowanceRules = [...allowedBySource].map(([from, targets]) => {
  const [, mod, rest] = /^src\/modules\/([^/]+)\/(.+)$/.exec(from);
  return {
    ...boundary,
    from: { path: `^src/modules/(${escapeRe(mod)})/${escapeRe(rest)}$` },
    to: { path: OTHER_MODULE_INTERNAL, pathNot: `^(${targets.map(escapeRe).join("|")})$` },
  };
});

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
      from: { path: "^src/modules/([^/]+)/", pathNot: [TESTS, ...[...allowedBySource.keys()].map((f) => `^${escapeRe(f)}$`)] },
      to: { path: OTHER_MODULE_INTERNAL },
    },
    ...allowanceRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|web|bench|test)/" },
    babelConfig: { fileName: ".dependency-cruiser.babel.cjs" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
