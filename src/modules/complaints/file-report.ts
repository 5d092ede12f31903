import { createHash } from "node:crypto";
import type { Queryable } from "../../platform/db.ts";
import type { Db } from "../../platform/db.ts";
import { audit, canonicalJson } from "../../platform/audit.ts";
import { AppError, badRequest } from "../../platform/errors.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { allKecamatanCodes, fileCase, validateForm } from "../cases/index.ts";
import { auditActor, categoryOf, excerpt, fieldError, type LaporCtx, MAX_PHOTOS, REPORTS_PER_ACCOUNT_HOUR, reporterActor, requireUser } from "./common.ts";
import { linkRecurrence } from "./fix-loop.ts";
import { resolvePlace } from "./place.ts";
import { routeReport } from "./routing.ts";
import * as store from "./store.ts";

// ---- nearby (duplicate suggestion) ------------------------------------------------------------------

export async function nearby(db: Db, tenant: Tenant, category: string, lat: number, lon: number) {
  const cat = await categoryOf(db, tenant.id, category);
  const radius = cat.spec.complaint.duplicateRadiusMeters;
  const rows = radius > 0 ? await store.nearbyOpen(db, tenant.id, category, lat, lon, radius) : [];
  return {
    radiusMeters: radius,
    items: rows.slice(0, 20).map((r) => ({
      id: r.id,
      number: r.number,
      category: r.service_key,
      excerpt: excerpt(r.title ? `${r.title}: ${r.description}` : r.description),
      distanceMeters: Math.round(r.distanceMeters),
      supportCount: r.support_count,
      state: r.state,
      createdAt: r.created_at,
    })),
  };
}

// ---- filing a report ----------------------------------------------------------------------------

export interface NewReport {
  category: string;
  /** The pin; null only for callers that have no point (an Open311 report with only an address_string). */
  lat: number | null;
  lon: number | null;
  /** Kemendagri kelurahan code, optional: used when the point does not tell (no boundaries); else "belum ditentukan". */
  kelurahan?: string;
  description: string;
  title?: string;
  anonymous?: boolean;
  confidential?: boolean;
  photoIds?: string[];
  data?: Record<string, unknown>;
  /**
   * The client's Idempotency-Key: a retry with the same key and the same body returns the report already filed
   * (`replayed`); the same key with another body is refused (422 `idempotency-key-reused`).
   */
  clientKey?: string;
}

/** The report a key filed, or a refusal when the key comes back with another body (IETF httpapi Idempotency-Key draft). */
function replayOf<T extends { client_body_hash: string | null }>(before: T, bodyHash: string): T {
  // Reports filed before the hash was kept (migration 089) have none: replayed as before.
  if (before.client_body_hash && before.client_body_hash !== bodyHash) throw new AppError("idempotency-key-reused", 422);
  return before;
}

/**
 * Files a report for the signed-in citizen: validated (category, location inside the tenant, kelurahan,
 * anonymity allowed, staged photos, category fields) before anything is stored; then one transaction:
 * the case in state `submitted` assigned to the category's verifier unit (its owner, Diskominfo), the
 * details row with the rule-routed unit, photos attached, event, outbox, notification, audit.
 */
