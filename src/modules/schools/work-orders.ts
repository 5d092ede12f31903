/**
 * Severe facility damage (severity `berat`) in an accepted facility report becomes a work order case for Dinas PUPR:
 * the catalog service `perbaikan-sarana-sekolah` (catalog/pupr.yaml), filed through the case engine's `fileCase` in
 * the reviewer's transaction, with the school's location and the damage photos copied onto the case as its files.
 */
import type { Queryable } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { h3Cell } from "../../platform/geo.ts";
import { AppError } from "../../platform/errors.ts";
import { getServiceRow, getVersion } from "../catalog/index.ts";
import { fileCase, insertCaseFile } from "../cases/index.ts";
import type { SchoolsCtx } from "./common.ts";
import type { Damage } from "./forms.ts";
import * as store from "./store.ts";

export const WORK_ORDER_SERVICE = "perbaikan-sarana-sekolah";

export async function fileWorkOrders(q: Queryable, ctx: SchoolsCtx, report: store.ReportRow, school: store.SchoolRow, damages: Damage[]) {
  const severe = damages.map((d, i) => ({ d, i })).filter(({ d }) => d.severity === "berat");
  if (!severe.length) return [];
  const done = new Set((await store.workOrdersOf(q, ctx.tenant.id, report.id)).map((w) => w.item));
  const svc = await getServiceRow(q, ctx.tenant.id, WORK_ORDER_SERVICE);
  const v = svc?.current_version ? await getVersion(q, ctx.tenant.id, WORK_ORDER_SERVICE, svc.current_version) : undefined;
  if (!svc || !v) throw new AppError("work-order-service-missing", 409, { detail: `Layanan ${WORK_ORDER_SERVICE} (Dinas PUPR) tidak ada di katalog` });
  const out: { item: number; caseId: string; number: string }[] = [];
  for (const { d, i } of severe) {
    if (done.has(i)) continue;
    const c = await fileCase(q, ctx, {
      serviceKey: WORK_ORDER_SERVICE,
      version: svc.current_version as number,
      spec: v.spec,
      applicantId: ctx.actor.userId,
      applicantName: ctx.actor.name,
      data: {
        npsn: school.npsn,
        sekolah: school.name,
        bagian: d.item,
        jenis: d.kind,
        keparahan: d.severity,
        laporan: `${report.kind} ${report.period}`,
        alamat: school.address ?? "",
      },
      unitId: svc.owner_unit_id,
      kelurahan: null,
      kecamatan: school.kecamatan_code,
      lat: school.lat,
      lng: school.lon,
      h3: school.lat != null && school.lon != null ? h3Cell(school.lat, school.lon) : null,
      actor: { id: ctx.actor.userId, name: ctx.actor.name, role: "opd_operator" },
      headline: { id: "perintah kerja perbaikan sekolah diterima Dinas PUPR", en: "school repair work order received by Dinas PUPR" },
    });
    for (const p of await store.photosByIds(q, ctx.tenant.id, d.photoIds))
      await insertCaseFile(q, {
        tenantId: ctx.tenant.id,
        ownerId: ctx.actor.userId,
        caseId: c.id,
        field: "foto",
        filename: p.filename,
        contentType: p.content_type,
        size: p.size,
        sha256: p.sha256,
        storageKey: p.storage_key,
      });
    await store.insertWorkOrder(q, ctx.tenant.id, report.id, i, c.id, c.number as string);
    await audit(q, {
      tenantId: ctx.tenant.id,
      actorId: ctx.actor.userId,
      action: "school.work-order",
      subjectType: "case",
      subjectId: c.id,
      data: { number: c.number, npsn: school.npsn, report: report.id, item: d.item },
    });
    out.push({ item: i, caseId: c.id, number: c.number as string });
  }
  return out;
}
