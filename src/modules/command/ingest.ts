/**
 * OPD integration: OPD systems (flood sensors, rain gauges, traffic counters, the water utility) push events with
 * an API key of scope `ingest`; each event is stored in `ingest_events` (source = the key's name) and checked
 * against the tenant's active threshold rules. The most severe matching rule marks the event as an alert and
 * writes `ingest.alert` to the outbox; every event also writes `ingest.event` (at most 50 per batch, so a large
 * batch does not flood the wall; alerts are always written).
 */
import { audit } from "../../platform/audit.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { type FieldError, notFound, validationFailed } from "../../platform/errors.ts";
import { emit } from "../../platform/events.ts";
import * as store from "./store-ingest.ts";
import type { RuleRow } from "./store-ingest.ts";

export const MAX_BATCH = 500;
/** `ingest.event` outbox events written per batch at most (alerts are not capped). */
export const MAX_EVENTS_EMITTED = 50;
export const RULE_OPS = [">", ">=", "<", "<="] as const;
export const SEVERITIES = ["info", "warning", "critical"] as const;
export type RuleOp = (typeof RULE_OPS)[number];
export type Severity = (typeof SEVERITIES)[number];
const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

export interface IngestEventInput {
  kind: string;
  value?: number | null;
  unit?: string | null;
  lat?: number | null;
  lon?: number | null;
  message?: string | null;
  occurredAt?: string | null;
  data?: Record<string, unknown> | null;
}

export interface IngestRule extends store.RuleFields {
  id: string;
  createdAt: string;
}

const toRule = (r: RuleRow): IngestRule => ({
  id: r.id,
  source: r.source,
  kind: r.kind,
  op: r.op,
  threshold: Number(r.threshold),
  severity: r.severity,
  messageId: r.message_id,
  messageEn: r.message_en,
  active: r.active,
  createdAt: new Date(r.created_at).toISOString(),
});

export function compare(value: number, op: RuleOp, threshold: number): boolean {
  switch (op) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
  }
}

/**
 * The rule an event raises: among the active rules of its kind (for any source or for this one) whose threshold
 * the value crosses, the most severe; on a tie the one for this source, then the oldest.
 */
export function matchRule<R extends Pick<IngestRule, "source" | "kind" | "op" | "threshold" | "severity" | "createdAt">>(
  rules: R[],
  source: string,
  kind: string,
  value: number | null | undefined,
): R | undefined {
  if (value == null || !Number.isFinite(value)) return undefined;
  let best: R | undefined;
  for (const r of rules) {
    if (r.kind !== kind || (r.source != null && r.source !== source) || !compare(value, r.op, r.threshold)) continue;
    if (
      !best ||
      SEVERITY_RANK[r.severity] > SEVERITY_RANK[best.severity] ||
      (SEVERITY_RANK[r.severity] === SEVERITY_RANK[best.severity] &&
        ((r.source != null && best.source == null) || ((r.source != null) === (best.source != null) && r.createdAt < best.createdAt)))
    )
      best = r;
  }
  return best;
}

const fmt = (v: number | null | undefined) => (v == null ? "" : String(Math.round(v * 100) / 100));

/** A rule's message with {value}, {unit}, {source}, {kind} and {threshold} filled in. */
export function fillMessage(template: string, e: { value?: number | null; unit?: string | null; source: string; kind: string }, threshold: number): string {
  return template
    .replaceAll("{value}", fmt(e.value))
    .replaceAll("{unit}", e.unit ?? "")
    .replaceAll("{source}", e.source)
    .replaceAll("{kind}", e.kind)
    .replaceAll("{threshold}", fmt(threshold))
    .replace(/\s{2,}/g, " ")
    .trim();
}

/** Events of a body: one event, or {events: [...]}. */
export function eventsOf(body: unknown): IngestEventInput[] {
  if (body && typeof body === "object" && Array.isArray((body as { events?: unknown }).events)) return (body as { events: IngestEventInput[] }).events;
  return [body as IngestEventInput];
}