export async function createReport(ctx: LaporCtx, input: NewReport, inTx?: Queryable) {
  // `inTx`: file the report inside the caller's transaction (Open311 writes its app user, the report and its own row as one).
  const db: Queryable = inTx ?? ctx.db;
  const run = <T>(fn: (q: Queryable) => Promise<T>): Promise<T> => (inTx ? fn(inTx) : ctx.db.tx(fn));
  const actor = requireUser(ctx);
  const tenantId = ctx.tenant.id;
  const filed = (r: { id: string; number: string; tracking_token: string; state: string }) => ({
    id: r.id,
    number: r.number,
    trackingToken: r.tracking_token,
    state: r.state,
    replayed: true,
  });
  // A retry of a report already filed (its answer was lost on a bad connection): the same report, nothing new.
  const { clientKey, ...body } = input;
  const bodyHash = clientKey ? createHash("sha256").update(canonicalJson(body)).digest("hex") : null;
  if (clientKey && bodyHash) {
    const before = await store.reportByClientKey(db, tenantId, actor.userId, clientKey);
    if (before) return filed(replayOf(before, bodyHash));
  }
  const cat = await categoryOf(db, tenantId, input.category);
  const rules = cat.spec.complaint;
  const anonymous = input.anonymous === true;
  // A report involving minors (bullying, violence at school) is confidential whatever the reporter chose.
  const tppk = rules.protection === "tppk";
  const confidential = input.confidential === true || tppk;
  const description = input.description.trim();
  const title = input.title?.trim() || null;
  if (!description) throw fieldError("description", "required");
  if (anonymous && !rules.anonymousAllowed) throw fieldError("anonymous", "anonymous-not-allowed");
  const photoIds = [...new Set(input.photoIds ?? [])];
  if (photoIds.length > MAX_PHOTOS) throw fieldError("photoIds", "too-many-photos");
  const data = input.data ?? {};
  const formErrors = validateForm(cat.spec.form.fields, data, { kelurahan: new Map(), kecamatanCodes: await allKecamatanCodes(), files: new Map() }, true);
  if (formErrors.length) throw badRequest("validation-failed", { fields: formErrors });

  const { lat, lon, h3, kelurahan, kecamatan } = await resolvePlace(db, tenantId, input);

  if (photoIds.length) {
    const staged = await store.stagedPhotos(db, tenantId, actor.userId, photoIds);
    if (staged.length !== photoIds.length) throw fieldError("photoIds", "photo-missing");
  }
  const recent = await store.countRecentByReporter(db, tenantId, actor.userId, new Date(Date.now() - 3600_000));
  if (recent >= (ctx.reportsPerHour ?? REPORTS_PER_ACCOUNT_HOUR)) throw new AppError("rate-limited", 429);

  return run(async (q) => {
    if (clientKey && bodyHash) {
      const raced = await store.reportByClientKey(q, tenantId, actor.userId, clientKey, true);
      if (raced) return filed(replayOf(raced, bodyHash));
    }
    const route = await routeReport(q, tenantId, rules.routing, { kelurahan, kecamatan }, data);
    // Protected reports skip the Kominfo verifier: assigned straight to the team unit (rules.routing.unit), and the
    // case carries no point, so no map, heat map or wall cell ever shows them (the place stays in the details).
    const team = tppk && rules.routing.unit ? await routeReport(q, tenantId, { unit: rules.routing.unit }, { kelurahan: null, kecamatan: null }) : undefined;
    if (tppk && !team) throw new AppError("tppk-unit-missing", 409, { detail: `Unit ${rules.routing.unit ?? "TPPK"} tidak ada / missing` });
    const now = new Date();
    const c = await fileCase(
      q,
      ctx,
      {
        serviceKey: cat.key,
        version: cat.version,
        spec: cat.spec,
        applicantId: actor.userId,
        applicantName: anonymous ? null : actor.name,
        data,
        unitId: team?.unitId ?? cat.ownerUnitId,
        kelurahan,
        kecamatan,
        lat: tppk ? null : lat,
        lng: tppk ? null : lon,
        h3: tppk ? null : h3,
        actor: reporterActor(actor, anonymous),
        headline: { id: "laporan diterima dan menunggu verifikasi", en: "report received, awaiting verification" },
      },
      now,
    );
    await store.insertDetails(q, {
      caseId: c.id,
      tenantId,
      serviceKey: cat.key,
      classification: rules.classification,
      title,
      description,
      lat,
      lon,
      h3,
      kelurahan,
      kecamatan,
      routedUnitId: route?.unitId ?? null,
      reporterId: actor.userId,
      anonymous,
      confidential,
      tppk,
      createdAt: now,
      clientKey: clientKey ?? null,
      clientBodyHash: bodyHash,
    });
    await store.attachPhotos(q, tenantId, c.id, photoIds);
    const recurrenceOf = await linkRecurrence(q, tenantId, { id: c.id, category: cat.key, lat, lon, radiusMeters: rules.duplicateRadiusMeters }, now);
    await audit(q, {
      tenantId,
      actorId: auditActor(actor, anonymous),
      action: "complaint.submitted",
      subjectType: "case",
      subjectId: c.id,
      data: {
        number: c.number,
        category: cat.key,
        routedTo: route?.unitCode ?? null,
        kelurahan,
        confidential,
        ...(recurrenceOf ? { recurrenceOf } : {}),
        ...(anonymous ? { reporter: "anonymous" } : {}),
      },
    });
    return { id: c.id, number: c.number as string, trackingToken: c.tracking_token, state: c.state, replayed: false };
  });
}
