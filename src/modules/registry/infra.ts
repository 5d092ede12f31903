/**
 * The city's servers and what runs on them: capacity against the registered apps' needs ("do our two servers hold
 * 49 OPDs?"), and Balai's own process samples (CPU, memory, load) recorded against the server it runs on.
 */
import os from "node:os";
import type { Logger } from "pino";
import { audit } from "../../platform/audit.ts";
import { type Db, type Queryable, inTransaction } from "../../platform/db.ts";
import { badRequest, conflict, notFound } from "../../platform/errors.ts";
import * as store from "./store-infra.ts";

export interface NewServer {
  name: string;
  location?: string;
  vcpu: number;
  memoryGb: number;
  storageGb: number;
  runsBalai?: boolean;
}

export async function addServerIn(q: Queryable, tenantId: string, s: NewServer, actorId: string | null) {
  if (await store.serverByName(q, tenantId, s.name)) throw conflict("server-exists");
  const id = await store.insertServer(q, {
    tenantId,
    name: s.name,
    location: s.location ?? "",
    vcpu: s.vcpu,
    memoryGb: s.memoryGb,
    storageGb: s.storageGb,
    runsBalai: s.runsBalai ?? false,
  });
  await audit(q, { tenantId, actorId, action: "registry.server.added", subjectType: "server", subjectId: id, data: { name: s.name } });
  return id;
}

/** Every server with its capacity, the apps on it and what they need, the headroom, and Balai's latest sample there. */
export async function infrastructure(q: Queryable, tenantId: string) {
  const servers = await store.listServers(q, tenantId);
  const out = [];
  for (const s of servers) {
    const [apps, sample] = await Promise.all([store.appsOnServer(q, tenantId, s.id), store.latestSample(q, tenantId, s.id)]);
    out.push({
      id: s.id,
      name: s.name,
      location: s.location,
      vcpu: s.vcpu,
      memoryGb: s.memory_gb,
      storageGb: s.storage_gb,
      runsBalai: s.runs_balai,
      apps,
      vcpuNeed: Number(s.vcpu_need),
      memoryGbNeed: Number(s.memory_gb_need),
      fits: Number(s.vcpu_need) <= s.vcpu && Number(s.memory_gb_need) <= s.memory_gb,
      balai: sample
        ? {
            at: new Date(sample.at).toISOString(),
            cpuPercent: sample.cpu_percent,
            peakCpuPercent24h: Number(sample.peak_cpu_24h ?? sample.cpu_percent),
            rssMb: sample.rss_mb,
            load1: sample.load1,
            hostMemoryUsedPercent: sample.host_memory_used_percent,
          }
        : null,
    });
  }
  const total = out.reduce((t, s) => ({ vcpu: t.vcpu + s.vcpu, memoryGb: t.memoryGb + s.memoryGb }), { vcpu: 0, memoryGb: 0 });
  const need = out.reduce((t, s) => ({ vcpu: t.vcpu + s.vcpuNeed, memoryGb: t.memoryGb + s.memoryGbNeed }), { vcpu: 0, memoryGb: 0 });
  return { servers: out, total, need, fits: need.vcpu <= total.vcpu && need.memoryGb <= total.memoryGb };
}

export interface AppPatch {
  server?: string | null;
  status?: "development" | "production" | "retired";
  lastSecurityAssessment?: string;
  vcpuNeed?: number;
  memoryGbNeed?: number;
}

/** Where an app runs, its status, its last security assessment (the next review is a year on) and its needs. */
export async function updateAppIn(q: Queryable, tenantId: string, key: string, patch: AppPatch, actorId: string | null) {
  let serverId: string | null | undefined;
  if (patch.server !== undefined) {
    serverId = patch.server === null ? null : ((await store.serverByName(q, tenantId, patch.server)) ?? (await serverIfId(q, tenantId, patch.server)))?.id;
    if (serverId === undefined) throw badRequest("unknown-server", { detail: `no server ${patch.server}` });
  }
  let reviewDue: string | undefined;
  if (patch.lastSecurityAssessment) {
    const d = new Date(`${patch.lastSecurityAssessment}T00:00:00Z`);
    d.setUTCFullYear(d.getUTCFullYear() + 1);
    reviewDue = d.toISOString().slice(0, 10);
  }
  const id = await store.setAppServer(q, tenantId, key, {
    serverId,
    status: patch.status,
    lastSecurityAssessment: patch.lastSecurityAssessment,
    reviewDue,
    vcpuNeed: patch.vcpuNeed,
    memoryGbNeed: patch.memoryGbNeed,
  });
  if (!id) throw notFound();
  await audit(q, { tenantId, actorId, action: "registry.app.updated", subjectType: "registry_app", subjectId: id, data: { ...patch } });
}

const serverIfId = (q: Queryable, tenantId: string, v: string) => (/^[0-9a-f-]{36}$/i.test(v) ? store.serverById(q, tenantId, v) : Promise.resolve(undefined));

let lastCpu = process.cpuUsage();
let lastAt = process.hrtime.bigint();

/** One sample of this process (CPU since the last sample, memory, load) on every server marked as running Balai. */
export async function sampleBalaiProcess(db: Db) {
  const now = process.hrtime.bigint();
  const cpu = process.cpuUsage(lastCpu);
  const elapsedUs = Number(now - lastAt) / 1000;
  lastCpu = process.cpuUsage();
  lastAt = now;
  const cpuPercent = elapsedUs > 0 ? Math.min(100 * os.availableParallelism(), ((cpu.user + cpu.system) / elapsedUs) * 100) : 0;
  const mem = process.memoryUsage();
  const sample = {
    cpuPercent: Math.round(cpuPercent * 10) / 10,
    rssMb: Math.round(mem.rss / 1048576),
    heapMb: Math.round(mem.heapUsed / 1048576),
    load1: Math.round(os.loadavg()[0] * 100) / 100,
    hostMemoryUsedPercent: Math.round((1 - os.freemem() / os.totalmem()) * 1000) / 10,
  };
  const servers = await store.balaiServers(db);
  for (const s of servers) await store.insertSample(db, { tenantId: s.tenant_id, serverId: s.id, ...sample });
  return servers.length;
}

export function startMetricsJob(db: Db, log: Logger, everyMs = 60_000): () => void {
  let n = 0;
  const run = () => {
    sampleBalaiProcess(db)
      .then(() => (++n % 60 === 0 ? store.pruneSamples(db) : undefined))
      .catch((err) => log.warn({ err }, "infrastructure sample failed"));
  };
  // A first sample soon after start, so the infrastructure page has Balai's figures at once.
  const first = setTimeout(run, 5_000);
  first.unref();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

/** addServerIn in a transaction of its own (what the route calls). */
export const addServer = inTransaction(addServerIn);

/** updateAppIn in a transaction of its own (what the route calls). */
export const updateApp = inTransaction(updateAppIn);
