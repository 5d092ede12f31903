/**
 * A local stand-in for SATUSEHAT (Kemenkes): `POST /oauth2/v1/accesstoken?grant_type=client_credentials` with a
 * form body `client_id`, `client_secret` → `{access_token, expires_in, …}`; FHIR R4 under `/fhir-r4/v1` with a
 * Bearer token: Patient and Practitioner search by `identifier=https://fhir.kemkes.go.id/id/nik|<NIK>` (a Bundle),
 * and `POST Encounter`, checked with the `fhir` R4 validator and SATUSEHAT's own rules (class AMB, statusHistory,
 * subject, participant, location, serviceProvider). It fails as SATUSEHAT does: 401 for a missing or unknown token,
 * 400 OperationOutcome for an invalid resource, modes "5xx"/"429"/"hang" from the base.
 */
import type http from "node:http";
import { randomUUID } from "node:crypto";
import { r4Errors } from "../../src/modules/health/satusehat.ts";
import { FakeProvider, type Mode, type RecordedRequest, sendJson } from "./server.ts";

const NIK = "https://fhir.kemkes.go.id/id/nik";
interface EncounterShape {
  resourceType?: string;
  class?: { code?: string };
  statusHistory?: { status: string }[];
  subject?: { reference?: string };
  participant?: { individual?: { reference?: string } }[];
  location?: { location?: { reference?: string } }[];
  serviceProvider?: { reference?: string };
  identifier?: { system?: string }[];
}
const outcome = (code: string, text: string) => ({ resourceType: "OperationOutcome", issue: [{ severity: "error", code, details: { text } }] });

export class FakeSatusehat extends FakeProvider {
  readonly clientId = "balai-client";
  readonly clientSecret = "satusehat-secret";
  readonly tokens = new Set<string>();
  readonly patients = new Map<string, { id: string; name: string }>();
  readonly practitioners = new Map<string, { id: string; name: string }>();
  readonly encounters: Record<string, unknown>[] = [];

  get authUrl() {
    return `${this.url}/oauth2/v1`;
  }
  get baseUrl() {
    return `${this.url}/fhir-r4/v1`;
  }

  protected check(r: RecordedRequest): string[] {
    if (r.path === "/oauth2/v1/accesstoken") {
      const form = new URLSearchParams(r.body);
      const e: string[] = [];
      if (r.method !== "POST") e.push("token: not POST");
      if (r.query.get("grant_type") !== "client_credentials") e.push("token: grant_type");
      if (!String(r.headers["content-type"]).startsWith("application/x-www-form-urlencoded")) e.push("token: content-type");
      if (form.get("client_id") !== this.clientId || form.get("client_secret") !== this.clientSecret) e.push("token: bad client credentials");
      return e;
    }
    const auth = String(r.headers.authorization ?? "");
    if (!auth.startsWith("Bearer ") || !this.tokens.has(auth.slice(7))) return ["missing or unknown bearer token"];
    if (r.path === "/fhir-r4/v1/Encounter" && r.method === "POST") return this.encounterErrors(JSON.parse(r.body || "{}"));
    return [];
  }

  private encounterErrors(e: EncounterShape): string[] {
    const errors = r4Errors(e);
    if (e.resourceType !== "Encounter") errors.push("resourceType");
    if (e.class?.code !== "AMB") errors.push("class must be AMB");
    const history = (e.statusHistory ?? []).map((h) => h.status).join(">");
    if (history !== "arrived>in-progress>finished") errors.push(`statusHistory ${history}`);
    if (!/^Patient\/.+/.test(e.subject?.reference ?? "")) errors.push("subject");
    if (!/^Practitioner\/.+/.test(e.participant?.[0]?.individual?.reference ?? "")) errors.push("participant");
    if (!/^Location\/.+/.test(e.location?.[0]?.location?.reference ?? "")) errors.push("location");
    if (!/^Organization\/.+/.test(e.serviceProvider?.reference ?? "")) errors.push("serviceProvider");
    if (!/^http:\/\/sys-ids\.kemkes\.go\.id\/encounter\/.+/.test(e.identifier?.[0]?.system ?? "")) errors.push("identifier system");
    return errors;
  }

  protected respond(mode: Exclude<Mode, "hang">, r: RecordedRequest, res: http.ServerResponse, shapeErrors: string[]) {
    if (mode === "5xx") return sendJson(res, 503, outcome("transient", "Service Unavailable"));
    if (mode === "429") return sendJson(res, 429, outcome("throttled", "Too Many Requests"));
    if (r.path === "/oauth2/v1/accesstoken") {
      if (shapeErrors.length || mode === "4xx") return sendJson(res, 401, { fault: { faultstring: "Invalid client credentials" } });
      const token = randomUUID().replace(/-/g, "");
      this.tokens.add(token);
      return sendJson(res, 200, { access_token: token, expires_in: "14399", token_type: "BearerToken", organization_name: "Dinkes Kota Palembang" });
    }
    if (shapeErrors[0] === "missing or unknown bearer token") return sendJson(res, 401, outcome("login", "Invalid access token"));
    const search = /^\/fhir-r4\/v1\/(Patient|Practitioner)$/.exec(r.path);
    if (search && r.method === "GET") {
      const [system, nik] = (r.query.get("identifier") ?? "").split("|");
      const found = system === NIK ? (search[1] === "Patient" ? this.patients : this.practitioners).get(nik) : undefined;
      return sendJson(res, 200, {
        resourceType: "Bundle",
        type: "searchset",
        total: found ? 1 : 0,
        entry: found ? [{ resource: { resourceType: search[1], id: found.id, name: [{ use: "official", text: found.name }] } }] : [],
      });
    }
    if (r.path === "/fhir-r4/v1/Encounter" && r.method === "POST") {
      if (shapeErrors.length || mode === "4xx") return sendJson(res, 400, outcome("invalid", shapeErrors.join("; ") || "invalid"));
      const e = { ...JSON.parse(r.body), id: randomUUID(), meta: { versionId: "1", lastUpdated: new Date().toISOString() } };
      this.encounters.push(e);
      return sendJson(res, 201, e);
    }
    return sendJson(res, 404, outcome("not-found", "Resource not found"));
  }

  /** Invalidates every token (as when they expire): the next FHIR call gets 401. */
  expireTokens() {
    this.tokens.clear();
  }
}
