/**
 * Background work of the transit module: pruning the position history, the optional MQTT subscription
 * (BALAI_MQTT_URL; topic `balai/<tenant>/transit/positions`, payload = the JSON of POST /api/transit/positions)
 * and the in-process demo simulator.
 */
import type { Logger } from "pino";
import type { Db } from "../../platform/db.ts";
import { leased } from "../../platform/periodic.ts";
import { AppError } from "../../platform/errors.ts";
import { listTenants, tenantById } from "../../platform/tenancy.ts";
import { ingestPositions, type PositionInput, pruneHistory } from "./vehicles.ts";

export const MQTT_TOPIC = "balai/+/transit/positions";
export const mqttTopic = (tenantId: string) => `balai/${tenantId}/transit/positions`;

export function startPruneJob(db: Db, log: Logger, everyMs = 10 * 60_000): () => void {
  const run = leased(db, "transit-prune", everyMs, () => pruneHistory(db));
  const timer = setInterval(() => {
    run().catch((e) => log.warn({ err: e }, "transit history prune failed"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Positions from a JSON payload: one position, an array, or {positions: [...]}. */
export function positionsOf(payload: unknown): PositionInput[] {
  if (Array.isArray(payload)) return payload as PositionInput[];
  if (payload && typeof payload === "object" && Array.isArray((payload as { positions?: unknown }).positions))
    return (payload as { positions: PositionInput[] }).positions;
  return [payload as PositionInput];
}

/**
 * Subscribes to every tenant's position topic. The broker's ACL is the trust boundary (devices authenticate
 * to the broker); bad messages are logged and dropped, like a bad HTTP request is answered with an error.
 */
export async function startMqtt(
  db: Db,
  url: string,
  log: Logger,
  onIngest?: (tenantId: string, n: number, err?: unknown) => void,
): Promise<() => Promise<void>> {
  const { connect } = await import("mqtt");
  const tenants = new Set((await listTenants(db)).map((t) => t.id));
  const client = connect(url, { clientId: `balai-${process.pid}-${Math.random().toString(16).slice(2, 8)}`, reconnectPeriod: 5000, connectTimeout: 5000 });
  client.on("connect", () => {
    client.subscribe(MQTT_TOPIC, { qos: 0 }, (err) => (err ? log.warn({ err }, "MQTT subscribe failed") : log.info(`MQTT: subscribed to ${MQTT_TOPIC}`)));
  });
  client.on("error", (err) => log.warn({ err: err.message }, "MQTT error"));
  client.on("message", (topic, message) => {
    const tenantId = topic.split("/")[1] ?? "";
    void handle(topic, tenantId, message);
  });
  async function handle(topic: string, tenantId: string, message: Buffer) {
    // Tenants added after the start are looked up once.
    if (!tenants.has(tenantId) && /^[0-9.]{2,13}$/.test(tenantId) && (await tenantById(db, tenantId).catch(() => undefined))) tenants.add(tenantId);
    if (!tenants.has(tenantId)) {
      log.warn({ topic }, "MQTT position for an unknown tenant dropped");
      return;
    }
    let positions: PositionInput[];
    try {
      positions = positionsOf(JSON.parse(message.toString("utf8")));
    } catch {
      log.warn({ topic }, "MQTT position is not JSON; dropped");
      onIngest?.(tenantId, 0, new Error("malformed-json"));
      return;
    }
    ingestPositions(db, tenantId, positions, "mqtt").then(
      (r) => onIngest?.(tenantId, r.accepted),
      (err) => {
        log.warn(
          { topic, code: err instanceof AppError ? err.code : undefined, fields: err instanceof AppError ? err.fields : undefined },
          "MQTT position rejected",
        );
        onIngest?.(tenantId, 0, err);
      },
    );
  }
  return () => new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
}
