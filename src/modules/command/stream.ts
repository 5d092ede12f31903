/**
 * `GET /api/live`: the event outbox as Server-Sent Events, filtered by what the viewer may see
 * (docs/command-center.md, "Live stream"). A reconnecting browser sends Last-Event-ID and first gets
 * the events it missed (replayed from the outbox), then the live ones.
 */
import type { ServerResponse } from "node:http";
import { Type } from "typebox";
import type { Actor } from "../../platform/auth/roles.ts";
import type { Queryable } from "../../platform/db.ts";
import { forbidden } from "../../platform/errors.ts";
import { loadSession } from "../../platform/auth/sessions.ts";
import { type App, type Deps, requireActor, sessionCookieName } from "../../platform/http.ts";
import { type LiveEvent, outboxSince } from "../../platform/live.ts";
import { subtreeIds } from "../admin/index.ts";
import { describeEvent } from "./describe.ts";
import { Binary } from "../../platform/responses.ts";

const SEE_ALL = new Set(["kominfo_admin", "command_operator", "auditor"]);
const COMMAND_DESK = new Set(["call_taker", "dispatcher"]);
/** Never streamed: account and tenant administration events. */
const PRIVATE = /^(user|tenant)\./;
const DESK_TOPICS = /^(incident|dispatch|cctv|ingest)\./;

/** A stream is closed after this long; the browser reconnects at once (and its session is checked again). */
const MAX_STREAM_MS = 60 * 60_000;
const HEARTBEAT_MS = 15_000;
/** How often a stream checks that its session still exists (logout, expiry, a revoked grant end it). */
const SESSION_CHECK_MS = 60_000;
/** A subscriber this far behind (bytes queued in the socket) is cut off; it reconnects and replays. */
const MAX_BACKLOG = 1 << 20;

/** Decides, per event, whether this viewer may see it. Built once per stream. */
export async function viewerFilter(q: Queryable, actor: Actor): Promise<(e: LiveEvent) => boolean> {
  const roles = actor.grants.map((g) => g.role);
  const all = roles.some((r) => SEE_ALL.has(r));
  const desk = roles.some((r) => COMMAND_DESK.has(r));
  // The units a staff member works in, with every unit below them.
  const units = new Set(
    await subtreeIds(
      q,
      actor.tenantId,
      actor.grants.filter((g) => !SEE_ALL.has(g.role) && !COMMAND_DESK.has(g.role)).map((g) => g.unitId),
    ),
  );
  return (e) => {
    if (e.tenantId !== actor.tenantId || PRIVATE.test(e.topic)) return false;
    if (all) return true;
    const p = e.payload;
    if (desk && (DESK_TOPICS.test(e.topic) || (e.topic.startsWith("case.") && p.kind === "incident"))) return true;
    if (units.size === 0) return false;
    if (e.topic.startsWith("case.") || e.topic.startsWith("dispatch.")) return typeof p.unitId === "string" && units.has(p.unitId);
    if (e.topic.startsWith("incident.")) return Array.isArray(p.responderUnitIds) && p.responderUnitIds.some((u) => typeof u === "string" && units.has(u));
    return false;
  };
}

/** The SSE frame of an event (the same bytes for every subscriber: built once per event). */
const frames = new WeakMap<LiveEvent, string>();
export function sseFrame(e: LiveEvent): string {
  let f = frames.get(e);
  if (!f) {
    const data = JSON.stringify({ id: e.id, topic: e.topic, at: e.at, summary: describeEvent(e.topic, e.payload), payload: e.payload });
    f = `id: ${e.id}\nevent: ${e.topic}\ndata: ${data}\n\n`;
    frames.set(e, f);
  }
  return f;
}

export default async function streamRoutes(app: App, deps: Deps) {
  const open = new Set<ServerResponse>();
  // Streams never end by themselves: end them so the server can close.
  app.addHook("preClose", async () => {
    for (const res of open) res.end();
  });

  app.get(
    "/api/live",
    {
      schema: {
        response: { 200: Binary("see the route", "GET /api/live") },
        tags: ["command"],
        summary: "Live events the viewer may see, as Server-Sent Events (replays after Last-Event-ID)",
        querystring: Type.Object(
          {
            lastEventId: Type.Optional(Type.String({ pattern: "^\\d{1,18}$" })),
            topics: Type.Optional(Type.String({ maxLength: 200, pattern: "^[a-z0-9.,_-]*$" })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (actor.kind !== "staff" || actor.mfaPending) throw forbidden();
      const header = req.headers["last-event-id"];
      const lastRaw = (Array.isArray(header) ? header[0] : header) ?? req.query.lastEventId;
      const lastId = lastRaw && /^\d{1,18}$/.test(lastRaw) ? Number(lastRaw) : undefined;
      const prefixes = (req.query.topics ?? "")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean);
      const maySee = await viewerFilter(deps.db, actor);
      const wanted = (e: LiveEvent) => (prefixes.length === 0 || prefixes.some((p) => e.topic.startsWith(p))) && maySee(e);

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
        connection: "keep-alive",
      });
      res.write("retry: 2000\n\n");
      open.add(res);

      let replaying = lastId !== undefined;
      const held: LiveEvent[] = [];
      const sent = new Set<number>();
      const send = (e: LiveEvent) => {
        if (res.writableEnded) return;
        if (res.writableLength > MAX_BACKLOG) {
          res.end();
          return;
        }
        res.write(sseFrame(e));
      };
      const unsubscribe = await deps.live.subscribe(actor.tenantId, (e) => {
        if (!wanted(e)) return;
        if (replaying) held.push(e);
        else send(e);
      });
      const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
      const token = req.cookies[sessionCookieName(deps.config)];
      const sessionCheck = setInterval(() => {
        if (!token) return;
        loadSession(deps.db, actor.tenantId, token).then(
          (found) => {
            if (found.status !== "ok") res.end();
          },
          () => {},
        );
      }, SESSION_CHECK_MS);
      const lifetime = setTimeout(() => res.end(), MAX_STREAM_MS);
      const cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(sessionCheck);
        clearTimeout(lifetime);
        open.delete(res);
      };
      res.on("close", cleanup);
      req.raw.on("close", () => res.end());

      if (lastId !== undefined) {
        try {
          for (const e of await outboxSince(deps.db, actor.tenantId, lastId)) {
            if (!wanted(e)) continue;
            sent.add(e.id);
            send(e);
          }
        } catch (err) {
          req.log.error({ err }, "live replay failed");
        }
        replaying = false;
        for (const e of held.splice(0)) if (!sent.has(e.id)) send(e);
      }
    },
  );
}
