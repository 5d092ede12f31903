import type { Db } from "../../src/platform/db.ts";
import type { DriveResult } from "../lib/drive.ts";
import type { Server } from "../lib/processes.ts";

/** What a scenario's setup gets: where the servers are, and helpers shared by scenarios. */
export interface BenchContext {
  /** http://127.0.0.1:<port> of the Balai server under test. */
  balaiUrl: string;
  /** http://127.0.0.1:<port> of the bare Fastify baseline. */
  baselineUrl: string;
  /** "pglite" or "postgres": the store the Balai server runs on. */
  store: "pglite" | "postgres";
  /** URL of the bench database on PostgreSQL (undefined on PGlite). */
  databaseUrl?: string;
  /** Logs in (once per identifier, cached) and returns the `Cookie` header value of the session. */
  login(identifier?: string, password?: string): Promise<string>;
  /** Same login, with the CSRF token that state-changing requests send as `x-csrf-token`. */
  session(identifier?: string, password?: string): Promise<{ cookie: string; csrfToken: string }>;
  /**
   * Runs fn on the bench store opened in this process (for work measured without HTTP). PostgreSQL:
   * a pool of BENCH_CONNECTIONS on the bench database, `parallel` true. PGlite (one process at a
   * time): the Balai server is stopped for the duration and started again after, `parallel` false.
   */
  withStore<T>(fn: (db: Db, parallel: boolean) => Promise<T>): Promise<T>;
  /** Resident memory of a server process now, MiB (null when unreadable). */
  rssMiB(target: "balai" | "baseline"): number | null;
  /**
   * Starts one more Balai process on `port` with the bench server's settings and store (PostgreSQL only: PGlite is one
   * process), its own data dir (its command socket) and the bench server's files dir. Wait for it with waitReady;
   * the caller stops it (lib/processes.ts `stop`) and should also register that with onCleanup.
   */
  startBalai(port: number): Server;
  /** Runs fn when the bench ends, also on error or Ctrl-C (stop what a scenario started). */
  onCleanup(fn: () => Promise<void>): void;
  /** Scratch space scenarios use to pass results to later scenarios (e.g. a measured rate). */
  shared: Map<string, unknown>;
}

/** One HTTP request shape that autocannon repeats for the whole measurement. */
export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path and query, e.g. "/api/admin/staff?limit=50". */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface DriveOptions {
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

export interface Scenario {
  /** Short name shown in the table and used as key in latest.json. */
  name: string;
  /** Which server is loaded; defaults to "balai". */
  target?: "balai" | "baseline";
  /** Marks the scenario every other ratio is computed against (exactly one). */
  baseline?: boolean;
  /**
   * Role in the targets table: the bare two-insert rate, a full submission measured on the same layer
   * (in-process, the target), a submission over HTTP (shown beside it, for information), an inbox query,
   * an e-Lapor nearby-duplicate lookup (target p95 < 10 ms), an e-Lapor report submission (no target).
   */
  role?: "bare-insert" | "submission" | "submission-http" | "inbox" | "nearby" | "report" | "live" | "live-baseline" | "search";
  /** A reason not to run on this machine or store (e.g. "PostgreSQL only"); the row is then listed as skipped. */
  skip?(ctx: BenchContext): string | null;
  /** Connections autocannon holds open for this scenario (default BENCH_CONNECTIONS); 1 = unloaded latency. */
  connections?: number;
  /**
   * Runs once before warm-up; may create data, log in, … and returns what autocannon sends: one
   * request, or a list every connection cycles through.
   */
  setup?(ctx: BenchContext): Promise<RequestOptions | RequestOptions[]> | RequestOptions | RequestOptions[];
  /**
   * Instead of setup + autocannon: drives the load itself (warm-up included) and returns the
   * measurement. For multi-request flows and for work outside HTTP (the bare-insert limit).
   */
  drive?(ctx: BenchContext, opts: DriveOptions): Promise<DriveResult & { errorMessages?: string[]; note?: string }>;
}
