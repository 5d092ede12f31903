/**
 * Placing a report whose kelurahan is not determined yet ("kelurahan belum ditentukan", see ./place.ts): Kominfo's
 * verifier (or staff of the unit handling the report) sets it; the report then routes as if it had come with it.
 * Staff may also correct a kelurahan. One transaction: case and details rows, case event, outbox event, audit.
 */
import { audit } from "../../platform/audit.ts";
import { conflict, forbidden, notFound } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import { kecamatanOf } from "../../platform/geo.ts";
import { getUnit, unitsByCode } from "../admin/index.ts";
import { appendCaseEvent, setCasePlace, specOf } from "../cases/index.ts";
import { checkKelurahan } from "./place.ts";
import * as placeStore from "./place-store.ts";
import { routeReport } from "./routing.ts";
import { canRead, type LaporCtx, requireUser, staffRoles } from "./common.ts";
import * as store from "./store.ts";

export async function setReportKelurahan(ctx: LaporCtx, id: string, input: { kelurahan: string; version?: number }) {
  const actor = requireUser(ctx);
  const tenantId = ctx.tenant.id;
  return ctx.db.tx(async (q) => {
    const r = await store.getReport(q, tenantId, id, true);
    if (!r || !canRead(actor, r)) throw notFound("report-not-found");
    const roles = staffRoles(actor, r);
    const kominfo = actor.grants.some((g) => g.role === "kominfo_admin");
    if (!kominfo && !roles.length) throw forbidden();
    if (!r.is_open) throw conflict("report-closed");
    if (input.version !== undefined && input.version !== r.version) throw conflict("stale-version");
    const unit = await checkKelurahan(q, tenantId, input.kelurahan);
    const kecamatan = kecamatanOf(unit.code);
    const spec = await specOf(q, tenantId, r.service_key, r.service_version);
    // While the report waits for verification, the routing rule is applied again with the new place (a local category
    // now finds its kelurahan); once forwarded, where it went stays as it is.
    const awaitingVerification = r.state === spec.workflow.start;
    const route =
      awaitingVerification && spec.complaint ? await routeReport(q, tenantId, spec.complaint.routing, { kelurahan: unit.code, kecamatan }) : undefined;
    const routedUnitId = awaitingVerification ? (route?.unitId ?? r.routed_unit_id) : r.routed_unit_id;
    const updated = await setCasePlace(q, tenantId, id, r.version, { kelurahan: unit.code, kecamatan });
    if (!updated) throw conflict("stale-version");
    await placeStore.setDetailsPlace(q, tenantId, id, { kelurahan: unit.code, kecamatan, routedUnitId });
    const role = roles[0] ?? "kominfo_admin";
    await appendCaseEvent(q, tenantId, id, {
      actor: { id: actor.userId, name: actor.name, role },
      kind: "updated",
      action: "set_kelurahan",
      comment: `Kelurahan ditetapkan: ${unit.name} / Kelurahan set: ${unit.name}`,
      data: { kelurahan: unit.code, from: r.kelurahan_code },
    });
    await emit(q, tenantId, "complaint.placed", { caseId: id, number: r.number, kelurahan: unit.code, kecamatan, routedUnitId });
    await audit(q, {
      tenantId,
      actorId: actor.userId,
      action: "complaint.kelurahan-set",
      subjectType: "case",
      subjectId: id,
      data: { number: r.number, from: r.kelurahan_code, to: unit.code, routedTo: route?.unitCode ?? null },
    });
    const [kec] = await unitsByCode(q, tenantId, [kecamatan]);
    const routed = routedUnitId ? await getUnit(q, tenantId, routedUnitId) : undefined;
    return {
      id,
      version: updated.version,
      kelurahan: { code: unit.code, name: unit.name },
      kecamatan: { code: kecamatan, name: kec?.name ?? null },
      routedUnit: routed ? { code: routed.code, name: routed.name } : null,
    };
  });
}

/** Kominfo's list of open reports without a kelurahan, oldest first, with the address an Open311 app sent. */
export async function unplacedReports(ctx: LaporCtx) {
  const actor = requireUser(ctx);
  if (!actor.grants.some((g) => g.role === "kominfo_admin")) throw forbidden();
  const rows = await placeStore.unplacedOpen(ctx.db, ctx.tenant.id, 200);
  return {
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      category: r.service_key,
      excerpt: r.description.length > 140 ? `${r.description.slice(0, 139).trimEnd()}…` : r.description,
      state: r.state,
      lat: r.lat,
      lon: r.lon,
      address: r.address_string,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}
