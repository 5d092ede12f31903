import { getResolution, isValidCell } from "h3-js";
import { describe, expect, it } from "vitest";
import { client, MALANG, PALEMBANG, setupPlatform } from "../../test/helpers.ts";
import { AppError } from "./errors.ts";
import { mulberry32 } from "./prng.ts";
import { cellsParam, cellsWithin, distanceMeters, H3_RES, h3Cell, importBoundaries, locate, regionNameKey, setTenantExtent, tenantExtent } from "./geo.ts";

/** The point `d` metres from (lat, lon) on bearing `b` (radians), on the sphere. */
function destination(lat: number, lon: number, d: number, b: number) {
  const R = 6_371_008.8;
  const φ1 = (lat * Math.PI) / 180;
  const λ1 = (lon * Math.PI) / 180;
  const δ = d / R;
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(b));
  const λ2 = λ1 + Math.atan2(Math.sin(b) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
  return { lat: (φ2 * 180) / Math.PI, lon: (λ2 * 180) / Math.PI };
}

/** A square polygon of half-size h degrees around (lat, lon), GeoJSON [lon, lat] order. */
function square(lat: number, lon: number, h = 0.004, hole?: number) {
  const ring = (s: number) => [
    [lon - s, lat - s],
    [lon + s, lat - s],
    [lon + s, lat + s],
    [lon - s, lat + s],
    [lon - s, lat - s],
  ];
  return { type: "Polygon", coordinates: hole ? [ring(h), ring(hole).reverse()] : [ring(h)] };
}
const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: "Feature", properties, geometry });
const fc = (...features: unknown[]) => ({ type: "FeatureCollection", features });

