/**
 * Demo Call Center 112 incidents for Kota Palembang, so a fresh `npm start` shows a wall with live work and a
 * response-time report with a month behind it. Recorded, dispatched and closed through the same service
 * functions the screens use, then moved back in time (received, dispatch and arrival times, the case's
 * history and its outbox events) to spread over the last 30 days.
 */
import type { Actor } from "../../platform/auth/roles.ts";
import { actorForUser } from "../../platform/auth/sessions.ts";
import type { Db } from "../../platform/db.ts";
import { TenantResolver } from "../../platform/tenancy.ts";
import * as store from "./store-demo.ts";
import { closeIncident, dispatchUnit, setDispatchStatus } from "./dispatch.ts";
import type { EmergencyCtx } from "./model.ts";
import { addCall, createIncident } from "./record.ts";
import { listResponders } from "./responders.ts";

/** Real places (approximate points) and the kecamatan they are in. */
const PLACES = [
  { address: "Pasar 16 Ilir", kecamatan: "Ilir Timur I", lat: -2.9906, lon: 104.762 },
  { address: "Jl. Jenderal Sudirman, dekat Masjid Agung", kecamatan: "Bukit Kecil", lat: -2.9883, lon: 104.7573 },
  { address: "Jakabaring Sport City", kecamatan: "Jakabaring", lat: -3.0206, lon: 104.7889 },
  { address: "Jl. Mayor Salim Batubara", kecamatan: "Kemuning", lat: -2.968, lon: 104.759 },
  { address: "Jl. Kapten Abdullah, Plaju", kecamatan: "Plaju", lat: -3.0, lon: 104.81 },
  { address: "Stasiun Kertapati", kecamatan: "Kertapati", lat: -3.028, lon: 104.747 },
  { address: "Jl. Tanjung Api-Api dekat Bandara SMB II", kecamatan: "Sukarami", lat: -2.898, lon: 104.7 },
  { address: "Jl. Residen Abdul Rozak", kecamatan: "Kalidoni", lat: -2.956, lon: 104.79 },
  { address: "Perumnas Sako", kecamatan: "Sako", lat: -2.938, lon: 104.795 },
  { address: "Palembang Square, Jl. Angkatan 45", kecamatan: "Ilir Barat I", lat: -2.978, lon: 104.742 },
  { address: "Terminal Alang-Alang Lebar", kecamatan: "Alang-Alang Lebar", lat: -2.928, lon: 104.704 },
  { address: "Tangga Takat, Jl. KH Azhari", kecamatan: "Seberang Ulu II", lat: -3.007, lon: 104.786 },
  { address: "Jl. Syakyakirti, Gandus", kecamatan: "Gandus", lat: -3.01, lon: 104.71 },
  { address: "Jl. Slamet Riady, Lawang Kidul", kecamatan: "Ilir Timur II", lat: -2.976, lon: 104.78 },
];

const TYPES = ["fire", "medical", "medical", "traffic", "traffic", "crime", "disaster", "tree", "tree", "missing", "other"] as const;
const NOTES: Record<(typeof TYPES)[number], string[]> = {
  fire: ["Asap tebal dari rumah warga", "Kebakaran gudang, api mulai membesar", "Korsleting listrik di ruko"],
  medical: ["Lansia pingsan di rumah", "Ibu hamil perlu dibawa ke rumah sakit", "Warga sesak napas"],
  traffic: ["Tabrakan motor dan mobil, satu orang luka", "Truk terguling, jalan tertutup sebagian", "Motor jatuh di tikungan"],
  crime: ["Pencurian motor di parkiran", "Keributan antarwarga"],
  disaster: ["Banjir setinggi lutut di permukiman", "Angin kencang merobohkan atap rumah"],
  tree: ["Pohon tumbang menutup jalan", "Dahan besar menimpa kabel listrik"],
  missing: ["Anak usia 8 tahun belum pulang sejak sore"],
  other: ["Hewan liar masuk rumah warga"],
};
/** Minutes from the call to the first unit on scene, per type (typical, before jitter). */
const ARRIVE_MIN: Record<(typeof TYPES)[number], number> = { fire: 9, medical: 14, traffic: 12, crime: 15, disaster: 25, tree: 30, missing: 40, other: 35 };

/** A small deterministic generator (the demo is the same on every machine). */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

async function actorOf(db: Db, tenantId: string, email: string): Promise<Actor> {
  const a = await actorForUser(db, tenantId, email, "demo-seed");
  if (!a) throw new Error(`demo user ${email} missing`);
  return a;
}

/** Moves an incident and everything written about it back by `ms` (demo history only). */
async function backdate(db: Db, tenantId: string, caseId: string, ms: number) {
  const by = `${Math.round(ms / 1000)} seconds`;
  await db.tx((q) => store.backdateIncident(q, tenantId, caseId, by));
}

/**
 * Stretches the times of an incident handled just now into a realistic timeline: each recorded step is
 * moved to its offset (seconds after the call). Done by shifting rows, latest step first.
 */
