import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { type PaymentConfig, parsePaymentEnv } from "./payments/config.ts";
import { hasPhoneAdapter, type NotifyConfig, parseNotifyEnv } from "./notify/config.ts";

/** Configuration parsed once at start; business code never reads process.env. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  filesDir: string;
  databaseUrl: string | undefined;
  /** Embedded store: PostgreSQL's shared_buffers inside PGlite (BALAI_PGLITE_SHARED_BUFFERS, default 32MB; PGlite's own is 128MB). */
  pgliteSharedBuffers: string;
  demo: boolean;
  /** NODE_ENV=production: stricter start-up checks; unsent messages are logged without their text. */
  production: boolean;
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
  /** Electronic signatures (docs/documents.md): the tenant's local CA, or BSrE's TTE service. */
  signer: "local" | "bsre";
  /** Dapodik's web service (schools module, docs/schools.md): DAPODIK_URL (e.g. http://10.1.2.3:5774) and DAPODIK_TOKEN. */
  dapodik: { url: string; token: string } | undefined;
  bsre: BsreSettings | undefined;
  /** Encrypts each tenant's local root CA key at rest. */
  caSecret: string;
  /** Bus positions over MQTT (docs/transit.md): broker URL, or undefined for none. */
  mqttUrl: string | undefined;
  /** Origins of CCTV streams the browser may load (CSP img/media/connect), from BALAI_CCTV_ORIGINS and BALAI_CCTV_URLS. */
  cctvOrigins: string[];
  /** Run the demo bus simulator in-process (demo tenant). */
  transitSimulate: boolean;
  /** Reverse proxies whose X-Forwarded-* headers are believed (docs/deploy.md): off, a hop count, or addresses/CIDRs. */
  trustProxy: false | number | string[];
  /** SMS / WhatsApp adapters, time-out and retries (docs/messaging.md). */
  notify: NotifyConfig;
  /** Citizens may sign up with a phone number (the code goes by SMS or WhatsApp). */
  phoneSignup: boolean;
  /** e-Parking QRIS payment gateway (docs/parking.md). */
  payments: PaymentConfig;
  /** "Masuk dengan INApas" (docs/sso.md): the national identity provider, or undefined when not configured. */
  inapas: InapasSettings | undefined;
  /** Uploaded files in S3-compatible storage (docs/cluster.md); undefined = local disk (filesDir). */
  s3: S3Settings | undefined;
  /** Rate-limit counters in Redis (REDIS_URL); otherwise in PostgreSQL when DATABASE_URL is set, else in memory. */
  redisUrl: string | undefined;
  /** BALAI_RATE_LIMIT_STORE: memory, database or redis; undefined = redis with REDIS_URL, database on PostgreSQL, else memory. */
  rateLimitStore: "memory" | "database" | "redis" | undefined;
  /** BALAI_METRICS_TOKEN: the bearer token Prometheus sends to /metrics; unset = no /metrics. */
  metricsToken: string | undefined;
}

/** S3-compatible object storage (AWS S3, MinIO, Garage): path-style requests to `endpoint`. */
export interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
}

/** INApas, the national digital identity's OpenID Connect provider (docs/sso.md). */
export interface InapasSettings {
  issuer: string;
  clientId: string;
  /** The relying party's private key as a JWK (EC P-521 / ES512 per INApas' guide): private_key_jwt at the token endpoint. */
  privateJwk: Record<string, unknown> | undefined;
  /** Alternative to the key: client_secret_post. */
  clientSecret: string | undefined;
  scope: string;
  /** The claim that carries the NIK. */
  nikClaim: string;
}

/** BSrE (docs/documents.md): v2 signs a hash with an OAuth2 client-credentials token; v1 uploads the PDF (basic auth). */
export interface BsreSettings {
  api: "v2" | "v1";
  url: string;
  /** v1: the esign-client's basic-auth account. */
  user: string;
  password: string;
  /** v2: OAuth2 client credentials and token endpoint (default: the origin of BSRE_URL + /oauth2/token). */
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  /** PEM of BSrE's root/intermediate certificates (BSRE_CA_FILE): BSrE signatures are checked offline against them. */
  caPem: string | undefined;
}

export class ConfigError extends Error {}