/** Checks beyond the schema: time stamps that parse and are not far in the future, lat and lon together. Nothing is stored on error. */
function checkEvents(events: IngestEventInput[], now: number, batch: boolean): FieldError[] {
  const fields: FieldError[] = [];
  if (events.length > MAX_BATCH) fields.push({ field: "events", code: "maxItems", message: `at most ${MAX_BATCH} events` });
  events.forEach((e, i) => {
    const at = batch ? `events.${i}.` : "";
    if (e.occurredAt != null) {
      const t = Date.parse(e.occurredAt);
      if (Number.isNaN(t)) fields.push({ field: `${at}occurredAt`, code: "format", message: "an ISO 8601 date-time" });
      else if (t > now + 5 * 60_000) fields.push({ field: `${at}occurredAt`, code: "ingest-future", message: "more than 5 minutes in the future" });
    }
    if ((e.lat == null) !== (e.lon == null)) fields.push({ field: `${at}${e.lat == null ? "lat" : "lon"}`, code: "required", message: "lat and lon together" });
  });
  return fields;
}

/**
 * Stores a batch from one API key in one transaction, with its outbox events; all or nothing.
 * Returns how many were accepted and how many raised an alert.
 */
export async function ingestEvents(
  db: Db,
  tenantId: string,
  key: { id: string | null; name: string },
  events: IngestEventInput[],
  opts: { batch?: boolean } = {},
): Promise<{ accepted: number; alerts: number }> {
  const now = Date.now();
  const errors = checkEvents(events, now, opts.batch ?? events.length > 1);
  if (errors.length) throw validationFailed(errors);
  if (!events.length) return { accepted: 0, alerts: 0 };
  const source = key.name.slice(0, 120);
  return db.tx(async (q) => {
    const kinds = [...new Set(events.map((e) => e.kind))];
    const rules = (await store.activeRules(q, tenantId, kinds, source)).map(toRule);
    const byId = new Map(rules.map((r) => [r.id, r]));
    const rows = events.map((e, n): store.NewEventRow => {
      const rule = matchRule(rules, source, e.kind, e.value);
      return {
        n,
        kind: e.kind,
        value: e.value ?? null,
        unit: e.unit ?? null,
        lat: e.lat ?? null,
        lon: e.lon ?? null,
        message: e.message ?? null,
        data: e.data ?? {},
        occurred_at: e.occurredAt ? new Date(e.occurredAt).toISOString() : new Date(now).toISOString(),
        alert_rule_id: rule?.id ?? null,
        severity: rule?.severity ?? null,
      };
    });
    const stored = await store.insertEvents(q, tenantId, key.id, source, rows);
    stored.sort((a, b) => Number(a.id) - Number(b.id));
    let emitted = 0;
    let alerts = 0;
    for (const r of stored) {
      const base = { id: Number(r.id), source: r.source, kind: r.kind, value: r.value, unit: r.unit, lat: r.lat, lon: r.lon };
      if (emitted < MAX_EVENTS_EMITTED) {
        await emit(q, tenantId, "ingest.event", { ...base, message: r.message, severity: r.severity });
        emitted++;
      }
      const rule = r.alert_rule_id ? byId.get(r.alert_rule_id) : undefined;
      if (rule) {
        alerts++;
        const e = { value: r.value, unit: r.unit, source: r.source, kind: r.kind };
        await emit(q, tenantId, "ingest.alert", {
          ...base,
          ruleId: rule.id,
          severity: rule.severity,
          message: { id: fillMessage(rule.messageId, e, rule.threshold), en: fillMessage(rule.messageEn, e, rule.threshold) },
        });
      }
    }
    return { accepted: stored.length, alerts };
  });
}

// ---- the log --------------------------------------------------------------------------------------------

export interface IngestLogItem extends Pick<store.StoredRow, "source" | "kind" | "value" | "unit" | "lat" | "lon" | "message" | "severity"> {
  id: number;
  data: Record<string, unknown>;
  occurredAt: string;
  receivedAt: string;
  alertRuleId: string | null;
}