async function spread(db: Db, tenantId: string, caseId: string, offsets: { dispatch: number; enRoute: number; arrive: number; close: number | null }) {
  await db.tx((q) => store.spreadIncident(q, tenantId, caseId, offsets));
}

/** Records the demo incidents (once: only when the tenant has none). Returns how many. */
export async function seedDemoIncidents(db: Db, tenantId: string): Promise<number> {
  if (await store.hasIncidents(db, tenantId)) return 0;
  const tenant = await new TenantResolver(db).resolve(undefined, tenantId);
  const taker = await actorOf(db, tenantId, "operator.112@palembang.go.id");
  const dispatcher = await actorOf(db, tenantId, "dispatcher.112@palembang.go.id");
  const as = (actor: Actor): EmergencyCtx => ({ db, tenant, actor });
  const kelurahanByKecamatan = new Map<string, string>();
  for (const r of await store.firstKelurahanPerKecamatan(db, tenantId)) {
    kelurahanByKecamatan.set(r.kec.replace(/^Kecamatan /, ""), r.kel);
  }
  /** A crew of the type's agency, a free one when there is one (the still-open incidents hold theirs). */
  const crewFor = async (type: (typeof TYPES)[number]) => {
    const agency = {
      fire: "damkar",
      medical: "psc119",
      traffic: "psc119",
      crime: "police",
      disaster: "bpbd",
      tree: "bpbd",
      missing: "police",
      other: "satpolpp",
    }[type];
    const crews = (await listResponders(db, tenantId)).filter((r) => r.agency === agency);
    return crews.find((r) => r.busy === 0) ?? crews[0];
  };
  const rnd = prng(112);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const _now = Date.now();
  let n = 0;

  // A month of handled incidents (about one a day), then three still open today.
  const plan: Array<{ ageMs: number; stage: "closed" | "false_alarm" | "received" | "en_route" | "on_scene" }> = [];
  for (let day = 29; day >= 1; day--) {
    const count = rnd() < 0.35 ? 2 : 1;
    for (let i = 0; i < count; i++) plan.push({ ageMs: day * 86_400_000 - rnd() * 80_000_000, stage: rnd() < 0.1 ? "false_alarm" : "closed" });
  }
  plan.push({ ageMs: 38 * 60_000, stage: "on_scene" }, { ageMs: 14 * 60_000, stage: "en_route" }, { ageMs: 4 * 60_000, stage: "received" });

  for (const step of plan) {
    const type = step.stage === "received" ? "fire" : pick(TYPES);
    const place = pick(PLACES);
    const inc = await createIncident(
      as(taker),
      {
        type,
        lat: place.lat + (rnd() - 0.5) * 0.004,
        lon: place.lon + (rnd() - 0.5) * 0.004,
        address: place.address,
        kelurahan: kelurahanByKecamatan.get(place.kecamatan) ?? null,
        callerName: pick(["Bapak Hendra", "Ibu Sari", "Sdr. Fajar", "Ibu Wati", "Bapak Darmawan", "Sdri. Putri"]),
        callerPhone: `08${Math.floor(1e9 + rnd() * 8.9e9)}`,
        notes: pick(NOTES[type]),
      },
      "call",
    );
    if (rnd() < 0.3 && step.stage !== "received") await addCall(as(taker), inc.id, { callerName: "Penelepon kedua", notes: "Melaporkan kejadian yang sama" });
    const arrive = Math.round(ARRIVE_MIN[type] * (0.6 + rnd() * 0.9) * 60);
    const offsets = { dispatch: 40 + Math.round(rnd() * 200), enRoute: 0, arrive, close: null as number | null };
    offsets.enRoute = offsets.dispatch + 30 + Math.round(rnd() * 60);
    if (step.stage === "en_route" || step.stage === "on_scene") {
      // Still open: every step already happened, inside the incident's age so far.
      offsets.arrive = Math.min(offsets.arrive, step.ageMs / 1000 - 300);
      offsets.dispatch = Math.min(offsets.dispatch, 120);
      offsets.enRoute = Math.min(offsets.enRoute, 180);
    }
    if (step.stage !== "received") {
      const d = await dispatchUnit(as(dispatcher), inc.id, { responderId: (await crewFor(type)).id });
      await setDispatchStatus(as(dispatcher), d.id, { status: "en_route" });
      if (step.stage !== "en_route") await setDispatchStatus(as(dispatcher), d.id, { status: "on_scene" });
      if (step.stage === "closed" || step.stage === "false_alarm") {
        await setDispatchStatus(as(dispatcher), d.id, { status: "finished" });
        const falseAlarm = step.stage === "false_alarm";
        await closeIncident(as(dispatcher), inc.id, {
          outcome: falseAlarm ? "false_alarm" : "handled",
          note: falseAlarm ? "Tidak ditemukan kejadian di lokasi" : "Penanganan selesai, situasi aman",
        });
        offsets.close = arrive + 1200 + Math.round(rnd() * 3600);
      }
      await spread(db, tenantId, inc.id, offsets);
    }
    await backdate(db, tenantId, inc.id, step.ageMs);
    n += 1;
  }
  return n;
}
