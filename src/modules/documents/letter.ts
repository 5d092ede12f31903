/** Composing the letter: the template's text filled from the case, the unit's letterhead, the number format. */
import type { Config } from "../../platform/config.ts";
import type { Queryable } from "../../platform/db.ts";
import { notFound } from "../../platform/errors.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { localDate } from "../../platform/workdays.ts";
import type { DocumentTemplate, FormField, ResolvedService } from "../catalog/index.ts";
import type { CaseRow } from "../cases/index.ts";
import { verifyUrl } from "./context.ts";
import { type Letter, tanggalIndonesia } from "./pdf.ts";
import type * as store from "./store.ts";
import * as refs from "./store-refs.ts";

interface UnitInfo {
  id: string;
  name: string;
  kind: string;
  chain: Array<{ name: string; kind: string }>;
}

async function unitInfo(q: Queryable, tenantId: string, unitId: string): Promise<UnitInfo> {
  const rows = await refs.unitChain(q, tenantId, unitId);
  const self = rows[rows.length - 1];
  if (!self) throw notFound("unit-not-found");
  return { id: self.id, name: self.name, kind: self.kind, chain: rows.filter((r) => r.kind !== "pemda").map((r) => ({ name: r.name, kind: r.kind })) };
}

/** "Lurah 26 Ilir D. I", "Camat Ilir Barat I", "Kepala Dinas …". */
export function roleTitle(role: string, unitName: string): string {
  if (role === "lurah") return `Lurah ${unitName.replace(/^Kelurahan\s+/i, "")}`;
  if (role === "camat") return `Camat ${unitName.replace(/^Kecamatan\s+/i, "")}`;
  return `Kepala ${unitName}`;
}

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

export function formatNumber(scheme: string, v: { seq: number; date: Date; timezone: string; unitCode: string }): string {
  const [y, m] = localDate(v.date, v.timezone).split("-");
  const short = v.unitCode.split(".").pop() ?? v.unitCode;
  return scheme
    .replaceAll("{seq}", String(v.seq))
    .replaceAll("{year}", y)
    .replaceAll("{month}", ROMAN[Number(m) - 1])
    .replaceAll("{unitCode}", v.unitCode)
    .replaceAll("{unit}", short);
}

async function fieldText(q: Queryable, tenantId: string, f: FormField, value: unknown): Promise<string> {
  if (value === undefined || value === null || value === "") return "-";
  switch (f.type) {
    case "address": {
      const a = value as { street?: string; rt?: string; rw?: string; kelurahan?: string; kecamatan?: string };
      const codes = [a.kelurahan, a.kecamatan].filter(Boolean) as string[];
      const names = new Map((await refs.unitNamesByCode(q, tenantId, codes)).map((r) => [r.code, r.name]));
      return [a.street, a.rt || a.rw ? `RT ${a.rt ?? "-"}/RW ${a.rw ?? "-"}` : "", names.get(a.kelurahan ?? ""), names.get(a.kecamatan ?? "")]
        .filter(Boolean)
        .join(", ");
    }
    case "number":
      return Number(value).toLocaleString("id-ID");
    case "date":
      return tanggalIndonesia(new Date(`${String(value)}T12:00:00Z`));
    case "choice":
      return f.options?.find((o) => o.value === value)?.label.id ?? String(value);
    case "multichoice":
      return (value as string[]).map((v) => f.options?.find((o) => o.value === v)?.label.id ?? v).join(", ");
    case "checkbox":
      return value ? "Ya" : "Tidak";
    case "file":
      return "-";
    default:
      return String(value);
  }
}

export interface SignerIdentity {
  name: string;
  nip: string | null;
  delegation: { kind: "plt" | "plh"; principalName: string } | null;
}

export async function composeLetter(
  q: Queryable,
  ctx: { tenant: Tenant; config: Config; baseUrl?: string },
  doc: store.DocumentRow,
  c: CaseRow,
  spec: ResolvedService,
  signer: SignerIdentity,
  number: string | null,
  at: Date,
): Promise<Letter> {
  const t = spec.output?.template as DocumentTemplate;
  const unit = await unitInfo(q, ctx.tenant.id, doc.unit_id);
  const title = roleTitle(doc.signer_role, unit.name);
  const parent = unit.chain.length > 1 ? unit.chain[unit.chain.length - 2].name : ctx.tenant.name;
  const vars: Record<string, string> = {
    city: ctx.tenant.name,
    unit: unit.name,
    "unit.parent": parent,
    "signer.title": title,
    "case.number": c.number ?? "-",
    today: tanggalIndonesia(at, ctx.tenant.timezone),
  };
  for (const f of spec.form.fields) vars[f.name] = await fieldText(q, ctx.tenant.id, f, c.data[f.name]);
  const fill = (s: string) => s.replace(/\{([a-z0-9_.]+)\}/gi, (_, k: string) => vars[k] ?? "-");
  return {
    kop: [`Pemerintah ${ctx.tenant.name}`, ...unit.chain.map((u) => u.name)],
    kopAddress: t.address ? fill(t.address) : undefined,
    title: t.title,
    number: number ?? "… (diberikan saat ditandatangani)",
    body: t.body.map((b) => (typeof b === "string" ? fill(b) : { rows: b.rows.map((r) => [r.label, fill(r.value)] as [string, string]) })),
    place: ctx.tenant.name.replace(/^(Kota|Kabupaten)\s+/i, ""),
    date: tanggalIndonesia(at, ctx.tenant.timezone),
    signer: { title, name: signer.name, nip: signer.nip, delegation: signer.delegation },
    verifyUrl: verifyUrl(ctx.baseUrl ?? ctx.config.publicUrl, doc.code),
    preview: number === null,
  };
}
