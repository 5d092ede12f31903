/**
 * Demo e-Parking for Kota Palembang: eight points (approximate coordinates) with tariffs in the spirit of the
 * city's perda (motor Rp2.000, mobil Rp5.000 per entry on the street; per hour off the street), a jukir per point
 * (the first one is the demo login jukir@palembang.go.id), and 30 days of payments so the charts have something
 * to show — Pasar Cinde's point collects far less than its peers, so it is flagged.
 */
import type { Db } from "../../platform/db.ts";
import type { FileStore } from "../../platform/files.ts";
import { findUserByIdentifier } from "../accounts/index.ts";
import { addDays, todayIn } from "./common.ts";
import { setAttendantPhoto } from "./photo.ts";
import { createAttendantIn, createPointIn } from "./points.ts";
import * as store from "./store.ts";
import { generatePayments } from "./store-payments.ts";
import { loadSharp } from "../../platform/lazy.ts";

export const DEMO_JUKIR_LOGIN = "jukir@palembang.go.id";

const street = [
  { vehicleType: "motor", mode: "entry", amount: 2000 },
  { vehicleType: "mobil", mode: "entry", amount: 5000 },
] as const;
const lot = [
  { vehicleType: "motor", mode: "hour", amount: 2000 },
  { vehicleType: "mobil", mode: "hour", amount: 5000 },
] as const;

export const DEMO_POINTS = [
  {
    code: "AMPERA-01",
    name: "Jl. Merdeka depan Masjid Agung",
    kind: "on_street",
    lat: -2.9891,
    lon: 104.7596,
    capacity: 40,
    tariffs: street,
    jukir: "Slamet Riyadi",
    factor: 2.2,
  },
  {
    code: "SUDIRMAN-01",
    name: "Jl. Jend. Sudirman (Pasar 16 Ilir)",
    kind: "on_street",
    lat: -2.9868,
    lon: 104.7607,
    capacity: 60,
    tariffs: street,
    jukir: "Hasan Basri",
    factor: 2.4,
  },
  {
    code: "CINDE-01",
    name: "Jl. Cinde Welan (Pasar Cinde)",
    kind: "on_street",
    lat: -2.9836,
    lon: 104.7525,
    capacity: 50,
    tariffs: street,
    jukir: "Rudi Hartono",
    factor: 0.6,
  },
  {
    code: "KAMBOJA-01",
    name: "Jl. Kapten Rivai (Kambang Iwak)",
    kind: "on_street",
    lat: -2.9849,
    lon: 104.7466,
    capacity: 35,
    tariffs: street,
    jukir: "Agus Salim",
    factor: 2.0,
  },
  {
    code: "ATMO-01",
    name: "Jl. Kolonel Atmo",
    kind: "on_street",
    lat: -2.9823,
    lon: 104.7571,
    capacity: 45,
    tariffs: street,
    jukir: "Yusuf Effendi",
    factor: 2.1,
  },
  {
    code: "BKB-P1",
    name: "Pelataran Benteng Kuto Besak",
    kind: "off_street",
    lat: -2.9932,
    lon: 104.7598,
    capacity: 120,
    tariffs: lot,
    jukir: "Wahyu Nugroho",
    factor: 1.5,
  },
  {
    code: "KAMBANG-P1",
    name: "Parkir Kambang Iwak Park",
    kind: "off_street",
    lat: -2.9858,
    lon: 104.7449,
    capacity: 80,
    tariffs: lot,
    jukir: "Dodi Saputra",
    factor: 1.4,
  },
  {
    code: "JAKABARING-P1",
    name: "Parkir Jakabaring Sport City",
    kind: "off_street",
    lat: -3.0238,
    lon: 104.7887,
    capacity: 200,
    tariffs: lot,
    jukir: "Bambang Sutrisno",
    factor: 1.2,
  },
] as const;

/** Points, attendants and a month of payments; nothing when the demo points are there. */
export async function seedDemoParking(db: Db, files: FileStore, tenantId: string, today = todayIn("Asia/Jakarta")): Promise<void> {
  if (await store.pointByCode(db, tenantId, DEMO_POINTS[0].code)) return;
  const ids = await db.tx(async (q) => {
    const out: { id: string; name: string }[] = [];
    for (const [i, p] of DEMO_POINTS.entries()) {
      const point = await createPointIn(q, tenantId, null, {
        code: p.code,
        name: p.name,
        kind: p.kind,
        lat: p.lat,
        lon: p.lon,
        capacity: p.capacity,
        tariffs: [...p.tariffs],
      });
      const linked = i === 0 && (await findUserByIdentifier(q, tenantId, { kind: "email", value: DEMO_JUKIR_LOGIN.toLowerCase() })) ? DEMO_JUKIR_LOGIN : null;
      const a = await createAttendantIn(q, tenantId, null, { name: p.jukir, pointId: point.id, sharePct: 70, email: linked });
      out.push({ id: a.id, name: a.name });
    }
    await generatePayments(q, tenantId, {
      from: addDays(today, -30),
      to: addDays(today, -1),
      pointCodes: DEMO_POINTS.map((p) => p.code),
      factors: DEMO_POINTS.map((p) => p.factor),
      gateway: "dev",
    });
    return out;
  });
  // A stand-in photo (initials on a coloured square) until Dishub uploads the real one.
  for (const [i, a] of ids.entries()) {
    const initials = a.name
      .split(" ")
      .map((w) => w[0])
      .join("")
      .slice(0, 2);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="480"><rect width="480" height="480" fill="hsl(${(i * 47) % 360},45%,35%)"/><text x="240" y="300" font-size="200" font-family="sans-serif" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
    const png = await (await loadSharp())(Buffer.from(svg)).png().toBuffer();
    await setAttendantPhoto(db, files, tenantId, null, a.id, "foto.png", png);
  }
}
