/**
 * Many Balai processes on one PostgreSQL behind nginx (issue 15): the test starts PostgreSQL's database, s3rver,
 * three `node bin/balai.js start` processes and nginx (round-robin) in a temp dir, then checks that they behave as
 * one. Needs PostgreSQL on 127.0.0.1:5432 (user postgres), nginx and the built web app (npm run build).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeS3, startFakeS3 } from "../fakes/s3.ts";
import { multipartFile, TINY_PNG } from "../helpers.ts";
import { type Nginx, startNginx } from "./harness.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ADMIN_URL = process.env.CLUSTER_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const BASE_PORT = Number(process.env.CLUSTER_BASE_PORT ?? 4171);
const PORTS = [BASE_PORT, BASE_PORT + 1, BASE_PORT + 2];
const LB_PORT = BASE_PORT + 3;
const LB = `http://127.0.0.1:${LB_PORT}`;
const DB_NAME = `balai_cluster_${process.pid}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-cluster-"));
const procs = new Map<number, ChildProcess>();
let nginx: Nginx | undefined;
let s3: FakeS3;

const dbUrl = () => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
};

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function waitReady(url: string, what: string) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`${url}/ready`);
      if (res.status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not become ready; see ${dir}`);
}

function startBalai(port: number) {
  const log = fs.openSync(path.join(dir, `balai-${port}.log`), "a");
  const child = spawn(process.execPath, [path.join(ROOT, "bin/balai.js"), "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...s3.env,
      NODE_ENV: "development",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: dbUrl(),
      BALAI_DATA_DIR: path.join(dir, `data-${port}`),
      BALAI_DEMO: "1",
      BALAI_TRANSIT_SIMULATE: "0",
      BALAI_TRUST_PROXY: "loopback",
      BALAI_AUTH_RATE_LIMIT: "10",
      BALAI_RATE_LIMIT: "60000",
      BALAI_METRICS_TOKEN: "cluster-metrics-token-0123",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", log, log],
  });
  procs.set(port, child);
  return child;
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "dist/web/index.html"))) throw new Error("build the web app first (npm run build)");
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME}`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  s3 = await startFakeS3();
  // The first process migrates and seeds the demo city; the others start on the prepared database.
  startBalai(PORTS[0]);
  await waitReady(`http://127.0.0.1:${PORTS[0]}`, "the first process");
  for (const p of PORTS.slice(1)) startBalai(p);
  for (const p of PORTS.slice(1)) await waitReady(`http://127.0.0.1:${p}`, `process ${p}`);
  nginx = startNginx({ dir, port: LB_PORT, upstreams: PORTS });
  await waitReady(LB, "nginx");
});

afterAll(async () => {
  await nginx?.stop();
  for (const child of procs.values()) child.kill("SIGKILL");
  await s3?.stop();
  await new Promise((r) => setTimeout(r, 500));
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`).catch(() => {});
  if (!process.env.CLUSTER_KEEP) fs.rmSync(dir, { recursive: true, force: true });
});

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string, identifier: string, password = "Balai-Demo-2026"): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-balai-tenant": "16.71" },
    body: JSON.stringify({ identifier, password }),
  });
  expect(res.status, `sign-in of ${identifier} at ${base}: ${res.status === 200 ? "" : await res.clone().text()}`).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => /^(__Host-)?balai_sid=/.test(c))!
    .split(";")[0];
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const headers = (s: Session) => ({ cookie: s.cookie, "x-csrf-token": s.csrf, "x-balai-tenant": "16.71" });

describe("three Balai processes on one PostgreSQL behind nginx", () => {
  it("signs in through nginx; a file uploaded on one process is read on the others (S3)", async () => {
    const warga = await login(LB, "warga@example.com");
    // The session made through nginx works on every process.
    for (const p of PORTS) {
      const res = await fetch(`http://127.0.0.1:${p}/api/auth/session`, { headers: headers(warga) });
      expect(((await res.json()) as { user: unknown }).user).not.toBeNull();
    }
    const mp = multipartFile("foto.png", "image/png", TINY_PNG);
    const up = await fetch(`http://127.0.0.1:${PORTS[0]}/api/lapor/photos`, {
      method: "POST",
      headers: { ...headers(warga), ...(mp.headers as Record<string, string>) },
      body: mp.payload,
    });
    expect(up.status).toBe(201);
    const { id } = (await up.json()) as { id: string };
    for (const p of PORTS.slice(1)) {
      const got = await fetch(`http://127.0.0.1:${p}/api/lapor/photos/${id}`, { headers: headers(warga) });
      expect(got.status).toBe(200);
      expect(
        Buffer.from(await got.arrayBuffer())
          .subarray(1, 4)
          .toString(),
      ).toBe("PNG");
    }
  });

  it("a sign-out on one process ends the session on every process", async () => {
    const staff = await login(`http://127.0.0.1:${PORTS[1]}`, "admin@palembang.go.id");
    for (const p of PORTS) await fetch(`http://127.0.0.1:${p}/api/auth/session`, { headers: headers(staff) }); // cached everywhere
    expect((await fetch(`http://127.0.0.1:${PORTS[1]}/api/auth/logout`, { method: "POST", headers: headers(staff) })).status).toBe(204);
    for (const p of PORTS) {
      await expect
        .poll(async () => ((await (await fetch(`http://127.0.0.1:${p}/api/auth/session`, { headers: headers(staff) })).json()) as { user: unknown }).user)
        .toBeNull();
    }
  });

  it("an SSE subscriber on one process receives an event written through another", async () => {
    const staff = await login(`http://127.0.0.1:${PORTS[2]}`, "admin@palembang.go.id");
    const warga = await login(`http://127.0.0.1:${PORTS[0]}`, "warga@example.com");
    const abort = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${PORTS[2]}/api/live`, { headers: headers(staff), signal: abort.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    let received = "";
    const filed = await fetch(`http://127.0.0.1:${PORTS[0]}/api/lapor/reports`, {
      method: "POST",
      headers: { ...headers(warga), "content-type": "application/json" },
      body: JSON.stringify({
        category: "lapor-sampah",
        lat: -2.93,
        lon: 104.72,
        kelurahan: "16.71.04.1003",
        description: "Sampah menumpuk di pinggir jalan sejak seminggu (uji klaster).",
        anonymous: false,
        confidential: false,
      }),
    });
    expect(filed.status).toBe(201);
    const { id } = (await filed.json()) as { id: string };
    try {
      while (!received.includes(id)) {
        const { value, done } = await reader.read();
        if (done) break;
        received += new TextDecoder().decode(value);
      }
    } finally {
      abort.abort();
    }
    expect(received).toContain(id);
  });

  it("kill -9 of a process under load: no acknowledged write is lost, the others keep answering and take its jobs over", async () => {
    const db = new pg.Client({ connectionString: dbUrl() });
    await db.connect();
    try {
      await expect
        .poll(async () => (await db.query("SELECT count(*)::int AS n FROM job_leases WHERE name = 'notification-dispatch'")).rows[0].n, { timeout: 30_000 })
        .toBe(1);
      const { holder } = (await db.query("SELECT holder FROM job_leases WHERE name = 'notification-dispatch'")).rows[0] as { holder: string };
      const victimPid = Number(holder.split(":")[1]);
      const victim = [...procs.entries()].find(([, c]) => c.pid === victimPid);
      expect(victim).toBeTruthy();

      // Four writers file reports through nginx; the job holder is killed after the first acknowledged writes.
      const warga = await login(LB, "warga@example.com");
      const acknowledged: string[] = [];
      let failed = 0;
      let afterKill = 0;
      let killed = false;
      let n = 0;
      const writer = async () => {
        while (!killed || afterKill < 12) {
          const i = n++;
          try {
            const res = await fetch(`${LB}/api/lapor/reports`, {
              method: "POST",
              headers: { ...headers(warga), "content-type": "application/json" },
              body: JSON.stringify({
                category: "lapor-sampah",
                lat: -2.9 - (i % 40) * 0.002,
                lon: 104.7 + Math.floor(i / 40) * 0.002,
                kelurahan: "16.71.04.1003",
                description: `Sampah menumpuk di pinggir jalan, laporan uji beban nomor ${i}.`,
                anonymous: false,
                confidential: false,
              }),
            });
            if (res.status === 201) {
              acknowledged.push(((await res.json()) as { id: string }).id);
              if (killed) afterKill += 1;
            } else {
              failed += 1;
              await res.arrayBuffer();
            }
          } catch {
            failed += 1;
          }
          if (!killed && acknowledged.length >= 8) {
            killed = true;
            victim![1].kill("SIGKILL");
            procs.delete(victim![0]);
          }
          if (n > 400) throw new Error(`the survivors stopped acknowledging writes (${acknowledged.length} acknowledged, ${failed} failed)`);
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
      const stored = (await db.query("SELECT count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[])", [acknowledged])).rows[0].n;
      expect(stored).toBe(acknowledged.length);
      expect(afterKill).toBeGreaterThanOrEqual(12);
      console.log(`load: ${acknowledged.length} acknowledged, ${failed} failed around the kill`);

      // Through nginx, requests keep being answered by the survivors.
      for (let i = 0; i < 6; i++) expect((await fetch(`${LB}/ready`)).status).toBe(200);
      // The lease lapses (2 periods + 10 s) and a survivor takes the job over.
      await expect
        .poll(async () => (await db.query("SELECT holder FROM job_leases WHERE name = 'notification-dispatch'")).rows[0].holder, {
          timeout: 60_000,
          interval: 1000,
        })
        .not.toBe(holder);
    } finally {
      await db.end();
    }
  });

  it("a rate limit holds across the processes (sign-in attempts through nginx)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) {
      const res = await fetch(`${LB}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-balai-tenant": "16.71" },
        body: JSON.stringify({ identifier: "nobody@example.com", password: "wrong-password-123" }),
      });
      statuses.push(res.status);
    }
    // 10 per minute for the whole cluster (per process it would be 20 through the two survivors): 13 attempts get at
    // least three 429s even when the window the earlier sign-ins opened has just ended.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
  });
});