function expectAppError(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

async function expectRejects(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  expect((err as AppError).status).toBe(400);
}

describe("h3 cells and distance", () => {
  it("indexes points at resolution 9 and rejects bad coordinates", () => {
    const c = h3Cell(-2.9761, 104.7458);
    expect(isValidCell(c)).toBe(true);
    expect(getResolution(c)).toBe(H3_RES);
    expect(h3Cell(-2.9761, 104.7458)).toBe(c);
    expectAppError(() => h3Cell(Number.NaN, 104), "invalid-coordinates");
    expectAppError(() => h3Cell(91, 104), "invalid-coordinates");
    expectAppError(() => h3Cell(-2, 181), "invalid-coordinates");
    expectAppError(() => h3Cell(-2, Number.POSITIVE_INFINITY), "invalid-coordinates");
    expectAppError(() => cellsWithin(-2, 104, -1), "invalid-radius");
  });

  it("cellsWithin covers every point within the radius (random points, several latitudes)", () => {
    const random = mulberry32(20260601); // deterministic, so a failure can be replayed
    for (let round = 0; round < 600; round++) {
      // Indonesia spans about 6°N–11°S; include a few far-off latitudes where H3 cells are distorted.
      const lat = round < 500 ? -11 + random() * 17 : -70 + random() * 140;
      const lon = 95 + random() * 46;
      const radius = [0, 50, 150, 200, 500, 1000, 2500][round % 7];
      const cells = new Set(cellsWithin(lat, lon, radius));
      expect(cells.has(h3Cell(lat, lon))).toBe(true);
      for (let i = 0; i < 100; i++) {
        // Mostly on the rim, where coverage is hardest.
        const d = i < 50 ? radius : radius * Math.sqrt(Math.sqrt(random()));
        const p = destination(lat, lon, d, random() * 2 * Math.PI);
        expect(distanceMeters({ lat, lon }, p)).toBeLessThanOrEqual(radius + 1e-6);
        if (!cells.has(h3Cell(p.lat, p.lon))) throw new Error(`point ${p.lat},${p.lon} at ${d} m from ${lat},${lon} not covered (r=${radius})`);
      }
    }
  });

  it("keeps the prefilter small", () => {
    expect(cellsWithin(-2.98, 104.75, 0).length).toBeLessThanOrEqual(19);
    // duplicate radii up to the cell edge (~206 m in Palembang): the cell and its six neighbours
    expect(cellsWithin(-2.98, 104.75, 150)).toHaveLength(7);
    expect(cellsWithin(-2.98, 104.75, 1000).length).toBeLessThan(200);
  });

  it("measures great-circle distances", () => {
    const R = 6_371_008.8;
    expect(distanceMeters({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo((R * Math.PI) / 180, 3);
    expect(distanceMeters({ lat: 0, lon: 100 }, { lat: 0, lon: 101 })).toBeCloseTo((R * Math.PI) / 180, 3);
    expect(distanceMeters({ lat: -2.9761, lon: 104.7458 }, { lat: -2.9761, lon: 104.7458 })).toBe(0);
    // Monas (Jakarta) to Gedung Sate (Bandung): about 120 km.
    const d = distanceMeters({ lat: -6.1754, lon: 106.8272 }, { lat: -6.9025, lon: 107.6188 });
    expect(d).toBeGreaterThan(115_000);
    expect(d).toBeLessThan(125_000);
    const a = { lat: -7.9666, lon: 112.6326 };
    const b = { lat: -2.9761, lon: 104.7458 };
    expect(distanceMeters(a, b)).toBeCloseTo(distanceMeters(b, a), 6);
  });

  it("normalises region names for matching", () => {
    expect(regionNameKey("DUA PULUH ENAM ILIR SATU")).toBe(regionNameKey("Kelurahan 26 Ilir I"));
    expect(regionNameKey("TIGA EMPAT ULU")).toBe(regionNameKey("Kelurahan 3-4 Ulu"));
    expect(regionNameKey("Kecamatan Ilir Barat II")).toBe(regionNameKey("ilir barat dua"));
    expect(regionNameKey("Kel. Sebelas Ulu")).toBe("11 ulu");
    expect(regionNameKey("Desaku")).toBe("desaku");
  });
});

describe("locate and boundary import", () => {
  const s = setupPlatform();

  // Points inside Kota Palembang's extent.
  const P26 = { lat: -2.985, lon: 104.745 }; // 26 Ilir I (16.71.04.1003)
  const PSIR = { lat: -2.97, lon: 104.72 }; // Siringagung (16.71.04.1004)
  const P34 = { lat: -3.0, lon: 104.77 }; // 3-4 Ulu (16.71.02.1004)
  const P35 = { lat: -2.99, lon: 104.7 }; // 35 Ilir (16.71.01.1001), inside Kecamatan Ilir Barat II's square
  const PKEC = { lat: -2.99, lon: 104.69 }; // in the kecamatan square, outside 35 Ilir's
  const PEMPTY = { lat: -2.9, lon: 104.85 }; // in the city extent, in no polygon
  const PMALANG = { lat: -7.9666, lon: 112.6326 };

  it("without boundaries uses the tenant's extent: outside → false, inside → unknown, no extent → unknown", async () => {
    const ext = await tenantExtent(s.db, PALEMBANG);
    expect(ext?.bbox).toEqual([104.6, -3.1, 104.88, -2.84]);
    expect(await locate(s.db, PALEMBANG, P26.lat, P26.lon)).toEqual({ inside: null, kelurahan: null, kecamatan: null });
    expect(await locate(s.db, PALEMBANG, PMALANG.lat, PMALANG.lon)).toEqual({ inside: false, kelurahan: null, kecamatan: null });
    expect(await locate(s.db, MALANG, PMALANG.lat, PMALANG.lon)).toEqual({ inside: null, kelurahan: null, kecamatan: null });
    expect((await locate(s.db, MALANG, P26.lat, P26.lon)).inside).toBe(false);

    const saved = await tenantExtent(s.db, MALANG);
    await setTenantExtent(s.db, MALANG, null);
    expect(await locate(s.db, MALANG, P26.lat, P26.lon)).toEqual({ inside: null, kelurahan: null, kecamatan: null });
    await setTenantExtent(s.db, MALANG, saved);
    await expectRejects(locate(s.db, PALEMBANG, Number.NaN, 104), "invalid-coordinates");
    await expectRejects(locate(s.db, PALEMBANG, -2, 200), "invalid-coordinates");

    const cfg = await client(s.app).request("GET", "/api/geo/config");
    expect(cfg.status).toBe(200);
    expect(cfg.body).toEqual({
      tileUrl: "",
      tileAttribution: "",
      center: [-2.9761, 104.7458],
      zoom: 12,
      bbox: [104.6, -3.1, 104.88, -2.84],
      boundariesLoaded: false,
    });
  });

  it("rejects what is not a FeatureCollection of polygons, importing nothing", async () => {
    for (const bad of [
      null,
      "x",
      [],
      { type: "Feature", geometry: square(P26.lat, P26.lon) },
      { type: "FeatureCollection" },
      fc({ type: "Point", coordinates: [104, -2] }),
      fc(feature({ kode: "16.71.04.1003" }, { type: "Point", coordinates: [104.7, -2.9] })),
      fc(feature({ kode: "16.71.04.1003" }, { type: "Polygon", coordinates: [[[104.7, -2.9]]] })),
      fc(
        feature(
          { kode: "16.71.04.1003" },
          {
            type: "Polygon",
            coordinates: [
              [
                ["a", "b"],
                [1, 2],
                [3, 4],
                [5, 6],
              ],
            ],
          },
        ),
      ),
      fc(feature({ kode: "16.71.04.1003" }, square(P26.lat, P26.lon)), feature({ kode: "16.71.04.1004" }, null)),
    ]) {
      await expectRejects(
        s.db.tx((q) => importBoundaries(q, PALEMBANG, bad)),
        "invalid-geojson",
      );
    }
    expect(await s.db.one("SELECT count(*)::int AS n FROM region_boundaries")).toEqual({ n: 0 });
  });

  it("imports features matched by code (with or without dots) or by name, and locates points in them", async () => {
    const kecSquare = square(-2.99, 104.695, 0.012); // covers P35 and PKEC
    const r = await s.db.tx((q) =>
      importBoundaries(
        q,
        PALEMBANG,
        fc(
          feature({ kode: "16.71.04.1003", nama: "26 ILIR I" }, square(P26.lat, P26.lon)),
          feature({ KDEPUM: "1671041004" }, square(PSIR.lat, PSIR.lon, 0.004, 0.001)),
          feature({ NAMOBJ: "TIGA EMPAT ULU", WADMKC: "SEBERANG ULU I" }, square(P34.lat, P34.lon)),
          feature({ nama: "Kelurahan 35 Ilir" }, { type: "MultiPolygon", coordinates: [square(P35.lat, P35.lon, 0.003).coordinates] }),
          feature({ kd_kec: "16.71.01", nama: "Ilir Barat II" }, kecSquare),
          feature({ nama: "Atlantis" }, square(-2.95, 104.8)),
          feature({}, square(-2.95, 104.81)),
        ),
      ),
    );
    expect(r).toEqual({ imported: 5, unmatched: ["Atlantis", "#6"] });

    expect(await locate(s.db, PALEMBANG, P26.lat, P26.lon)).toEqual({ inside: true, kelurahan: "16.71.04.1003", kecamatan: "16.71.04" });
    expect(await locate(s.db, PALEMBANG, PSIR.lat + 0.002, PSIR.lon)).toEqual({ inside: true, kelurahan: "16.71.04.1004", kecamatan: "16.71.04" });
    // The hole in Siringagung's polygon is not Siringagung.
    expect((await locate(s.db, PALEMBANG, PSIR.lat, PSIR.lon)).inside).toBe(false);
    expect(await locate(s.db, PALEMBANG, P34.lat, P34.lon)).toEqual({ inside: true, kelurahan: "16.71.02.1004", kecamatan: "16.71.02" });
    expect(await locate(s.db, PALEMBANG, P35.lat, P35.lon)).toEqual({ inside: true, kelurahan: "16.71.01.1001", kecamatan: "16.71.01" });
    expect(await locate(s.db, PALEMBANG, PKEC.lat, PKEC.lon)).toEqual({ inside: true, kelurahan: null, kecamatan: "16.71.01" });
    // Boundaries loaded: a point in none of them is outside, even within the old extent.
    expect(await locate(s.db, PALEMBANG, PEMPTY.lat, PEMPTY.lon)).toEqual({ inside: false, kelurahan: null, kecamatan: null });

    // The extent is now the union of the polygons.
    const ext = await tenantExtent(s.db, PALEMBANG);
    expect(ext?.bbox[0]).toBeCloseTo(104.683, 6);
    expect(ext?.bbox[2]).toBeCloseTo(P34.lon + 0.004, 6);
    expect(ext?.bbox[1]).toBeCloseTo(P34.lat - 0.004, 6);
    expect(ext?.bbox[3]).toBeCloseTo(PSIR.lat + 0.004, 6);

    const located = await client(s.app).request("GET", `/api/geo/locate?lat=${P26.lat}&lon=${P26.lon}`);
    expect(located.status).toBe(200);
    expect(located.body).toEqual({
      inside: true,
      kelurahan: "16.71.04.1003",
      kelurahanName: "Kelurahan 26 Ilir I",
      kecamatan: "16.71.04",
      kecamatanName: "Kecamatan Ilir Barat I",
    });
    expect((await client(s.app).request("GET", "/api/geo/locate?lat=95&lon=104")).status).toBe(400);
    expect((await client(s.app).request("GET", "/api/geo/locate?lat=abc&lon=104")).status).toBe(400);
    const cfg = await client(s.app).request("GET", "/api/geo/config");
    expect(cfg.body.boundariesLoaded).toBe(true);
    expect(cfg.body.bbox).toEqual(ext?.bbox);
  });

  it("a re-import replaces a polygon and the cached one is not used again", async () => {
    expect((await locate(s.db, PALEMBANG, P26.lat, P26.lon)).kelurahan).toBe("16.71.04.1003");
    const moved = { lat: -2.93, lon: 104.76 };
    const r = await s.db.tx((q) => importBoundaries(q, PALEMBANG, fc(feature({ code: "1671041003" }, square(moved.lat, moved.lon)))));
    expect(r).toEqual({ imported: 1, unmatched: [] });
    expect((await locate(s.db, PALEMBANG, P26.lat, P26.lon)).inside).toBe(false);
    expect((await locate(s.db, PALEMBANG, moved.lat, moved.lon)).kelurahan).toBe("16.71.04.1003");
  });

  it("passes cells to SQL as a text array", async () => {
    const cells = cellsWithin(P26.lat, P26.lon, 300);
    const row = await s.db.one<{ ok: boolean; n: number }>("SELECT $1 = ANY($2::text[]) AS ok, cardinality($2::text[]) AS n", [
      h3Cell(P26.lat, P26.lon + 0.001),
      cellsParam(cells),
    ]);
    expect(row).toEqual({ ok: true, n: cells.length });
  });

  it("keeps tenants apart: Malang's boundaries are never used for Palembang", async () => {
    // A Malang polygon drawn (wrongly) over a Palembang spot covered by no Palembang polygon.
    const r = await s.db.tx((q) =>
      importBoundaries(
        q,
        MALANG,
        fc(feature({ kode: "35.73.02.1001" }, square(PEMPTY.lat, PEMPTY.lon)), feature({ kode: "16.71.04.1003" }, square(PMALANG.lat, PMALANG.lon))),
      ),
    );
    expect(r).toEqual({ imported: 1, unmatched: ["16.71.04.1003"] });
    expect(await locate(s.db, PALEMBANG, PEMPTY.lat, PEMPTY.lon)).toEqual({ inside: false, kelurahan: null, kecamatan: null });
    expect(await locate(s.db, MALANG, PEMPTY.lat, PEMPTY.lon)).toEqual({ inside: true, kelurahan: "35.73.02.1001", kecamatan: "35.73.02" });
    expect((await locate(s.db, MALANG, P26.lat, P26.lon)).inside).toBe(false);
    const malang = await client(s.app, MALANG).request("GET", `/api/geo/locate?lat=${PEMPTY.lat}&lon=${PEMPTY.lon}`);
    expect(malang.body.kelurahanName).toBe("Kelurahan Klojen");
    const palembang = await client(s.app, PALEMBANG).request("GET", `/api/geo/locate?lat=${PEMPTY.lat}&lon=${PEMPTY.lon}`);
    expect(palembang.body.inside).toBe(false);
  });

  it("understands BIG-style attributes: kelurahan by name even beside a kecamatan code, kecamatan by code or name", async () => {
    const r = await s.db.tx((q) =>
      importBoundaries(
        q,
        MALANG,
        fc(
          feature({ KDCPUM: "35.73.01", WADMKC: "Blimbing", WADMKD: "ARJOSARI" }, square(-7.93, 112.65)),
          feature({ KDCPUM: "35.73.02" }, square(-7.98, 112.63, 0.02)),
          feature({ WADMKC: "BLIMBING" }, square(-7.94, 112.65, 0.02)),
          feature({ WADMKC: "Atlantis" }, square(-7.9, 112.6)),
        ),
      ),
    );
    expect(r).toEqual({ imported: 3, unmatched: ["Atlantis"] });
    const rows = await s.db.query<{ code: string; level: string }>(
      "SELECT code, level FROM region_boundaries WHERE tenant_id = $1 AND code IN ('35.73.01.1002', '35.73.02', '35.73.01') ORDER BY code",
      [MALANG],
    );
    expect(rows).toEqual([
      { code: "35.73.01", level: "kecamatan" },
      { code: "35.73.01.1002", level: "kelurahan" },
      { code: "35.73.02", level: "kecamatan" },
    ]);
  });
});
