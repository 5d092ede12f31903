/**
 * nginx as a round-robin load balancer in front of Balai processes on 127.0.0.1 (issue 15), shared by the cluster
 * test (test/cluster/cluster.test.ts) and the bench (bench/scenarios/cluster.ts). Runs the Debian `nginx` binary in
 * the foreground (`daemon off`, one worker) with every file (config, pid, logs, temp dirs) inside `dir`, so it needs
 * no root and leaves nothing behind; stop() ends only the master process started here and its worker.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface NginxOptions {
  /** Directory for nginx.conf, nginx.pid, the logs and the temp dirs (created if missing). */
  dir: string;
  /** Port nginx listens on (127.0.0.1). */
  port: number;
  /** Ports of the Balai processes on 127.0.0.1, taken in turn (round-robin). */
  upstreams: number[];
  /** Idle keep-alive connections nginx keeps to the upstreams (default 16). */
  keepalive?: number;
  /** false: no access log (the bench: writing it would take CPU from what is measured). Default true. */
  accessLog?: boolean;
}

export interface Nginx {
  url: string;
  child: ChildProcess;
  /** SIGTERM (nginx's fast shutdown: the master stops its worker), SIGKILL to both after `graceMs`; safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

/** Pids of a process's children (Linux /proc; empty elsewhere). */
function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Whether the nginx binary is on PATH (the Debian package puts it in /usr/sbin). */
export function nginxAvailable(): boolean {
  try {
    execFileSync("nginx", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The config: one worker, the upstreams round-robin with keep-alive, proxying everything (SSE unbuffered). */
export function nginxConfig(o: NginxOptions): string {
  const { dir } = o;
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 512; }
http {
  access_log ${o.accessLog === false ? "off" : `${dir}/nginx-access.log`};
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream balai { ${o.upstreams.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join(" ")} keepalive ${o.keepalive ?? 16}; }
  server {
    listen 127.0.0.1:${o.port};
    client_max_body_size 20m;
    location / {
      proxy_pass http://balai;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_buffering off;
      proxy_read_timeout 1h;
      proxy_next_upstream error timeout;
    }
  }
}
`;
}

/** Writes the config into `dir` and starts nginx in the foreground; wait for it with a request to `url`. */
export function startNginx(o: NginxOptions): Nginx {
  const conf = path.join(o.dir, "nginx.conf");
  for (const d of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) fs.mkdirSync(path.join(o.dir, d), { recursive: true });
  fs.writeFileSync(conf, nginxConfig(o));
  const child = spawn("nginx", ["-p", o.dir, "-e", path.join(o.dir, "nginx-error.log"), "-c", conf, "-g", "daemon off;"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${o.port}`,
    child,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      const workers = childrenOf(child.pid);
      child.kill("SIGTERM");
      const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), graceMs).unref());
      if ((await Promise.race([exited, timer])) === "timeout") {
        // a killed master leaves its worker running: end the worker this master started too
        for (const pid of workers) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {}
        }
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}
