import path from "node:path";

/** Configuration parsed once at start; business code never reads process.env. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  filesDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  logLevel: string;
  cookieSecure: boolean;
  devOutbox: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  rateLimitPerMinute: number;
  authRateLimitPerMinute: number;
  sessionTtlHours: number;
  publicUrl: string | undefined;
  /** Map tile URL template ({z}/{x}/{y}); empty = no tile layer (maps show boundaries and pins only). */
  mapTileUrl: string;
  mapAttribution: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name} must be 0 or 1 (got "${raw}")`);
    return fallback;
  };
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must start with postgres:// (got "${databaseUrl.replace(/:[^:@/]*@/, ":***@")}")`);
  }
  const production = env.NODE_ENV === "production";
  const config: Config = {
    port: int("PORT", 3000, 0, 65535),
    host: env.HOST || "0.0.0.0",
    dataDir: path.resolve(env.BALAI_DATA_DIR || "./data"),
    filesDir: path.resolve(env.BALAI_FILES_DIR || path.join(env.BALAI_DATA_DIR || "./data", "files")),
    databaseUrl,
    demo: bool("BALAI_DEMO", true),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === "test" ? "silent" : "info"),
    cookieSecure: bool("BALAI_COOKIE_SECURE", true),
    devOutbox: bool("BALAI_DEV_OUTBOX", !production),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || "Balai <no-reply@balai.localhost>",
    rateLimitPerMinute: int("BALAI_RATE_LIMIT", 600, 1),
    authRateLimitPerMinute: int("BALAI_AUTH_RATE_LIMIT", 30, 1),
    sessionTtlHours: int("BALAI_SESSION_HOURS", 12, 1, 24 * 30),
    publicUrl: env.BALAI_PUBLIC_URL || undefined,
    mapTileUrl: env.BALAI_MAP_TILE_URL ?? "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    mapAttribution: env.BALAI_MAP_ATTRIBUTION || "© OpenStreetMap contributors",
  };
  if (config.mapTileUrl && !(/^(https?:\/\/|\/)/.test(config.mapTileUrl) && ["{z}", "{x}", "{y}"].every((p) => config.mapTileUrl.includes(p)))) {
    problems.push(`BALAI_MAP_TILE_URL must be an http(s) URL or a path with {z}, {x} and {y} (got "${config.mapTileUrl}"), or empty for no tiles`);
  }
  if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal,error,warn,info,debug,trace,silent (got "${config.logLevel}")`);
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n- ${problems.join("\n- ")}`);
  return config;
}
