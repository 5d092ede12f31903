import type { Actor } from "../../platform/auth/roles.ts";
import type { Db } from "../../platform/db.ts";
import type { FileStore } from "../../platform/files.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import { findUserById } from "../accounts/index.ts";
import { appUserFor, verifyApiKey } from "../apikeys/index.ts";
import type { ResolvedService } from "../catalog/index.ts";
import { createReport } from "../complaints/index.ts";
import { complaintCategories, type Lang, newToken, o311, parseSubmission } from "./service.ts";
import * as store from "./store.ts";

export interface Open311Ctx {
  db: Db;
  tenant: Tenant;
  files: FileStore;
  publicUrl?: string;
}

export interface SubmittedRequest {
  serviceRequestId: string;
  token: string;
  accountId: string | null;
  spec: ResolvedService;
}

const flag = (v: unknown) => (Array.isArray(v) ? v[0] : v) === "true" || (Array.isArray(v) ? v[0] : v) === true;

/**
 * POST requests: checks the API key and the submission, then in ONE transaction finds or creates the app's reporter
 * account, files the report through e-Lapor (case, details, history, outbox, notification, audit) and records the
 * Open311 row with its token. A failure anywhere leaves nothing behind (no orphan account, no report without its row).
 */
export async function submitRequest(ctx: Open311Ctx, body: Record<string, unknown>, apiKey: string | undefined, lang: Lang): Promise<SubmittedRequest> {
  const tenantId = ctx.tenant.id;
  const key = await verifyApiKey(ctx.db, tenantId, apiKey, "open311");
  if (!key) throw o311(403, "Invalid api_key received -- can't proceed with create_request.");
  const serviceCode = typeof body.service_code === "string" ? body.service_code.trim() : undefined;
  const category = serviceCode ? (await complaintCategories(ctx.db, tenantId, lang)).find((c) => c.key === serviceCode) : undefined;
  const sub = parseSubmission(body, category, serviceCode);
  const spec = category?.spec;
  if (!spec) throw o311(404, `service_code ${serviceCode} not found`);

  const r = sub.reporter;
  const personName = [r.firstName, r.lastName].filter(Boolean).join(" ") || null;
  const identity = r.email
    ? `email:${r.email}`
    : r.phone
      ? `phone:${r.phone}`
      : r.deviceId
        ? `device:${r.deviceId}`
        : r.accountId
          ? `account:${r.accountId}`
          : null;
  const kelurahan = typeof body.kelurahan === "string" && body.kelurahan.trim() ? body.kelurahan.trim() : undefined;

  return ctx.db.tx(async (q) => {
    const userId = await appUserFor(q, tenantId, key, { identity, name: personName });
    const user = await findUserById(q, tenantId, userId);
    const actor: Actor = {
      tenantId,
      userId,
      kind: "citizen",
      name: user?.name ?? `Aplikasi ${key.name}`,
      email: null,
      phone: null,
      locale: lang,
      totpEnabled: false,
      grants: [],
      sessionId: `apikey:${key.id}`,
      csrfToken: "",
      mfaPending: false,
    };
    const created = await createReport(
      // An app relays many people's reports: its accounts get a larger hourly allowance than one citizen's.
      { db: ctx.db, tenant: ctx.tenant, actor, files: ctx.files, publicUrl: ctx.publicUrl, reportsPerHour: 600 },
      {
        category: sub.serviceCode,
        lat: sub.lat,
        lon: sub.lon,
        kelurahan,
        description: sub.description,
        // No reporter named at all: anonymous where the category allows it.
        anonymous: !identity && !personName && spec.complaint?.anonymousAllowed === true,
        confidential: flag(body.confidential),
        data: sub.data,
      },
      q,
    );
    const token = newToken();
    await store.insertSubmission(q, {
      token,
      tenantId,
      caseId: created.id,
      number: created.number,
      apiKeyId: key.id,
      email: r.email,
      firstName: r.firstName,
      lastName: r.lastName,
      phone: r.phone,
      deviceId: r.deviceId,
      accountId: r.accountId,
      addressString: sub.addressString,
      mediaUrl: sub.mediaUrl,
    });
    return { serviceRequestId: created.number, token, accountId: r.accountId, spec };
  });
}
