/** A citizen submits their draft: full validation, routing, then the engine's one filing path (./filing.ts). */
import type { Queryable } from "../../platform/db.ts";
import { badRequest, conflict, notFound } from "../../platform/errors.ts";
import type { ResolvedService } from "../catalog/index.ts";
import { type CasesCtx, requireCitizen } from "./access.ts";
import { fileRecord } from "./filing.ts";
import { firstAddress, validateForm } from "./form.ts";
import { formContext, regionUnitsOf, specOf } from "./lookups.ts";
import * as store from "./store.ts";

/** Where a case goes: the owning OPD, or the kelurahan/kecamatan of the applicant's address. */
async function routeCase(q: Queryable, tenantId: string, spec: ResolvedService, ownerUnitId: string, data: Record<string, unknown>) {
  const address = firstAddress(spec.form.fields, data);
  let unitCode: string | undefined;
  if (spec.servedBy === "kelurahan") unitCode = address?.kelurahan;
  if (spec.servedBy === "kecamatan") unitCode = address?.kecamatan;
  let unitId = ownerUnitId;
  if (unitCode) {
    const found = (await regionUnitsOf(q, tenantId)).get(unitCode);
    if (!found) throw badRequest("validation-failed", { fields: [{ field: "data", code: "unit-not-found" }] });
    unitId = found;
  }
  return { unitId, kelurahan: address?.kelurahan ?? null, kecamatan: address?.kecamatan ?? null };
}

/** Submits a draft: full validation, routing, a gapless case number, SLA clocks, audit, outbox, notification. */
export async function submit(ctx: CasesCtx, id: string, version: number) {
  const actor = requireCitizen(ctx);
  return ctx.db.tx(async (q) => {
    const c = await store.getCaseWithOwner(q, ctx.tenant.id, id);
    if (!c || c.applicant_id !== actor.userId) throw notFound("case-not-found");
    if (c.state !== "draft") throw conflict("case-already-submitted");
    if (c.version !== version) throw conflict("stale-version");
    const spec = await specOf(q, ctx.tenant.id, c.service_key, c.service_version);
    const errors = validateForm(spec.form.fields, c.data, await formContext(q, ctx.tenant.id, id, spec), true);
    if (errors.length) throw badRequest("validation-failed", { fields: errors });
    const route = await routeCase(q, ctx.tenant.id, spec, c.owner_unit_id, c.data);
    const now = new Date();
    const filed = await fileRecord(
      q,
      ctx,
      {
        spec,
        draft: c,
        target: (due) => ({
          draft: {
            id,
            expectedVersion: version,
            set: {
              state: spec.workflow.start,
              assignee_unit_id: route.unitId,
              kelurahan_code: route.kelurahan,
              kecamatan_code: route.kecamatan,
              submitted_at: now,
              sla_due_at: due.sla,
              state_due_at: due.state,
            },
          },
        }),
        actor: { id: actor.userId, name: actor.name, role: "citizen" },
        fromState: "draft",
        outbox: { service: c.service_key, kind: c.kind, unitId: route.unitId, kelurahan: route.kelurahan },
        headline: { id: "permohonan diterima", en: "application received" },
        self: actor,
        audit: {
          tenantId: ctx.tenant.id,
          actorId: actor.userId,
          action: "case.submitted",
          subjectType: "case",
          subjectId: id,
          data: { service: c.service_key, version: c.service_version, unit: route.unitId },
        },
      },
      now,
    );
    if (!filed?.case.number) throw conflict("stale-version");
    return { id, number: filed.case.number, trackingToken: c.tracking_token, version: filed.case.version, slaDueAt: filed.due.sla };
  });
}
