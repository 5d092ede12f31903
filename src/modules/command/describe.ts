/**
 * One line of text per outbox event, in Bahasa Indonesia and English, for the wall's ticker and the live stream.
 * Payloads carry no personal data, so neither do these lines (free text from OPD systems is masked all the same).
 */
import { maskText } from "../../platform/mask.ts";

export interface Summary {
  id: string;
  en: string;
}

export const INCIDENT_TYPE_LABELS: Record<string, Summary> = {
  fire: { id: "Kebakaran", en: "Fire" },
  medical: { id: "Medis", en: "Medical" },
  traffic: { id: "Kecelakaan lalu lintas", en: "Traffic accident" },
  crime: { id: "Kriminal", en: "Crime" },
  disaster: { id: "Bencana", en: "Disaster" },
  tree: { id: "Pohon tumbang", en: "Fallen tree" },
  missing: { id: "Orang hilang", en: "Missing person" },
  other: { id: "Lainnya", en: "Other" },
};

const PRIORITY: Record<number, Summary> = { 1: { id: "tinggi", en: "high" }, 2: { id: "sedang", en: "medium" }, 3: { id: "rendah", en: "low" } };

const DISPATCH_STATUS: Record<string, Summary> = {
  dispatched: { id: "ditugaskan", en: "dispatched" },
  en_route: { id: "menuju lokasi", en: "en route" },
  on_scene: { id: "tiba di lokasi", en: "on scene" },
  finished: { id: "selesai", en: "finished" },
  cancelled: { id: "dibatalkan", en: "cancelled" },
};

const INCIDENT_STATE: Record<string, Summary> = {
  received: { id: "diterima", en: "received" },
  dispatched: { id: "unit ditugaskan", en: "units dispatched" },
  on_scene: { id: "unit di lokasi", en: "units on scene" },
  closed: { id: "ditutup", en: "closed" },
  false_alarm: { id: "laporan palsu", en: "false alarm" },
};

const CAMERA_STATUS: Record<string, Summary> = {
  online: { id: "aktif", en: "online" },
  offline: { id: "mati", en: "offline" },
  unknown: { id: "belum diperiksa", en: "not checked" },
};

const SEVERITY: Record<string, Summary> = {
  critical: { id: "KRITIS", en: "CRITICAL" },
  warning: { id: "Peringatan", en: "Warning" },
  info: { id: "Info", en: "Info" },
};

const CASE_KIND: Record<string, Summary> = {
  complaint: { id: "Laporan", en: "Report" },
  incident: { id: "Kejadian", en: "Incident" },
};

const str = (v: unknown): string => (v == null ? "" : String(v));
const num = (v: unknown): string => (typeof v === "number" && Number.isFinite(v) ? String(Math.round(v * 100) / 100) : str(v));
const pick = (table: Record<string, Summary>, key: unknown, fallback?: Summary): Summary => table[str(key)] ?? fallback ?? { id: str(key), en: str(key) };
const both = (f: (l: "id" | "en") => string): Summary => ({
  id: f("id")
    .replace(/\s{2,}/g, " ")
    .trim(),
  en: f("en")
    .replace(/\s{2,}/g, " ")
    .trim(),
});
/** " #NUMBER" when the payload has a number. */
const no = (p: Record<string, unknown>) => (p.number ? ` ${str(p.number)}` : "");

