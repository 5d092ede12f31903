/** Call Center 112 vocabulary: incident types, agencies, dispatch statuses, and who the actor is. */
import type { Actor } from "../../platform/auth/roles.ts";
import type { Db } from "../../platform/db.ts";
import { AppError, validationFailed } from "../../platform/errors.ts";
import type { Tenant } from "../../platform/tenancy.ts";
import type { EventActor } from "../cases/index.ts";

export const SERVICE_KEY = "kejadian-darurat-112";
export const COMMAND_UNIT = "DISKOMINFO-112";
export const CALL_NUMBER = "112";
/** A repeated call is suggested for open incidents of the same type this close, received this recently. */
export const NEARBY_METERS = 500;
export const NEARBY_MS = 60 * 60_000;

export const AGENCIES = ["damkar", "psc119", "bpbd", "satpolpp", "dishub", "police", "other"] as const;
export type Agency = (typeof AGENCIES)[number];

export const INCIDENT_TYPES = [
  { key: "fire", label: { id: "Kebakaran", en: "Fire" }, priority: 1, agencies: ["damkar", "psc119"] },
  { key: "medical", label: { id: "Medis/ambulans", en: "Medical/ambulance" }, priority: 1, agencies: ["psc119"] },
  { key: "traffic", label: { id: "Kecelakaan lalu lintas", en: "Traffic accident" }, priority: 1, agencies: ["psc119", "dishub", "police"] },
  { key: "crime", label: { id: "Kriminal", en: "Crime" }, priority: 2, agencies: ["police", "satpolpp"] },
  { key: "disaster", label: { id: "Bencana/banjir", en: "Disaster/flood" }, priority: 1, agencies: ["bpbd", "damkar"] },
  { key: "tree", label: { id: "Pohon tumbang", en: "Fallen tree" }, priority: 2, agencies: ["bpbd", "dishub"] },
  { key: "missing", label: { id: "Orang hilang", en: "Missing person" }, priority: 2, agencies: ["police", "satpolpp"] },
  { key: "other", label: { id: "Lainnya", en: "Other" }, priority: 3, agencies: ["satpolpp"] },
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number]["key"];
export const TYPE_KEYS = INCIDENT_TYPES.map((t) => t.key) as readonly string[];
export const typeOf = (key: string) => INCIDENT_TYPES.find((t) => t.key === key);

export const DISPATCH_STATUSES = ["dispatched", "en_route", "on_scene", "finished", "cancelled"] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];
export const ORDER: Record<DispatchStatus, number> = { dispatched: 0, en_route: 1, on_scene: 2, finished: 3, cancelled: 3 };
export const ACTIVE = new Set<DispatchStatus>(["dispatched", "en_route", "on_scene"]);

export interface EmergencyCtx {
  db: Db;
  tenant: Tenant;
  actor: Actor | undefined;
  publicUrl?: string;
}

export const fieldError = (field: string, code: string, message?: string) => validationFailed([{ field, code, ...(message ? { message } : {}) }]);

export const PHONE = /^\+?[0-9][0-9 ()-]{4,22}$/;

export function staffActor(ctx: EmergencyCtx): Actor {
  const a = ctx.actor;
  if (!a || a.mfaPending) throw new AppError("unauthenticated", 401);
  return a;
}

export const eventActor = (a: Actor | undefined, role: string | null): EventActor =>
  a ? { id: a.userId, name: a.name, role } : { id: null, name: null, role: "citizen" };

export const roleOf = (a: Actor, preferred: string[]) => a.grants.find((g) => preferred.includes(g.role))?.role ?? a.grants[0]?.role ?? null;