/** The ingestion log, newest first: text search on message/source/kind, filters, and paging by `before` (id). */
export async function searchLog(
  q: Queryable,
  tenantId: string,
  f: { q?: string; source?: string; kind?: string; alerts?: boolean; before?: number; limit?: number },
): Promise<{ items: IngestLogItem[]; nextBefore: number | null }> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const like = f.q?.trim() ? `%${f.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await store.logRows(q, tenantId, {
    source: f.source ?? null,
    kind: f.kind ?? null,
    alerts: f.alerts === true,
    before: f.before ?? null,
    like,
    limit,
  });
  const items = rows.map((r) => ({
    id: Number(r.id),
    source: r.source,
    kind: r.kind,
    value: r.value,
    unit: r.unit,
    lat: r.lat,
    lon: r.lon,
    message: r.message,
    data: r.data,
    occurredAt: new Date(r.occurred_at).toISOString(),
    receivedAt: new Date(r.received_at).toISOString(),
    alertRuleId: r.alert_rule_id,
    severity: r.severity,
  }));
  return { items, nextBefore: items.length === limit ? items[items.length - 1].id : null };
}

// ---- rules ----------------------------------------------------------------------------------------------

export interface RuleInput {
  source?: string | null;
  kind?: string;
  op?: RuleOp;
  threshold?: number;
  severity?: Severity;
  messageId?: string;
  messageEn?: string;
  active?: boolean;
}

export async function listRules(q: Queryable, tenantId: string): Promise<IngestRule[]> {
  return (await store.ruleRows(q, tenantId)).map(toRule);
}

async function getRule(q: Queryable, tenantId: string, id: string): Promise<IngestRule> {
  const row = await store.ruleRow(q, tenantId, id);
  if (!row) throw notFound("ingest-rule-not-found");
  return toRule(row);
}

function checkRule(r: RuleInput): void {
  const fields: FieldError[] = [];
  if (r.threshold !== undefined && !Number.isFinite(r.threshold)) fields.push({ field: "threshold", code: "type" });
  if (r.messageId !== undefined && !r.messageId.trim()) fields.push({ field: "messageId", code: "required" });
  if (r.messageEn !== undefined && !r.messageEn.trim()) fields.push({ field: "messageEn", code: "required" });
  if (fields.length) throw validationFailed(fields);
}

export async function createRule(q: Queryable, tenantId: string, r: Required<Omit<RuleInput, "source" | "active">> & RuleInput, actorId: string | null) {
  checkRule(r);
  const row = await store.insertRule(
    q,
    tenantId,
    {
      source: r.source || null,
      kind: r.kind,
      op: r.op,
      threshold: r.threshold,
      severity: r.severity,
      messageId: r.messageId.trim(),
      messageEn: r.messageEn.trim(),
      active: r.active ?? true,
    },
    actorId,
  );
  const rule = toRule(row);
  const { createdAt: _c, id: _i, ...data } = rule;
  await audit(q, { tenantId, actorId, action: "ingest.rule-created", subjectType: "ingest_rule", subjectId: rule.id, data });
  return rule;
}

export async function updateRule(q: Queryable, tenantId: string, id: string, r: RuleInput, actorId: string | null) {
  checkRule(r);
  const before = await getRule(q, tenantId, id);
  const next = {
    source: r.source === undefined ? before.source : r.source || null,
    kind: r.kind ?? before.kind,
    op: r.op ?? before.op,
    threshold: r.threshold ?? before.threshold,
    severity: r.severity ?? before.severity,
    messageId: r.messageId?.trim() ?? before.messageId,
    messageEn: r.messageEn?.trim() ?? before.messageEn,
    active: r.active ?? before.active,
  };
  await store.updateRule(q, tenantId, id, next);
  const changes: Record<string, unknown> = {};
  for (const k of Object.keys(next) as (keyof typeof next)[]) if (next[k] !== before[k]) changes[k] = { from: before[k], to: next[k] };
  await audit(q, { tenantId, actorId, action: "ingest.rule-updated", subjectType: "ingest_rule", subjectId: id, data: changes });
  return getRule(q, tenantId, id);
}
