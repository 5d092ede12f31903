import type { Unit } from "../../api.ts";

export interface UnitNode extends Unit {
  children: UnitNode[];
  depth: number;
}

const KIND_ORDER = ["pemda", "opd", "uptd", "bidang", "puskesmas", "kecamatan", "kelurahan"];

/** Which kinds of sub-unit each kind may hold (mirrors the server's rule). */
export const CHILD_KINDS: Record<string, string[]> = {
  pemda: ["opd", "kecamatan", "uptd"],
  opd: ["bidang", "uptd", "puskesmas"],
  bidang: ["bidang"],
  uptd: ["bidang"],
  kecamatan: ["kelurahan"],
  kelurahan: [],
  puskesmas: [],
};

export function buildTree(units: Unit[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>(units.map((u) => [u.id, { ...u, children: [], depth: 0 }]));
  const roots: UnitNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const sort = (list: UnitNode[], depth: number) => {
    list.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name, "id"));
    for (const n of list) {
      n.depth = depth;
      sort(n.children, depth + 1);
    }
  };
  sort(roots, 0);
  return roots;
}

/** Depth-first list, for pickers. */
export function flatten(tree: UnitNode[]): UnitNode[] {
  const out: UnitNode[] = [];
  const walk = (list: UnitNode[]) => {
    for (const n of list) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(tree);
  return out;
}

/** Ids of the given units and everything beneath them. */
export function subtree(tree: UnitNode[], rootIds: string[]): Set<string> {
  const out = new Set<string>();
  const walk = (list: UnitNode[], inside: boolean) => {
    for (const n of list) {
      const here = inside || rootIds.includes(n.id);
      if (here) out.add(n.id);
      walk(n.children, here);
    }
  };
  walk(tree, false);
  return out;
}
