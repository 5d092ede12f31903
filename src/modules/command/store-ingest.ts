/** OPD event ingestion's SQL (tables `ingest_events`, `ingest_rules`). Every query filters by tenant. */
import type { Queryable } from "../../platform/db.ts";
import type { RuleOp, Severity } from "./ingest.ts";

export interface RuleRow {
  id: string;
  source: string | null;
  kind: string;
  op: RuleOp;
  threshold: number;
  severity: Severity;
  message_id: string;
  message_en: string;
  active: boolean;
  created_at: Date | string;
}

export interface StoredRow {
  id: string | number;
  source: string;
  kind: string;
  value: number | null;
  unit: string | null;
  lat: number | null;
  lon: number | null;
  message: string | null;
  alert_rule_id: string | null;
  severity: Severity | null;
}

export interface LogRow extends StoredRow {
  data: Record<string, unknown>;
  occurred_at: Date | string;
  received_at: Date | string;
}

/** One event as inserted (`n` keeps the batch order). */
export interface NewEventRow extends Omit<StoredRow, "id" | "source"> {
  n: number;
  data: Record<string, unknown>;
  occurred_at: string;
}

const RULE_COLUMNS = "id, source, kind, op, threshold, severity, message_id, message_en, active, created_at";

/** The active rules for these kinds that apply to the source (its own or any source's). */
export const activeRules = (q: Queryable, tenantId: string, kinds: string[], source: string) =>
  q.query<RuleRow>(
    `SELECT ${RULE_COLUMNS} FROM ingest_rules
      WHERE tenant_id = $1 AND active AND kind IN (SELECT jsonb_array_elements_text($2::jsonb)) AND (source IS NULL OR source = $3)`,
    [tenantId, kinds, source],
  );

/** Inserts the batch in one statement, in order. */
export const insertEvents = (q: Queryable, tenantId: string, apiKeyId: string | null, source: string, rows: NewEventRow[]) =>
  q.query<StoredRow>(
    `INSERT INTO ingest_events (tenant_id, api_key_id, source, kind, value, unit, lat, lon, message, data, occurred_at, alert_rule_id, severity)
     SELECT $1, $2, $3, x.kind, x.value, x.unit, x.lat, x.lon, x.message, coalesce(x.data, '{}'::jsonb), x.occurred_at, x.alert_rule_id, x.severity
       FROM jsonb_to_recordset($4::jsonb) AS x(kind text, value double precision, unit text, lat double precision, lon double precision,
            message text, data jsonb, occurred_at timestamptz, alert_rule_id uuid, severity text, n bigint)
      ORDER BY x.n
     RETURNING id, source, kind, value, unit, lat, lon, message, alert_rule_id, severity`,
    [tenantId, apiKeyId, source, rows],
  );

/** The log, newest first; `like` is an escaped ILIKE pattern over message, source and kind. */
export const logRows = (
  q: Queryable,
  tenantId: string,
  f: { source: string | null; kind: string | null; alerts: boolean; before: number | null; like: string | null; limit: number },
) =>
  q.query<LogRow>(
    `SELECT id, source, kind, value, unit, lat, lon, message, data, occurred_at, received_at, alert_rule_id, severity FROM ingest_events
      WHERE tenant_id = $1 AND ($2::text IS NULL OR source = $2) AND ($3::text IS NULL OR kind = $3) AND (NOT $4::boolean OR alert_rule_id IS NOT NULL)
        AND ($5::bigint IS NULL OR id < $5)
        AND ($6::text IS NULL OR message ILIKE $6 OR source ILIKE $6 OR kind ILIKE $6)
      ORDER BY id DESC LIMIT $7`,
    [tenantId, f.source, f.kind, f.alerts, f.before, f.like, f.limit],
  );

export async function hasEvents(q: Queryable, tenantId: string): Promise<boolean> {
  return !!(await q.one("SELECT 1 FROM ingest_events WHERE tenant_id = $1 LIMIT 1", [tenantId]));
}

// ---- rules ----------------------------------------------------------------------------------------------

export interface RuleFields {
  source: string | null;
  kind: string;
  op: RuleOp;
  threshold: number;
  severity: Severity;
  messageId: string;
  messageEn: string;
  active: boolean;
}

export const ruleRows = (q: Queryable, tenantId: string) =>
  q.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM ingest_rules WHERE tenant_id = $1 ORDER BY kind, threshold, created_at`, [tenantId]);

export const ruleRow = (q: Queryable, tenantId: string, id: string) =>
  q.one<RuleRow>(`SELECT ${RULE_COLUMNS} FROM ingest_rules WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);

export async function hasRules(q: Queryable, tenantId: string): Promise<boolean> {
  return !!(await q.one("SELECT 1 FROM ingest_rules WHERE tenant_id = $1 LIMIT 1", [tenantId]));
}

export async function insertRule(q: Queryable, tenantId: string, r: RuleFields, createdBy: string | null): Promise<RuleRow> {
  return (await q.one<RuleRow>(
    `INSERT INTO ingest_rules (tenant_id, source, kind, op, threshold, severity, message_id, message_en, active, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${RULE_COLUMNS}`,
    [tenantId, r.source, r.kind, r.op, r.threshold, r.severity, r.messageId, r.messageEn, r.active, createdBy],
  )) as RuleRow;
}

export async function updateRule(q: Queryable, tenantId: string, id: string, r: RuleFields) {
  await q.query(
    `UPDATE ingest_rules SET source = $3, kind = $4, op = $5, threshold = $6, severity = $7, message_id = $8, message_en = $9, active = $10
      WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, r.source, r.kind, r.op, r.threshold, r.severity, r.messageId, r.messageEn, r.active],
  );
}
