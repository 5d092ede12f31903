/** The common head of a minimal valid service in a catalog file (the spec tests add requirements, form and workflow). */
export function serviceHead(s: { key: string; prefix: string; kind: string; summary: { id: string; en: string }; category: string; slaDays: number }) {
  return {
    key: s.key,
    prefix: s.prefix,
    kind: s.kind,
    name: { id: "Contoh", en: "Example" },
    summary: s.summary,
    category: s.category,
    channel: "online",
    servedBy: "owner",
    fee: { amount: 0 },
    slaDays: s.slaDays,
    legalBasis: ["UU No. 25 Tahun 2009 tentang Pelayanan Publik"],
  };
}
