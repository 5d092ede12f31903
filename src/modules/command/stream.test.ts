import http from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { applyFor, type Client, loginAs, setupPlatform, signUpCitizen } from "../../../test/helpers.ts";

const ctx = setupPlatform();
const AT = { lat: -2.9869, lon: 104.7465 };

interface SseMessage {
  id: string;
  event: string;
  data: { id: number; topic: string; summary: { id: string; en: string }; payload: Record<string, unknown> };
}

/** An EventSource-like subscriber over a real socket: collects messages, can wait for one. */
function subscribe(port: number, c: Pick<Client, "tenant" | "cookie">, opts: { lastEventId?: string; topics?: string } = {}) {
  const messages: SseMessage[] = [];
  const waiters: Array<() => void> = [];
  let status = 0;
  const headers: Record<string, string> = { accept: "text/event-stream", "x-balai-tenant": c.tenant };
  if (c.cookie) headers.cookie = c.cookie;
  if (opts.lastEventId) headers["last-event-id"] = opts.lastEventId;
  const req = http.get({ host: "127.0.0.1", port, path: `/api/live${opts.topics ? `?topics=${opts.topics}` : ""}`, headers });
  const opened = new Promise<number>((resolve) => {
    req.on("response", (res) => {
      status = res.statusCode ?? 0;
      resolve(status);
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let i = buf.indexOf("\n\n");
        while (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const m: Partial<SseMessage> = {};
          for (const line of block.split("\n")) {
            if (line.startsWith("id: ")) m.id = line.slice(4);
            else if (line.startsWith("event: ")) m.event = line.slice(7);
            else if (line.startsWith("data: ")) m.data = JSON.parse(line.slice(6));
          }
          if (m.event) {
            messages.push(m as SseMessage);
            for (const w of waiters.splice(0)) w();
          }
          i = buf.indexOf("\n\n");
        }
      });
    });
    req.on("error", () => resolve(0));
  });
  return {
    messages,
    opened,
    /** Resolves with the first message matching, or undefined after ms. */
    async waitFor(pred: (m: SseMessage) => boolean, ms = 60_000): Promise<SseMessage | undefined> {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = messages.find(pred);
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0) return undefined;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    close() {
      req.destroy();
    },
  };
}

describe("live stream (SSE)", () => {
  let port: number;
  let taker: Client;
  let wall: Client;

  beforeAll(async () => {
    await ctx.app.listen({ port: 0, host: "127.0.0.1" });
    port = (ctx.app.server.address() as AddressInfo).port;
    taker = await loginAs(ctx.app, "operator.112@palembang.go.id");
    wall = await loginAs(ctx.app, "lawangjabo@palembang.go.id");
  });

  it("refuses anonymous and citizen subscribers", async () => {
    const anon = subscribe(port, { tenant: "16.71" });
    expect(await anon.opened).toBe(401);
    anon.close();
    const citizen = await signUpCitizen(ctx, "live.citizen@example.com");
    const s = subscribe(port, citizen);
    expect(await s.opened).toBe(403);
    s.close();
  });

  it("delivers an event to a viewer who may see it, not to one who may not, and replays missed ones after reconnect", async () => {
    const wallStream = subscribe(port, wall);
    const dukcapil = subscribe(port, await loginAs(ctx.app, "operator.dukcapil@palembang.go.id"));
    const damkar = subscribe(port, await loginAs(ctx.app, "operator.damkar@palembang.go.id"));
    const deskOnlyIncidents = subscribe(port, taker, { topics: "incident" });
    for (const s of [wallStream, dukcapil, damkar, deskOnlyIncidents]) expect(await s.opened).toBe(200);

    const created = await taker.request("POST", "/api/emergency/incidents", { type: "fire", ...AT, callerName: "Pak Rahasia", callerPhone: "081299998888" });
    expect(created.status).toBe(201);
    const seen = await wallStream.waitFor((m) => m.event === "incident.created" && m.data.payload.caseId === created.body.id);
    expect(seen).toBeDefined();
    expect(seen!.data.payload).toMatchObject({ number: created.body.number, type: "fire", priority: 1, state: "received" });
    expect(seen!.data.summary.id).toContain(created.body.number);
    expect(JSON.stringify(seen)).not.toMatch(/Rahasia|99998888/);
    expect(await deskOnlyIncidents.waitFor((m) => m.data.payload.caseId === created.body.id)).toBeDefined();

    // A Dukcapil application reaches Dukcapil's operator and the wall, not Damkar's.
    const citizen = await signUpCitizen(ctx, "live.applicant@example.com");
    const app = await applyFor(ctx.app, citizen, "akta-kelahiran");
    expect(await dukcapil.waitFor((m) => m.event === "case.submitted" && m.data.payload.caseId === app.id)).toBeDefined();
    expect(await wallStream.waitFor((m) => m.event === "case.submitted" && m.data.payload.caseId === app.id)).toBeDefined();

    // Damkar's liaison sees the incident once Damkar is dispatched to it.
    const dispatcher = await loginAs(ctx.app, "dispatcher.112@palembang.go.id");
    const meta = await dispatcher.request("GET", "/api/emergency/meta");
    const crew = meta.body.responders.find((r: { code: string }) => r.code === "DAMKAR-2");
    const d = await dispatcher.request("POST", `/api/emergency/incidents/${created.body.id}/dispatches`, { responderId: crew!.id });
    expect(d.status).toBe(201);
    expect(await damkar.waitFor((m) => m.event === "dispatch.updated" && m.data.payload.dispatchId === d.body.id)).toBeDefined();

    // What each may not see never arrives (the wall got everything above, so it has all been delivered).
    await wallStream.waitFor((m) => m.event === "dispatch.updated" && m.data.payload.dispatchId === d.body.id);
    expect(dukcapil.messages.filter((m) => m.event.startsWith("incident.") || m.event.startsWith("dispatch."))).toEqual([]);
    expect(damkar.messages.filter((m) => m.event === "incident.created" || m.data.payload.caseId === app.id)).toEqual([]);
    expect(deskOnlyIncidents.messages.filter((m) => !m.event.startsWith("incident."))).toEqual([]);

    // The wall loses the network; two things happen meanwhile; on reconnect it gets them, in order, once.
    const lastSeen = wallStream.messages.at(-1)!.id;
    wallStream.close();
    const a = await dispatcher.request("POST", `/api/emergency/dispatches/${d.body.id}/status`, { status: "en_route" });
    const b = await taker.request("POST", "/api/emergency/incidents", { type: "tree", ...AT });
    expect([a.status, b.status]).toEqual([200, 201]);
    const again = subscribe(port, wall, { lastEventId: lastSeen });
    const replayed = await again.waitFor((m) => m.event === "incident.created" && m.data.payload.caseId === b.body.id);
    expect(replayed).toBeDefined();
    const ids = again.messages.map((m) => Number(m.id));
    expect(ids[0]).toBeGreaterThan(Number(lastSeen));
    expect(new Set(ids).size).toBe(ids.length);
    expect(again.messages.some((m) => m.event === "dispatch.updated" && m.data.payload.status === "en_route")).toBe(true);

    // …and then continues live.
    const c = await taker.request("POST", "/api/emergency/incidents", { type: "medical", ...AT });
    expect(await again.waitFor((m) => m.data.payload.caseId === c.body.id)).toBeDefined();
    for (const s of [again, dukcapil, damkar, deskOnlyIncidents]) s.close();
  });
});
