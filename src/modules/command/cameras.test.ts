import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, client, loginAs, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { checkCameras, type FetchLike, probeStream } from "./cameras.ts";
import { DEMO_CAMERAS, seedDemoCameras } from "./demo.ts";
import { startCameraHealthJob } from "./jobs.ts";

/** Registers a camera at (-2.98, 104.75) unless `more` says otherwise. */
const postCamera = (c: Client, code: string, name: string, more: Record<string, unknown> = {}) =>
  c.request("POST", "/api/command/cameras", { code, name, lat: -2.98, lon: 104.75, ...more });

describe("CCTV registry", () => {
  const s = setupPlatform();

  it("kominfo_admin registers, changes and deactivates cameras; bad input is refused; every change is audited", async () => {
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const created = await postCamera(admin, "T-CAM-1", "Simpang Uji", {
      ownerUnitCode: "DISHUB",
      streamKind: "hls",
      streamUrl: "https://cctv.example.org/uji/index.m3u8",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      code: "T-CAM-1",
      ownerName: "Dinas Perhubungan",
      streamKind: "hls",
      status: "unknown",
      active: true,
      checkedAt: null,
      lastError: null,
      latencyMs: null,
    });
    const id = created.body.id as string;

    const bad = async (body: Record<string, unknown>, field: string) => {
      const r = await postCamera(admin, "T-CAM-X", "X", body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.headers["content-type"]).toMatch(/problem\+json/);
      expect(r.problem.errors!.map((e: { field: string }) => e.field)).toContain(field);
    };
    await bad({ streamUrl: "ftp://cctv.example.org/x" }, "streamUrl");
    await bad({ streamUrl: "javascript:alert(1)" }, "streamUrl");
    await bad({ lat: 95 }, "lat");
    await bad({ streamKind: "rtsp" }, "streamKind");
    await bad({ ownerUnitCode: "NOPE" }, "ownerUnitCode");
    await bad({ ownerUnitId: "00000000-0000-4000-8000-000000000000" }, "ownerUnitId");
    const dup = await postCamera(admin, "T-CAM-1", "Lagi");
    expect(dup.status).toBe(409);
    expect(await s.db.one("SELECT 1 FROM cameras WHERE tenant_id = $1 AND code = 'T-CAM-X'", [PALEMBANG])).toBeUndefined();

    const patched = await admin.request("PATCH", `/api/command/cameras/${id}`, { name: "Simpang Uji Baru", lat: -2.99 });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ name: "Simpang Uji Baru", lat: -2.99, lon: 104.75, streamUrl: "https://cctv.example.org/uji/index.m3u8" });
    expect((await admin.request("PATCH", `/api/command/cameras/${id}`, { streamUrl: "rtsp://x" })).status).toBe(400);
    expect((await admin.request("PATCH", "/api/command/cameras/00000000-0000-4000-8000-000000000000", { name: "X" })).status).toBe(404);

    const list = await admin.request("GET", "/api/command/cameras");
    expect(list.body.items.some((c: { id: string }) => c.id === id)).toBe(true);
    const removed = await admin.request("DELETE", `/api/command/cameras/${id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.active).toBe(false);
    expect((await admin.request("GET", "/api/command/cameras")).body.items.some((c: { id: string }) => c.id === id)).toBe(false);
    expect((await admin.request("GET", "/api/command/cameras?all=true")).body.items.some((c: { id: string }) => c.id === id)).toBe(true);

    const actions = await s.db.query<{ action: string; data: Record<string, unknown> }>(
      "SELECT action, data FROM audit_log WHERE tenant_id = $1 AND subject_type = 'camera' AND subject_id = $2 ORDER BY seq",
      [PALEMBANG, id],
    );
    expect(actions.map((a) => a.action)).toEqual(["camera.created", "camera.updated", "camera.deactivated"]);
    expect(actions[1].data).toMatchObject({ name: { from: "Simpang Uji", to: "Simpang Uji Baru" } });
  });

  it("who may see and change the registry", async () => {
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const cam = await admin.request("POST", "/api/command/cameras", { code: "T-CAM-2", name: "Simpang Peran", lat: -2.97, lon: 104.76 });
    expect(cam.status).toBe(201);
    const body = { code: "T-CAM-3", name: "X", lat: -2.97, lon: 104.76 };
    for (const login of ["operator.112@palembang.go.id", "operator.dukcapil@palembang.go.id"]) {
      const c = await loginAs(s.app, login);
      expect((await c.request("GET", "/api/command/cameras")).status, login).toBe(403);
      expect((await c.request("POST", "/api/command/cameras", body)).status, login).toBe(403);
    }
    for (const login of ["auditor@palembang.go.id", "lawangjabo@palembang.go.id"]) {
      const c = await loginAs(s.app, login);
      expect((await c.request("GET", "/api/command/cameras")).status, login).toBe(200);
      expect((await c.request("POST", "/api/command/cameras", body)).status, login).toBe(403);
      expect((await c.request("PATCH", `/api/command/cameras/${cam.body.id}`, { name: "Y" })).status, login).toBe(403);
      expect((await c.request("DELETE", `/api/command/cameras/${cam.body.id}`)).status, login).toBe(403);
      expect((await c.request("POST", "/api/command/cameras/check")).status, login).toBe(403);
    }
    expect((await client(s.app).request("GET", "/api/command/cameras")).status).toBe(401);
  });

  describe("health check", () => {
    let server: http.Server;
    let base = "";
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        if (req.url === "/live/index.m3u8") {
          res.writeHead(200, { "content-type": "application/vnd.apple.mpegurl" });
          res.end("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg1.ts\n");
        } else if (req.url === "/down/index.m3u8") {
          res.writeHead(503, { "content-type": "text/plain" });
          res.end("maintenance");
        } else if (req.url === "/html/index.m3u8") {
          res.writeHead(200, { "content-type": "text/html" });
          res.end("<html>login</html>");
        } else if (req.url === "/mjpeg") {
          // An endless multipart stream: the check must read one chunk and let go.
          res.writeHead(200, { "content-type": "multipart/x-mixed-replace; boundary=frame" });
          res.write("--frame\r\nContent-Type: image/jpeg\r\n\r\n");
          const t = setInterval(() => res.write("x"), 50);
          res.on("close", () => clearInterval(t));
        } else if (req.url === "/hang") {
          // Never answers.
        } else {
          res.writeHead(404);
          res.end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("marks cameras online/offline with latency and error, never waits on a hanging camera, and emits cctv.status on a change", async () => {
      const admin = await loginAs(s.app, "admin@palembang.go.id");
      const make = async (code: string, streamUrl: string | null, streamKind = "hls") => {
        const r = await postCamera(admin, code, `Kamera ${code}`, { streamUrl, streamKind });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        return r.body.id as string;
      };
      const ids = {
        live: await make("H-LIVE", `${base}/live/index.m3u8`),
        down: await make("H-DOWN", `${base}/down/index.m3u8`),
        hang: await make("H-HANG", `${base}/hang`),
        html: await make("H-HTML", `${base}/html/index.m3u8`),
        mjpeg: await make("H-MJPEG", `${base}/mjpeg`, "mjpeg"),
        none: await make("H-NONE", null),
      };
      const outboxBefore = await s.db.one<{ id: string }>("SELECT coalesce(max(id), 0) AS id FROM outbox_events");
      const summary = await checkCameras(s.db, { timeoutMs: 5000, tenantId: PALEMBANG });
      expect(summary).toMatchObject({ checked: 5, online: 2, offline: 3 });

      const cams = (await admin.request("GET", "/api/command/cameras")).body.items as {
        id: string;
        status: string;
        lastError: string | null;
        latencyMs: number | null;
        checkedAt: string | null;
      }[];
      const byId = (id: string) => cams.find((c) => c.id === id)!;
      expect(byId(ids.live)).toMatchObject({ status: "online", lastError: null });
      expect(byId(ids.live).latencyMs).toEqual(expect.any(Number));
      expect(byId(ids.live).checkedAt).not.toBeNull();
      expect(byId(ids.mjpeg)).toMatchObject({ status: "online", lastError: null });
      expect(byId(ids.down)).toMatchObject({ status: "offline", lastError: "HTTP 503" });
      expect(byId(ids.hang)).toMatchObject({ status: "offline", lastError: "timeout after 5000 ms", latencyMs: null });
      expect(byId(ids.html)).toMatchObject({ status: "offline", lastError: expect.stringContaining("EXTM3U") });
      expect(byId(ids.none)).toMatchObject({ status: "unknown", checkedAt: null });

      const events = await s.db.query<{ payload: { cameraId: string; code: string; status: string; error: string | null; lat: number; lon: number } }>(
        "SELECT payload FROM outbox_events WHERE tenant_id = $1 AND topic = 'cctv.status' AND id > $2 ORDER BY id",
        [PALEMBANG, outboxBefore?.id],
      );
      const byCode = new Map(events.map((e) => [e.payload.code, e.payload]));
      expect(byCode.get("H-LIVE")).toMatchObject({ cameraId: ids.live, status: "online", error: null, lat: -2.98, lon: 104.75 });
      expect(byCode.get("H-DOWN")).toMatchObject({ cameraId: ids.down, status: "offline", error: "HTTP 503" });
      expect(byCode.get("H-HANG")).toMatchObject({ status: "offline", error: "timeout after 5000 ms" });
      expect(byCode.has("H-NONE")).toBe(false);

      // No change, no event; a new URL resets the status (an event) until the next check.
      const mark = await s.db.one<{ id: string }>("SELECT coalesce(max(id), 0) AS id FROM outbox_events");
      await checkCameras(s.db, { timeoutMs: 5000, tenantId: PALEMBANG });
      const again = await s.db.query("SELECT 1 FROM outbox_events WHERE topic = 'cctv.status' AND id > $1", [mark?.id]);
      expect(again).toHaveLength(0);
      const fixed = await admin.request("PATCH", `/api/command/cameras/${ids.down}`, { streamUrl: `${base}/live/index.m3u8` });
      expect(fixed.body).toMatchObject({ status: "unknown", lastError: null, checkedAt: null });
      // The route uses the job's 4 s timeout: leave the hanging camera out of it.
      expect((await admin.request("DELETE", `/api/command/cameras/${ids.hang}`)).status).toBe(200);
      const viaRoute = await admin.request("POST", "/api/command/cameras/check");
      expect(viaRoute.status).toBe(200);
      expect(viaRoute.body).toEqual({ checked: 4, online: 3, offline: 1 });
      expect((await admin.request("GET", "/api/command/cameras")).body.items.find((c: { id: string }) => c.id === ids.down)).toMatchObject({
        status: "online",
      });
    });

    it("the background job checks cameras until stopped", async () => {
      const admin = await loginAs(s.app, "admin@palembang.go.id");
      const r = await postCamera(admin, "J-LIVE", "Kamera Job", { streamUrl: `${base}/live/index.m3u8` });
      const warnings: unknown[] = [];
      const log = { warn: (...a: unknown[]) => warnings.push(a), debug: () => {} } as unknown as Logger;
      const stop = startCameraHealthJob(s.db, log, { firstAfterMs: 0, everyMs: 60_000, timeoutMs: 5000 });
      try {
        let status = "unknown";
        for (let i = 0; i < 1200 && status === "unknown"; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          status = (await s.db.one<{ status: string }>("SELECT status FROM cameras WHERE id = $1", [r.body.id]))!.status;
        }
        expect(status).toBe("online");
      } finally {
        stop();
      }
      expect(warnings).toEqual([]);
    });

    it("probes by kind: snapshot and MJPEG by content type, errors as short text", async () => {
      const answer =
        (status: number, type: string, body = ""): FetchLike =>
        async () =>
          new Response(body, { status, headers: { "content-type": type } });
      expect(await probeStream("http://x/snap.jpg", "snapshot", 1000, answer(200, "image/png"))).toMatchObject({ ok: true, error: null });
      expect(await probeStream("http://x/snap.jpg", "snapshot", 1000, answer(200, "text/html"))).toMatchObject({ ok: false });
      expect(await probeStream("http://x/mjpeg", "mjpeg", 1000, answer(200, "image/jpeg"))).toMatchObject({ ok: true });
      expect(await probeStream("http://x/mjpeg", "mjpeg", 1000, answer(200, "text/plain"))).toMatchObject({ ok: false });
      expect(await probeStream("http://x/a.m3u8", "hls", 1000, answer(200, "text/plain", "\uFEFF#EXTM3U\n"))).toMatchObject({ ok: true });
      expect(await probeStream("http://x/a.m3u8", "hls", 1000, answer(404, "text/plain"))).toMatchObject({ ok: false, error: "HTTP 404" });
      const refused: FetchLike = async () => {
        throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
      };
      expect(await probeStream("http://x/a.m3u8", "hls", 1000, refused)).toMatchObject({ ok: false, error: "ECONNREFUSED", latencyMs: null });
      // A fetch that ignores the abort signal still gives up at the timeout.
      const deaf: FetchLike = () => new Promise(() => {});
      expect(await probeStream("http://x/a.m3u8", "hls", 50, deaf)).toMatchObject({ ok: false, error: "timeout after 50 ms" });
    });
  });

  it("seeds Dishub's 13 CCTV points inside Palembang, idempotently", async () => {
    await s.db.tx((q) => seedDemoCameras(q, PALEMBANG, { "CCTV-AMPERA": "https://cctv.example.org/ampera/index.m3u8" }));
    expect(await s.db.tx((q) => seedDemoCameras(q, PALEMBANG, {}))).toBe(0);
    const rows = await s.db.query<{ code: string; name: string; lat: number; lon: number; owner: string; stream_kind: string; stream_url: string | null }>(
      `SELECT c.code, c.name, c.lat, c.lon, u.code AS owner, c.stream_kind, c.stream_url FROM cameras c JOIN org_units u ON u.id = c.owner_unit_id
        WHERE c.tenant_id = $1 AND c.code LIKE 'CCTV-%' ORDER BY c.code`,
      [PALEMBANG],
    );
    expect(rows).toHaveLength(DEMO_CAMERAS.length);
    expect(rows.map((r) => r.name)).toContain("Jembatan Ampera");
    for (const r of rows) {
      expect(r).toMatchObject({ owner: "DISHUB", stream_kind: "hls" });
      expect(r.lat).toBeGreaterThan(-3.05);
      expect(r.lat).toBeLessThan(-2.9);
      expect(r.lon).toBeGreaterThan(104.68);
      expect(r.lon).toBeLessThan(104.82);
    }
    expect(rows.find((r) => r.code === "CCTV-AMPERA")?.stream_url).toMatch(/^https:\/\/cctv\.example\.org\/ampera/);
  });
});
