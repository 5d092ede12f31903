/**
 * The health module's outside systems, parsed once from the environment (docs/health.md): BPJS antrean FKTP
 * (`BPJS_ANTREAN_URL`, `BPJS_CONS_ID`, `BPJS_SECRET_KEY`, `BPJS_USER_KEY`) and SATUSEHAT (`SATUSEHAT_AUTH_URL`,
 * `SATUSEHAT_BASE_URL`, `SATUSEHAT_CLIENT_ID`, `SATUSEHAT_CLIENT_SECRET`, `SATUSEHAT_ORG_ID`). Unset = that
 * integration is off (pushes stay queued; the SATUSEHAT button says it is not configured). A half-set group is an error.
 */
import type { BpjsConfig } from "./bpjs.ts";
import type { SatusehatConfig } from "./satusehat.ts";

export interface HealthConfig {
  bpjs: BpjsConfig | undefined;
  satusehat: SatusehatConfig | undefined;
}

function group<K extends string>(env: NodeJS.ProcessEnv, names: Record<K, string>): Record<K, string> | undefined {
  const values = Object.fromEntries(Object.entries(names).map(([k, v]) => [k, env[v as string]?.trim() ?? ""])) as Record<K, string>;
  const missing = Object.entries(names)
    .filter(([k]) => !values[k as K])
    .map(([, v]) => v);
  if (missing.length === Object.keys(names).length) return undefined;
  if (missing.length) throw new Error(`health: set all of ${Object.values(names).join(", ")} (missing ${missing.join(", ")})`);
  return values;
}

export function healthConfig(env: NodeJS.ProcessEnv = process.env): HealthConfig {
  const b = group(env, { baseUrl: "BPJS_ANTREAN_URL", consId: "BPJS_CONS_ID", secret: "BPJS_SECRET_KEY", userKey: "BPJS_USER_KEY" });
  const s = group(env, {
    authUrl: "SATUSEHAT_AUTH_URL",
    baseUrl: "SATUSEHAT_BASE_URL",
    clientId: "SATUSEHAT_CLIENT_ID",
    clientSecret: "SATUSEHAT_CLIENT_SECRET",
    organizationId: "SATUSEHAT_ORG_ID",
  });
  return { bpjs: b, satusehat: s };
}
