import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  /** Last lines the process wrote (stdout + stderr), for error messages. */
  tail(): string;
  exited: Promise<number | null>;
}

/**
 * Starts `node <args>` with the given env and the V8 flags `npm start` uses (so RSS and throughput are those of a real
 * start, baseline included); output is kept in a small ring buffer.
 */
export function startNode(name: string, args: string[], env: NodeJS.ProcessEnv, port: number, cwd: string): Server {
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS ?? "--max-semi-space-size=8 --liftoff-only").split(" ").filter(Boolean), ...args], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { name, url: `http://127.0.0.1:${port}`, child, tail: () => lines.join("\n"), exited };
}

/** Polls `url` until it answers 2xx; fails early if the process exits. */
/** BENCH_READY_SECONDS (default 180): how long a server may take to start (a busy machine needs more). */
export async function waitReady(server: Server, path: string, timeoutMs = Number(process.env.BENCH_READY_SECONDS ?? 180) * 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void server.exited.then(() => {
    dead = true;
  });
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${server.name} exited (code ${server.child.exitCode}) before it was ready:\n${server.tail()}`);
    try {
      const res = await fetch(server.url + path, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${server.name} not ready after ${timeoutMs / 1000} s:\n${server.tail()}`);
}

/** SIGTERM, then SIGKILL if it does not exit within `graceMs`. Safe to call twice. */
export async function stop(server: Server | undefined, graceMs = 10_000): Promise<void> {
  if (!server) return;
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs).unref());
  if ((await Promise.race([server.exited, timer])) === "timeout") {
    child.kill("SIGKILL");
    await server.exited;
  }
}

/** Resident set size and peak RSS (kB → MiB) of a process, from /proc/<pid>/status (Linux only). */
export function memory(pid: number | undefined): { rssMiB: number | null; peakMiB: number | null } {
  if (!pid) return { rssMiB: null, peakMiB: null };
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => {
      const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status);
      return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
    };
    return { rssMiB: kb("VmRSS"), peakMiB: kb("VmHWM") };
  } catch {
    return { rssMiB: null, peakMiB: null };
  }
}
