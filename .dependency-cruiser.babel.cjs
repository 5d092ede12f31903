// Babel setup for dependency-cruiser only (it reads TypeScript through Babel: its own TypeScript support stops
// before typescript@7). Type-only imports and re-exports that leave the module ("../<module>/…") are turned into plain
// ones before the TypeScript preset strips types (plugins run before presets), so the boundary rule sees
// `import type` from another module's internals too. Type-only imports inside a module stay erased (a store may
// name its service's types without that counting as a cycle).
const OTHER_MODULE = /^\.\.\/[^./]/;
function keepTypeImports() {
  const asValue = (node, key) => {
    if (node && node[key] === "type") node[key] = "value";
  };
  return {
    visitor: {
      Program: {
        enter(path) {
          for (const node of path.node.body) {
            if (!node.source || !OTHER_MODULE.test(node.source.value)) continue;
            if (node.type === "ImportDeclaration") {
              asValue(node, "importKind");
              for (const s of node.specifiers) asValue(s, "importKind");
            } else if (node.type === "ExportNamedDeclaration" || node.type === "ExportAllDeclaration") {
              asValue(node, "exportKind");
              for (const s of node.specifiers ?? []) asValue(s, "exportKind");
            }
          }
        },
      },
    },
  };
}

module.exports = {
  plugins: [keepTypeImports],
  presets: [["@babel/preset-typescript", { onlyRemoveTypeImports: true }]],
};