/** BALAI_TRUST_PROXY: unset/0/off = trust no proxy; N = the N nearest hops; else addresses, CIDRs or loopback/linklocal/uniquelocal. */
function parseTrustProxy(raw: string | undefined, problems: string[]): false | number | string[] {
  const value = (raw ?? "").trim();
  if (value === "" || /^(0|off|false|no)$/i.test(value)) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= 16) return hops;
  } else {
    const entries = value.split(",").map((e) => e.trim());
    const valid = (e: string) => {
      if (["loopback", "linklocal", "uniquelocal"].includes(e)) return true;
      const [addr, bits, extra] = e.split("/");
      const family = isIP(addr);
      if (!family || extra !== undefined) return false;
      return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
    };
    if (entries.every(valid)) return entries;
  }
  problems.push(
    `BALAI_TRUST_PROXY must be 0, a hop count up to 16, or a comma-separated list of proxy addresses/CIDRs like 127.0.0.1,10.0.0.0/8 (got "${value}")`,
  );
  return false;
}

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
  const demo = bool("BALAI_DEMO", true);
  const pgliteSharedBuffers = env.BALAI_PGLITE_SHARED_BUFFERS || "32MB";
  if (!/^\d{1,6}(kB|MB|GB)$/.test(pgliteSharedBuffers)) problems.push(`BALAI_PGLITE_SHARED_BUFFERS must be a size such as 32MB (got "${pgliteSharedBuffers}")`);
  const config: Config = {
    port: int("PORT", 3000, 0, 65535),
    host: env.HOST || "0.0.0.0",
    dataDir: path.resolve(env.BALAI_DATA_DIR || "./data"),
    filesDir: path.resolve(env.BALAI_FILES_DIR || path.join(env.BALAI_DATA_DIR || "./data", "files")),
    databaseUrl,
    pgliteSharedBuffers,
    demo,
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === "test" ? "silent" : "info"),
    cookieSecure: bool("BALAI_COOKIE_SECURE", true),
    // The developer outbox shows sign-up and password-reset codes: demo/development only, never in production.
    production,
    devOutbox: bool("BALAI_DEV_OUTBOX", demo && !production),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || "Balai <no-reply@balai.localhost>",
    rateLimitPerMinute: int("BALAI_RATE_LIMIT", 600, 1),
    authRateLimitPerMinute: int("BALAI_AUTH_RATE_LIMIT", 30, 1),
    sessionTtlHours: int("BALAI_SESSION_HOURS", 12, 1, 24 * 30),
    publicUrl: env.BALAI_PUBLIC_URL || undefined,
    mapTileUrl: env.BALAI_MAP_TILE_URL ?? "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    mapAttribution: env.BALAI_MAP_ATTRIBUTION || "© OpenStreetMap contributors",
    signer: env.BALAI_SIGNER === "bsre" ? "bsre" : "local",
    dapodik: env.DAPODIK_URL ? { url: env.DAPODIK_URL.replace(/\/+$/, ""), token: env.DAPODIK_TOKEN ?? "" } : undefined,
    bsre: env.BSRE_URL ? bsreSettings(env, problems) : undefined,
    caSecret: env.BALAI_CA_SECRET || "balai-development-ca-secret",
    mqttUrl: env.BALAI_MQTT_URL || undefined,
    transitSimulate: false,
    cctvOrigins: [],
    trustProxy: parseTrustProxy(env.BALAI_TRUST_PROXY, problems),
    notify: parseNotifyEnv(env, problems, int),
    phoneSignup: bool("BALAI_PHONE_SIGNUP", true),
    payments: parsePaymentEnv(env, problems, production),
    inapas: env.INAPAS_ISSUER ? inapasSettings(env, problems) : undefined,
    s3: s3Settings(env, problems),
    redisUrl: env.REDIS_URL || undefined,
    metricsToken: env.BALAI_METRICS_TOKEN || undefined,
    rateLimitStore: (env.BALAI_RATE_LIMIT_STORE || undefined) as Config["rateLimitStore"],
  };
  if (config.publicUrl) {
    config.publicUrl = config.publicUrl.replace(/\/+$/, "");
    if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(config.publicUrl)) problems.push(`BALAI_PUBLIC_URL must be an absolute http(s) URL (got "${config.publicUrl}")`);
  }
  if (config.dapodik && (!/^https?:\/\/[^/]/.test(config.dapodik.url) || !config.dapodik.token))
    problems.push("DAPODIK_URL must be an http(s) URL and needs DAPODIK_TOKEN (the web service token set in Dapodik)");
  if (production && !config.publicUrl)
    problems.push("BALAI_PUBLIC_URL must be set in production (links in SMS, WhatsApp and e-mail messages must be absolute)");
  if (production && config.phoneSignup && !hasPhoneAdapter(config.notify)) {
    problems.push(
      "phone sign-up is on (BALAI_PHONE_SIGNUP=1) but no SMS or WhatsApp adapter is configured: set BALAI_ZENZIVA_USERKEY/PASSKEY, BALAI_SMS_URL or BALAI_WHATSAPP_PHONE_NUMBER_ID/TOKEN, or BALAI_PHONE_SIGNUP=0",
    );
  }
  for (const o of (env.BALAI_CCTV_ORIGINS ?? "").split(/[\s,]+/).filter(Boolean)) {
    if (/^https?:\/\/[^/]+$/.test(o)) config.cctvOrigins.push(o);
    else problems.push(`BALAI_CCTV_ORIGINS must list origins like https://cctv.example.go.id (got "${o}")`);
  }
  if (env.BALAI_CCTV_URLS) {
    try {
      for (const u of Object.values(JSON.parse(env.BALAI_CCTV_URLS) as Record<string, string>)) {
        const m = typeof u === "string" ? /^(https?:\/\/[^/]+)/.exec(u) : null;
        if (m && !config.cctvOrigins.includes(m[1])) config.cctvOrigins.push(m[1]);
      }
    } catch {
      problems.push('BALAI_CCTV_URLS must be JSON like {"CCTV-AMPERA": "https://…/index.m3u8"}');
    }
  }
  // On by default with demo data, but never under tests or CI (moving buses would make them nondeterministic).
  config.transitSimulate = bool("BALAI_TRANSIT_SIMULATE", config.demo && env.NODE_ENV !== "test" && !env.CI && !env.VITEST);
  if (config.mqttUrl && !/^mqtts?:\/\/|^wss?:\/\//.test(config.mqttUrl))
    problems.push(`BALAI_MQTT_URL must be an mqtt://, mqtts://, ws:// or wss:// URL (got "${config.mqttUrl}")`);
  if (env.BALAI_SIGNER && !["local", "bsre"].includes(env.BALAI_SIGNER)) problems.push(`BALAI_SIGNER must be local or bsre (got "${env.BALAI_SIGNER}")`);
  if (config.signer === "bsre" && !config.bsre)
    problems.push("BALAI_SIGNER=bsre needs BSRE_URL (and BSRE_CLIENT_ID, BSRE_CLIENT_SECRET; BSRE_USER, BSRE_PASSWORD with BSRE_API=v1)");
  if (production && config.devOutbox) {
    problems.push("BALAI_DEV_OUTBOX must be 0 with NODE_ENV=production (the developer outbox shows sign-up and password-reset codes)");
  }
  if (production && !env.BALAI_CA_SECRET && config.signer === "local") {
    problems.push("BALAI_CA_SECRET must be set in production when BALAI_SIGNER=local (it encrypts the local root CA key)");
  }
  if (config.mapTileUrl && !(/^(https?:\/\/|\/)/.test(config.mapTileUrl) && ["{z}", "{x}", "{y}"].every((p) => config.mapTileUrl.includes(p)))) {
    problems.push(`BALAI_MAP_TILE_URL must be an http(s) URL or a path with {z}, {x} and {y} (got "${config.mapTileUrl}"), or empty for no tiles`);
  }
  if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal,error,warn,info,debug,trace,silent (got "${config.logLevel}")`);
  }
  if (config.metricsToken && config.metricsToken.length < 16) problems.push("BALAI_METRICS_TOKEN must be at least 16 characters");
  if (config.rateLimitStore && !["memory", "database", "redis"].includes(config.rateLimitStore))
    problems.push(`BALAI_RATE_LIMIT_STORE must be memory, database or redis (got "${config.rateLimitStore}")`);
  if (config.rateLimitStore === "redis" && !config.redisUrl) problems.push("BALAI_RATE_LIMIT_STORE=redis needs REDIS_URL");
  if (config.redisUrl && !/^rediss?:\/\//.test(config.redisUrl)) problems.push(`REDIS_URL must be a redis:// or rediss:// URL (got "${config.redisUrl}")`);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n- ${problems.join("\n- ")}`);
  return config;
}

