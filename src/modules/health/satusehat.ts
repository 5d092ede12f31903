/**
 * SATUSEHAT (Kemenkes) adapter: OAuth2 client credentials (`POST {auth}/accesstoken?grant_type=client_credentials`,
 * form `client_id`, `client_secret` → `access_token`, `expires_in`), then FHIR R4 over `{base}` with a Bearer token:
 * Patient and Practitioner found by NIK (`identifier=https://fhir.kemkes.go.id/id/nik|<NIK>`), and an
 * ambulatory **Encounter** per served visit (class AMB, statusHistory arrived → in-progress → finished, Location and
 * Organization of the puskesmas). Each Encounter is checked against FHIR R4 with the `fhir` package before sending.
 */
import { createRequire } from "node:module";
import type { Fhir } from "fhir";

export const NIK_SYSTEM = "https://fhir.kemkes.go.id/id/nik";

export interface SatusehatConfig {
  /** e.g. https://api-satusehat.kemkes.go.id/oauth2/v1 (staging: https://api-satusehat-stg.dto.kemkes.go.id/oauth2/v1). */
  authUrl: string;
  /** e.g. https://api-satusehat.kemkes.go.id/fhir-r4/v1. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The Organization id of the Dinkes / puskesmas registered at SATUSEHAT (a puskesmas may carry its own). */
  organizationId: string;
  timeoutMs?: number;
}

export interface VisitForEncounter {
  bookingId: string;
  code: string;
  patientNik: string;
  doctorNik: string;
  poliName: string;
  organizationId: string;
  locationId: string;
  arrivedAt: Date;
  calledAt: Date;
  servedAt: Date;
}

export class SatusehatError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

// The validator and its R4 value sets (~8 MB of heap) load with the first Encounter checked, not at start-up.
let fhir: Fhir | undefined;
const validator = () => {
  fhir ??= new (createRequire(import.meta.url)("fhir") as typeof import("fhir")).Fhir();
  return fhir;
};

/** FHIR R4 validation errors of a resource (empty when valid). */
export function r4Errors(resource: object): string[] {
  const check = validator();
  let r: ReturnType<Fhir["validate"]>;
  try {
    r = check.validate(JSON.parse(JSON.stringify(resource)));
  } catch (err) {
    // The validator throws on some missing required parts (e.g. no Encounter.class).
    return [`not a valid resource: ${(err as Error).message}`];
  }
  return r.messages.filter((m) => m.severity === "error").map((m) => `${m.location}: ${m.message}`);
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "+00:00");

/** The Encounter resource of a served visit, as SATUSEHAT's Rawat Jalan guide describes it. */
export function buildEncounter(v: VisitForEncounter, patient: { id: string; name: string }, practitioner: { id: string; name: string }) {
  return {
    resourceType: "Encounter",
    identifier: [{ system: `http://sys-ids.kemkes.go.id/encounter/${v.organizationId}`, value: v.bookingId }],
    status: "finished",
    class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB", display: "ambulatory" },
    subject: { reference: `Patient/${patient.id}`, display: patient.name },
    participant: [
      {
        type: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", code: "ATND", display: "attender" }] }],
        individual: { reference: `Practitioner/${practitioner.id}`, display: practitioner.name },
      },
    ],
    period: { start: iso(v.arrivedAt), end: iso(v.servedAt) },
    location: [{ location: { reference: `Location/${v.locationId}`, display: v.poliName } }],
    statusHistory: [
      { status: "arrived", period: { start: iso(v.arrivedAt), end: iso(v.calledAt) } },
      { status: "in-progress", period: { start: iso(v.calledAt), end: iso(v.servedAt) } },
      { status: "finished", period: { start: iso(v.servedAt), end: iso(v.servedAt) } },
    ],
    serviceProvider: { reference: `Organization/${v.organizationId}` },
  };
}

interface Bundle {
  resourceType?: string;
  entry?: { resource?: { id?: string; name?: { text?: string; family?: string; given?: string[] }[] } }[];
}

export class SatusehatClient {
  private token: { value: string; until: number } | undefined;
  private readonly cfg: SatusehatConfig & { timeoutMs: number };
  constructor(cfg: SatusehatConfig) {
    this.cfg = { timeoutMs: 15_000, ...cfg, authUrl: cfg.authUrl.replace(/\/+$/, ""), baseUrl: cfg.baseUrl.replace(/\/+$/, "") };
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const res = await fetch(`${this.cfg.authUrl}/accesstoken?grant_type=client_credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: this.cfg.clientId, client_secret: this.cfg.clientSecret }).toString(),
      signal: AbortSignal.timeout(this.cfg.timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: string | number };
    if (!res.ok || !body.access_token) throw new SatusehatError(`SATUSEHAT token refused (${res.status})`, res.status);
    // Renew a minute early.
    this.token = { value: body.access_token, until: Date.now() + (Number(body.expires_in ?? 3599) - 60) * 1000 };
    return this.token.value;
  }

  private async fhirCall(method: "GET" | "POST", path: string, body?: object, retried = false): Promise<{ status: number; json: Record<string, unknown> }> {
    const token = await this.accessToken();
    const res = await fetch(`${this.cfg.baseUrl}/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}), accept: "application/fhir+json, application/json" },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(this.cfg.timeoutMs),
    });
    if (res.status === 401 && !retried) {
      this.token = undefined;
      await res.body?.cancel();
      return this.fhirCall(method, path, body, true);
    }
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      const issue = (json.issue as { details?: { text?: string }; diagnostics?: string }[] | undefined)?.[0];
      throw new SatusehatError(
        `SATUSEHAT ${method} ${path.split("?")[0]}: ${res.status} ${issue?.details?.text ?? issue?.diagnostics ?? ""}`.trim(),
        res.status,
      );
    }
    return { status: res.status, json };
  }

  /** The Patient or Practitioner with this NIK: its IHS id and name, or undefined. */
  async findByNik(kind: "Patient" | "Practitioner", nik: string): Promise<{ id: string; name: string } | undefined> {
    const { json } = await this.fhirCall("GET", `${kind}?identifier=${encodeURIComponent(`${NIK_SYSTEM}|${nik}`)}`);
    const r = (json as Bundle).entry?.[0]?.resource;
    if (!r?.id) return undefined;
    const n = r.name?.[0];
    return { id: r.id, name: n?.text ?? [...(n?.given ?? []), n?.family].filter(Boolean).join(" ") };
  }

  /** Sends the visit as an Encounter; its SATUSEHAT id. */
  async sendEncounter(v: VisitForEncounter): Promise<string> {
    const patient = await this.findByNik("Patient", v.patientNik);
    if (!patient) throw new SatusehatError("Pasien dengan NIK ini belum terdaftar di SATUSEHAT", 404);
    const practitioner = await this.findByNik("Practitioner", v.doctorNik);
    if (!practitioner) throw new SatusehatError("Dokter dengan NIK ini belum terdaftar di SATUSEHAT", 404);
    const encounter = buildEncounter(v, patient, practitioner);
    const errors = r4Errors(encounter);
    if (errors.length) throw new SatusehatError(`Encounter is not valid FHIR R4: ${errors.join("; ")}`);
    const { json } = await this.fhirCall("POST", "Encounter", encounter);
    if (typeof json.id !== "string") throw new SatusehatError("SATUSEHAT answered without an Encounter id");
    return json.id;
  }
}
