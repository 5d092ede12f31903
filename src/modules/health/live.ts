/**
 * Live queue views over the platform's live hub (src/platform/live.ts): the TV display of a poli and the citizen's
 * ticket receive a fresh state (Server-Sent Events, `event: state`) whenever a `health.queue` event of that poli
 * commits. The state is recomputed per event (numbers only; never a name or NIK), so a lost event heals itself.
 */
import type { ServerResponse } from "node:http";
import { Type } from "typebox";
import type { LiveEvent } from "../../platform/live.ts";
import type { App, Deps } from "../../platform/http.ts";
import { Binary } from "../../platform/responses.ts";
import { todayIn } from "./common.ts";
import { displayState, ticketState } from "./queue-view.ts";
import * as store from "./store.ts";

const HEARTBEAT_MS = 20_000;
const MAX_STREAM_MS = 4 * 60 * 60 * 1000;

export default async function liveRoutes(app: App, deps: Deps) {
  const open = new Set<ServerResponse>();
  app.addHook("preClose", async () => {
    for (const res of open) res.end();
  });

  /** Streams `state()` now and after every committed queue event of the poli. */
  async function stream(res: ServerResponse, tenantId: string, poliId: string, state: () => Promise<unknown>, onClose: () => void) {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      connection: "keep-alive",
    });
    res.write("retry: 3000\n\n");
    open.add(res);
    let pending = false;
    const push = () => {
      if (pending || res.writableEnded) return;
      pending = true;
      // Coalesce a burst of events into one state read.
      setTimeout(() => {
        pending = false;
        state().then(
          (s) => {
            if (!res.writableEnded) res.write(`event: state\ndata: ${JSON.stringify(s)}\n\n`);
          },
          () => res.end(),
        );
      }, 50);
    };
    const unsubscribe = await deps.live.subscribe(tenantId, (e: LiveEvent) => {
      if (e.topic === "health.queue" && e.payload.poliId === poliId) push();
    });
    const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
    const lifetime = setTimeout(() => res.end(), MAX_STREAM_MS);
    res.on("close", () => {
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(lifetime);
      open.delete(res);
      onClose();
    });
    push();
  }

  app.get(
    "/api/public/health/polis/:id/live",
    {
      schema: {
        tags: ["health"],
        summary: "The poli's display state as Server-Sent Events (`event: state`), sent on every change",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: Binary("text/event-stream", "GET /api/public/health/polis/{id}/live") },
      },
    },
    async (req, reply) => {
      const tenantId = req.tenant.id;
      const date = todayIn(req.tenant.timezone);
      await displayState(deps.db, tenantId, req.params.id, date); // 404 before the stream opens
      reply.hijack();
      req.raw.on("close", () => reply.raw.end());
      await stream(
        reply.raw,
        tenantId,
        req.params.id,
        () => displayState(deps.db, tenantId, req.params.id, date),
        () => {},
      );
    },
  );

  app.get(
    "/api/public/health/tickets/:token/live",
    {
      schema: {
        tags: ["health"],
        summary: "The ticket's state as Server-Sent Events (`event: state`), sent on every change of its poli's queue",
        params: Type.Object({ token: Type.String({ minLength: 10, maxLength: 64 }) }),
        response: { 200: Binary("text/event-stream", "GET /api/public/health/tickets/{token}/live") },
      },
    },
    async (req, reply) => {
      const tenant = { id: req.tenant.id, timezone: req.tenant.timezone };
      const first = await ticketState(deps.db, tenant, req.params.token);
      const b = await store.bookingByToken(deps.db, tenant.id, req.params.token);
      reply.hijack();
      req.raw.on("close", () => reply.raw.end());
      await stream(
        reply.raw,
        tenant.id,
        b?.poli_id ?? first.poliId,
        () => ticketState(deps.db, tenant, req.params.token),
        () => {},
      );
    },
  );
}