const S3_VARS = ["BALAI_S3_ENDPOINT", "BALAI_S3_BUCKET", "BALAI_S3_ACCESS_KEY", "BALAI_S3_SECRET_KEY"] as const;

/** BALAI_S3_*: all four set (and BALAI_S3_REGION, default us-east-1), or none (files on disk). */
function s3Settings(env: NodeJS.ProcessEnv, problems: string[]): S3Settings | undefined {
  const set = S3_VARS.filter((v) => env[v]);
  if (set.length === 0) return undefined;
  const missing = S3_VARS.filter((v) => !env[v]);
  if (missing.length) {
    problems.push(`${missing.join(", ")} must be set with ${set.join(", ")} (files in S3-compatible storage need all four)`);
    return undefined;
  }
  const endpoint = String(env.BALAI_S3_ENDPOINT).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]/.test(endpoint)) problems.push(`BALAI_S3_ENDPOINT must be an http(s) URL (got "${endpoint}")`);
  const bucket = String(env.BALAI_S3_BUCKET);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) problems.push(`BALAI_S3_BUCKET must be a valid bucket name (got "${bucket}")`);
  return {
    endpoint,
    bucket,
    accessKey: String(env.BALAI_S3_ACCESS_KEY),
    secretKey: String(env.BALAI_S3_SECRET_KEY),
    region: env.BALAI_S3_REGION || "us-east-1",
  };
}

