/** `balai transit import FEED.zip` and `balai transit simulate` (drives demo buses against a running server). */
import { parseArgs } from "node:util";
import { UsageError } from "../platform/usage.ts";
import { type CliContext, type Command, stringOptions } from "./context.ts";

interface SimulateOptions {
  url?: string;
  key?: string;
  mqtt?: string;
  tenant?: string;
  every?: string;
  once?: boolean;
}

async function simulate(ctx: CliContext, values: SimulateOptions): Promise<number> {
  if (!values.url || (!values.key && !values.mqtt))
    throw new UsageError("usage: balai transit simulate --url http://localhost:3000 --key AVL_KEY (or --mqtt mqtt://HOST:1883) [--tenant CODE]");
  const base = values.url.replace(/\/+$/, "");
  const tenant = values.tenant ?? "16.71";
  const every = Number(values.every ?? 5);
  const headers = { "x-balai-tenant": tenant };
  const { readFeed } = await import("../modules/transit/gtfs.ts");
  const { simulatePositions } = await import("../modules/transit/simulator.ts");
  const res = await fetch(`${base}/gtfs/static.zip`, { headers });
  if (!res.ok) throw new UsageError(`cannot read ${base}/gtfs/static.zip: HTTP ${res.status}`);
  const { network, summary } = await readFeed(new Uint8Array(await res.arrayBuffer()));
  ctx.print(`simulating buses of "${summary.agency}" (${summary.trips} trips) every ${every} s; Ctrl-C to stop`);
  const mqtt = values.mqtt ? await (await import("mqtt")).connectAsync(values.mqtt) : null;
  const { mqttTopic } = await import("../modules/transit/jobs.ts");
  for (;;) {
    const positions = simulatePositions(network, Date.now() / 1000);
    if (mqtt) {
      await mqtt.publishAsync(mqttTopic(tenant), JSON.stringify({ positions }));
      ctx.print(`${new Date().toISOString()} published ${positions.length} positions to ${mqttTopic(tenant)}`);
    } else if (positions.length) {
      const r = await fetch(`${base}/api/transit/positions`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "x-api-key": values.key as string },
        body: JSON.stringify({ positions }),
      });
      ctx.print(`${new Date().toISOString()} ${positions.length} buses: HTTP ${r.status}${r.ok ? "" : ` ${await r.text()}`}`);
      if (r.status === 401) return 2;
    } else ctx.print(`${new Date().toISOString()} no trip under way now`);
    if (values.once) {
      await mqtt?.endAsync();
      return 0;
    }
    await new Promise((r) => setTimeout(r, every * 1000));
  }
}

export const transit: Command = async (ctx, sub, rest) => {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { ...stringOptions("tenant", "url", "key", "mqtt", "every"), once: { type: "boolean" } },
  });
  if (sub === "import") {
    const file = positionals[0];
    if (!file) throw new UsageError("usage: balai transit import FEED.zip [--tenant CODE]");
    const { importFeedFile } = await import("../modules/transit/cli.ts");
    return ctx.withStore(async (db) => {
      await importFeedFile(db, ctx.resolve(file), values.tenant, ctx.print);
      return 0;
    });
  }
  if (sub === "simulate") return simulate(ctx, values);
  throw new UsageError("usage: balai transit import FEED.zip | balai transit simulate --url URL --key KEY");
};