/** A short bilingual line describing an outbox event (unknown topics get a generic line). */
export function describeEvent(topic: string, payload: Record<string, unknown> | null | undefined): Summary {
  const p = payload ?? {};
  switch (topic) {
    case "incident.created": {
      const type = pick(INCIDENT_TYPE_LABELS, p.type);
      const prio = pick(PRIORITY, p.priority);
      const where = p.kecamatanName || p.kecamatan ? ` (${str(p.kecamatanName || p.kecamatan)})` : "";
      return both((l) =>
        l === "id" ? `Kejadian baru${no(p)}: ${type.id}, prioritas ${prio.id}${where}` : `New incident${no(p)}: ${type.en}, ${prio.en} priority${where}`,
      );
    }
    case "incident.updated": {
      const type = pick(INCIDENT_TYPE_LABELS, p.type);
      const state = pick(INCIDENT_STATE, p.state);
      if (p.change === "call")
        return both((l) =>
          l === "id"
            ? `Panggilan tambahan untuk kejadian${no(p)} (${type.id}), ${num(p.callCount)} panggilan`
            : `Another call about incident${no(p)} (${type.en}), ${num(p.callCount)} calls`,
        );
      return both((l) => (l === "id" ? `Kejadian${no(p)} (${type.id}): ${state.id}` : `Incident${no(p)} (${type.en}): ${state.en}`));
    }
    case "dispatch.updated": {
      const status = pick(DISPATCH_STATUS, p.status);
      const unit = str(p.responderName) || str(p.agency);
      return both((l) => (l === "id" ? `${unit} ${status.id} untuk kejadian${no(p)}` : `${unit} ${status.en} for incident${no(p)}`));
    }
    case "case.submitted": {
      const kind = pick(CASE_KIND, p.kind, { id: "Permohonan", en: "Application" });
      return both((l) => (l === "id" ? `${kind.id} baru masuk${no(p)}` : `New ${kind.en.toLowerCase()} received${no(p)}`));
    }
    case "case.transitioned": {
      const kind = pick(CASE_KIND, p.kind, { id: "Permohonan", en: "Application" });
      // The workflow's state label travels in the event (older events have only the key).
      const to = (p.toLabel && typeof p.toLabel === "object" ? p.toLabel : {}) as Partial<Summary>;
      return both((l) => (l === "id" ? `${kind.id}${no(p)}: ${to.id || str(p.to)}` : `${kind.en}${no(p)}: ${to.en || str(p.to)}`));
    }
    case "case.escalated":
      return both((l) => (l === "id" ? `Permohonan${no(p)} melewati batas waktu layanan` : `Case${no(p)} is past its service deadline`));
    case "cctv.status": {
      const status = pick(CAMERA_STATUS, p.status);
      const err = p.status === "offline" && p.error ? ` (${str(p.error)})` : "";
      return both((l) => (l === "id" ? `CCTV ${str(p.name)}: ${status.id}${err}` : `CCTV ${str(p.name)}: ${status.en}${err}`));
    }
    case "ingest.event": {
      const value = p.value == null ? "" : ` ${num(p.value)}${p.unit ? ` ${str(p.unit)}` : ""}`;
      const msg = p.message ? `: ${maskText(str(p.message).slice(0, 120))}` : "";
      return both(() => `${str(p.source)} · ${str(p.kind)}${value}${msg}`);
    }
    case "ingest.alert": {
      const sev = pick(SEVERITY, p.severity);
      const m = (p.message && typeof p.message === "object" ? p.message : {}) as Partial<Summary>;
      const value = p.value == null ? "" : ` ${num(p.value)}${p.unit ? ` ${str(p.unit)}` : ""}`;
      return both((l) => `${l === "id" ? sev.id : sev.en}: ${m[l] || `${str(p.source)} · ${str(p.kind)}${value}`}`);
    }
    case "prices.alert": {
      const name = str(p.commodityName) || str(p.commodity);
      if (p.kind === "above-reference")
        return both((l) =>
          l === "id"
            ? `Harga ${name} di atas acuan: Rp${num(p.cityAverage)} (acuan Rp${num(p.threshold)})`
            : `${name} price above the reference: Rp${num(p.cityAverage)} (reference Rp${num(p.threshold)})`,
        );
      return both((l) =>
        l === "id"
          ? `Harga ${name} naik ${num(p.changePct)}% dalam seminggu (Rp${num(p.cityAverage)})`
          : `${name} price up ${num(p.changePct)}% in a week (Rp${num(p.cityAverage)})`,
      );
    }
    case "service.published":
      return both((l) =>
        l === "id" ? `Layanan ${str(p.key)} versi ${num(p.version)} diterbitkan` : `Service ${str(p.key)} version ${num(p.version)} published`,
      );
    default:
      return { id: `Peristiwa ${topic}`, en: `Event ${topic}` };
  }
}