function bsreSettings(env: NodeJS.ProcessEnv, problems: string[]): BsreSettings {
  const url = (env.BSRE_URL ?? "").replace(/\/+$/, "");
  const api = env.BSRE_API || "v2";
  if (api !== "v1" && api !== "v2") problems.push(`BSRE_API must be v2 or v1 (got "${api}")`);
  if (!/^https?:\/\/[^/]/.test(url)) problems.push(`BSRE_URL must be an http(s) URL (got "${url}")`);
  let tokenUrl = env.BSRE_TOKEN_URL || "";
  if (!tokenUrl && /^https?:\/\/[^/]/.test(url)) tokenUrl = new URL("/oauth2/token", url).toString();
  if (env.BSRE_TOKEN_URL && !/^https?:\/\/[^/]/.test(env.BSRE_TOKEN_URL)) problems.push(`BSRE_TOKEN_URL must be an http(s) URL (got "${env.BSRE_TOKEN_URL}")`);
  if (api === "v2" && (!env.BSRE_CLIENT_ID || !env.BSRE_CLIENT_SECRET)) problems.push("BSRE_API=v2 needs BSRE_CLIENT_ID and BSRE_CLIENT_SECRET");
  if (api === "v1" && (!env.BSRE_USER || !env.BSRE_PASSWORD)) problems.push("BSRE_API=v1 needs BSRE_USER and BSRE_PASSWORD");
  let caPem: string | undefined;
  if (env.BSRE_CA_FILE) {
    try {
      caPem = readFileSync(env.BSRE_CA_FILE, "utf8");
      const certs = caPem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
      if (certs.length === 0) throw new Error("no certificate");
      for (const c of certs) new X509Certificate(c);
    } catch (err) {
      problems.push(`BSRE_CA_FILE must be a readable PEM file of certificates (${env.BSRE_CA_FILE}: ${(err as Error).message})`);
    }
  } else if (api === "v2") problems.push("BSRE_API=v2 needs BSRE_CA_FILE (BSrE's root and intermediate certificates, PEM) to verify its signatures");
  return {
    api: api === "v1" ? "v1" : "v2",
    url,
    user: env.BSRE_USER ?? "",
    password: env.BSRE_PASSWORD ?? "",
    clientId: env.BSRE_CLIENT_ID ?? "",
    clientSecret: env.BSRE_CLIENT_SECRET ?? "",
    tokenUrl,
    caPem,
  };
}

function inapasSettings(env: Record<string, string | undefined>, problems: string[]): InapasSettings {
  const issuer = (env.INAPAS_ISSUER ?? "").replace(/\/+$/, "");
  if (!/^https?:\/\/\S+$/.test(issuer)) problems.push(`INAPAS_ISSUER must be an absolute URL (got "${issuer}")`);
  if (env.NODE_ENV === "production" && issuer.startsWith("http:")) problems.push("INAPAS_ISSUER must be https in production");
  let privateJwk: Record<string, unknown> | undefined;
  const rawKey = env.INAPAS_PRIVATE_JWK || (env.INAPAS_PRIVATE_JWK_FILE ? readFileSync(env.INAPAS_PRIVATE_JWK_FILE, "utf8") : "");
  if (rawKey) {
    try {
      privateJwk = JSON.parse(rawKey) as Record<string, unknown>;
      if (typeof privateJwk.d !== "string") problems.push('INAPAS_PRIVATE_JWK must be a private JWK (with "d")');
    } catch {
      problems.push("INAPAS_PRIVATE_JWK must be a JSON Web Key");
    }
  }
  const clientSecret = env.INAPAS_CLIENT_SECRET || undefined;
  if (!env.INAPAS_CLIENT_ID) problems.push("INAPAS_CLIENT_ID must be set with INAPAS_ISSUER");
  if (!privateJwk && !clientSecret) problems.push("INAPAS_PRIVATE_JWK (or INAPAS_PRIVATE_JWK_FILE, or INAPAS_CLIENT_SECRET) must be set with INAPAS_ISSUER");
  return {
    issuer,
    clientId: env.INAPAS_CLIENT_ID ?? "",
    privateJwk,
    clientSecret,
    scope: env.INAPAS_SCOPE || "openid profile email nik",
    nikClaim: env.INAPAS_NIK_CLAIM || "nik",
  };
}
