/**
 * Demo data for Kota Palembang: its main markets (approximate coordinates, kecamatan by Kemendagri code), a
 * Dinas Perdagangan enumerator login, and ~90 days of plausible prices ending today: a deterministic random walk
 * around realistic 2026 levels (mean-reverting, per-market offsets; cabai rawit merah volatile and rising in the
 * last days, so the alert rules have something to say).
 */
import { hashPassword } from "../../platform/auth/passwords.ts";
import type { Db } from "../../platform/db.ts";
import { mulberry32 } from "../../platform/prng.ts";
import { ensureUserByEmail } from "../accounts/index.ts";
import { insertGrant, unitsByCode } from "../admin/index.ts";
import { PIHPS_COMMODITIES } from "./commodities.ts";
import { evaluateAlerts } from "./alerts.ts";
import { addDays, todayIn } from "./common.ts";
import { listCommodities } from "./markets.ts";

export const DEMO_MARKETS = [
  { code: "16-ILIR", name: "Pasar 16 Ilir", kind: "traditional", kec: "16.71.05", lat: -2.9889, lon: 104.7614 },
  { code: "CINDE", name: "Pasar Cinde", kind: "traditional", kec: "16.71.11", lat: -2.9836, lon: 104.7525 },
  { code: "LEMABANG", name: "Pasar Lemabang", kind: "traditional", kec: "16.71.06", lat: -2.9687, lon: 104.7847 },
  { code: "KERTAPATI", name: "Pasar Kertapati", kind: "traditional", kec: "16.71.13", lat: -3.0196, lon: 104.7394 },
  { code: "PLAJU", name: "Pasar Plaju", kind: "traditional", kec: "16.71.14", lat: -3.0029, lon: 104.8032 },
  { code: "SEKIP-UJUNG", name: "Pasar Sekip Ujung", kind: "traditional", kec: "16.71.09", lat: -2.9567, lon: 104.7436 },
  { code: "KM5", name: "Pasar KM 5", kind: "traditional", kec: "16.71.07", lat: -2.9447, lon: 104.7231 },
  { code: "INDUK-JAKABARING", name: "Pasar Induk Jakabaring", kind: "wholesale", kec: "16.71.17", lat: -3.0275, lon: 104.7792 },
  { code: "PERUMNAS-SAKO", name: "Pasar Perumnas Sako", kind: "traditional", kec: "16.71.08", lat: -2.9361, lon: 104.7919 },
  { code: "KEBUN-SEMAI", name: "Pasar Kebun Semai Sekip", kind: "traditional", kec: "16.71.09", lat: -2.9611, lon: 104.7489 },
  { code: "PS-MODERN", name: "Pasar Modern Palembang Square", kind: "modern", kec: "16.71.04", lat: -2.9791, lon: 104.7434 },
] as const;

export const DEMO_ENUMERATOR = { login: "operator.disdag@palembang.go.id", name: "Rina Marlina" };
export const DEMO_DAYS = 90;

const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
const roundPrice = (p: number) => (p >= 20_000 ? Math.round(p / 500) * 500 : Math.round(p / 100) * 100);

/** Markets, the enumerator and the price history; nothing when the demo markets are there. */
export async function seedDemoPrices(db: Db, tenantId: string, password: string, today = todayIn("Asia/Jakarta")): Promise<void> {
  if (await db.one("SELECT 1 FROM price_markets WHERE tenant_id = $1 AND code = $2", [tenantId, DEMO_MARKETS[0].code])) return;
  const passwordHash = await hashPassword(password);
  await db.tx(async (q) => {
    const [disdag] = await unitsByCode(q, tenantId, ["DISDAG"]);
    let enumerator: string | null = null;
    if (disdag) {
      enumerator = await ensureUserByEmail(q, {
        tenantId,
        kind: "staff",
        name: DEMO_ENUMERATOR.name,
        email: DEMO_ENUMERATOR.login,
        passwordHash,
        verified: true,
      });
      await insertGrant(q, { tenantId, userId: enumerator, unitId: disdag.id, role: "opd_operator", grantedBy: null });
    }
    const markets = await q.query<{ id: string; code: string; kind: string }>(
      `INSERT INTO price_markets (tenant_id, code, name, kind, kecamatan_code, lat, lon)
       SELECT $1, x.code, x.name, x.kind, x.kec, x.lat, x.lon FROM jsonb_to_recordset($2::jsonb) AS x(code text, name text, kind text, kec text, lat float8, lon float8)
       RETURNING id, code, kind`,
      [tenantId, DEMO_MARKETS],
    );
    const commodities = await listCommodities(q, tenantId, true);
    const rows: { m: string; c: string; d: string; p: number }[] = [];
    const start = addDays(today, -(DEMO_DAYS - 1));
    PIHPS_COMMODITIES.forEach((def, ci) => {
      const c = commodities.find((x) => x.code === def.code);
      if (!c) return;
      const r = mulberry32(1000 + ci);
      // The city level: mean-reverting walk around the 2026 level.
      const city: number[] = [];
      let x = def.level * (1 + gauss(r) * def.vol * 2);
      for (let d = 0; d < DEMO_DAYS; d++) {
        x += 0.12 * (def.level - x) + def.level * def.vol * gauss(r);
        let v = x;
        // Cabai rawit merah climbs in the last ten days (a week-on-week alert on the demo).
        if (def.code === "cabai-rawit-merah" && d >= DEMO_DAYS - 10) v *= 1 + 0.012 * (d - (DEMO_DAYS - 11));
        city.push(v);
      }
      markets.forEach((m, mi) => {
        const mr = mulberry32(50_000 + ci * 100 + mi);
        const offset = (m.kind === "wholesale" ? -0.03 : m.kind === "modern" ? 0.04 : 0) + (mr() - 0.5) * 0.06;
        for (let d = 0; d < DEMO_DAYS; d++) {
          // Some days a market is not surveyed (never today: the demo page shows every market).
          if (d < DEMO_DAYS - 1 && mr() < 0.04) continue;
          rows.push({ m: m.id, c: c.id, d: addDays(start, d), p: roundPrice(city[d] * (1 + offset + gauss(mr) * def.vol * 0.5)) });
        }
      });
    });
    for (let i = 0; i < rows.length; i += 5000) {
      await q.query(
        `INSERT INTO price_entries (tenant_id, market_id, commodity_id, date, price, source, entered_by, entered_at)
         SELECT $1, x.m, x.c, x.d, x.p, 'seed', $3, x.d::timestamp + time '08:30' FROM jsonb_to_recordset($2::jsonb) AS x(m uuid, c uuid, d date, p int)`,
        [tenantId, rows.slice(i, i + 5000), enumerator],
      );
    }
    await evaluateAlerts(
      q,
      tenantId,
      commodities.map((c) => c.id),
      today,
    );
  });
}
