/**
 * `balai` commands beside a running server on the embedded store: one real `balai start` process, a real `balai`
 * command process sent through its command socket, and the client (src/cli/remote.ts) driven in-process for the
 * refusals. Starting processes takes seconds (far more on a busy machine): generous time-outs, one server.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOnServer } from "../../src/cli/remote.ts";
import { testConfig } from "../helpers.ts";
import { balaiProcess, lastLine } from "./in-process.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-sock-"));
const env = { BALAI_DATA_DIR: dataDir, BALAI_DEMO: "0", DATABASE_URL: "", LOG_LEVEL: "warn", NODE_ENV: "development" };
const socketFile = path.join(dataDir, "balai.sock");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** What the client prints, as `balai` would on stdout and stderr. */
async function viaSocket(...argv: string[]) {
  const out: string[] = [];
  const code = await runOnServer(testConfig(env), argv, { out: (l) => out.push(l), write: (t) => out.push(t), err: (l) => out.push(l) });
  return { code, out: out.join("\n") };
}

describe.skipIf(!!process.env.DATABASE_URL)("balai commands beside a running server (embedded store)", () => {
  let server: ChildProcess;
  let log = "";
  beforeAll(async () => {
    const port = await freePort();
    server = spawn(process.execPath, [path.join(ROOT, "bin/balai.js"), "start"], {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (d) => {
      log = (log + d).slice(-20_000);
    });
    server.stderr?.on("data", (d) => {
      log = (log + d).slice(-20_000);
    });
    for (;;) {
      if (server.exitCode !== null) throw new Error(`balai start exited (${server.exitCode}):\n${log}`);
      if (fs.existsSync(socketFile) && (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 600_000);
  afterAll(() => {
    if (server?.exitCode === null) server.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("listens on a socket only its user can open", () => {
    const st = fs.statSync(socketFile);
    expect(st.isSocket()).toBe(true);
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.uid).toBe(process.getuid?.());
  });

  it("runs a command in the server while it holds the store, and directly once it is stopped", async () => {
    const created = await balaiProcess(env, "tenant", "create", "--region", "35.73");
    expect(created).toEqual({ code: 0, out: "hosts: malang.localhost; 29 OPD units\ncreated tenant 35.73 Kota Malang: 5 kecamatan, 57 kelurahan" });

    const verify = await viaSocket("audit", "verify");
    expect(verify).toEqual({ code: 0, out: "35.73: 1 entries in 1 lane(s), chain intact\naudit verify: OK, 1 tenant chain(s) intact" });

    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    expect(fs.existsSync(socketFile)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "balai.lock"))).toBe(false);
    // No server: the client finds no socket and the command opens the store itself.
    expect(await viaSocket("tenant", "list")).toEqual({ code: undefined, out: "" });
    const list = await balaiProcess(env, "tenant", "list");
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^35\.73\tKota Malang$/m);
    expect(lastLine(list.out)).toBe("1 tenants");
  }, 600_000);
});

describe.skipIf(!!process.env.DATABASE_URL)("refused and unknown commands through the socket", () => {
  it("answers a clear error with exit code 2", { timeout: 600_000 }, async () => {
    // The real server's socket is gone by now: a listener of its own on an empty in-memory store, in this process.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "balai-sock2-"));
    const { listenForCommands } = await import("../../src/cli/command-socket.ts");
    const { runCli } = await import("../../src/cli.ts");
    const { openDb } = await import("../../src/platform/db.ts");
    const db = await openDb({});
    const logged: string[] = [];
    const log = { info: () => {}, warn: (m: string) => logged.push(m), error: (_: object, m: string) => logged.push(m) };
    const stop = await listenForCommands({ config: testConfig({ BALAI_DATA_DIR: dir }), db, log, dispatch: runCli });
    const cfg = testConfig({ BALAI_DATA_DIR: dir });
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const code = await runOnServer(cfg, argv, { out: (l) => out.push(l), write: (t) => out.push(t), err: (l) => out.push(l) });
      return { code, out: out.join("\n") };
    };
    try {
      expect(await run("start")).toEqual({ code: 2, out: `error: balai start: a Balai server already runs on this store (process ${process.pid})` });
      expect(await run("tenant", "rename")).toEqual({ code: 2, out: "error: unknown command: tenant rename" });
      expect(await run("frobnicate")).toEqual({ code: 2, out: "error: unknown command: frobnicate" });
      // Commands that need no store run in the client, never in the server.
      expect(await run("catalog", "validate", "catalog")).toEqual({ code: undefined, out: "" });
      // Something that is not a command line.
      const raw = await new Promise<string>((resolve) => {
        const s = net.createConnection(path.join(dir, "balai.sock"));
        let got = "";
        s.on("data", (d) => {
          got += d;
        });
        s.on("close", () => resolve(got));
        s.write('{"argv": "tenant list"}\n');
      });
      expect(JSON.parse(raw)).toEqual({ error: "error: the command socket expects one JSON line {argv: string[], cwd: absolute path}", exit: 2 });
    } finally {
      await stop();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(logged).toEqual([]);
  });
});
