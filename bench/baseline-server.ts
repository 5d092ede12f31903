// Bare Fastify hello-world, measured in the same run as Balai so the numbers can be
// read relative to what this machine (and this Node/Fastify) can do at all. It also has a bare
// Server-Sent Events fan-out (GET /sse, POST /publish), the baseline of the live-stream benchmark.
import type { ServerResponse } from "node:http";
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/", async () => ({ hello: "world" }));

const subscribers = new Set<ServerResponse>();
let nextId = 0;
app.get("/sse", (req, reply) => {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  res.write("retry: 2000\n\n");
  subscribers.add(res);
  req.raw.on("close", () => subscribers.delete(res));
});
app.post("/publish", async (req) => {
  nextId += 1;
  const frame = `id: ${nextId}\nevent: bench\ndata: ${JSON.stringify({ id: nextId, payload: req.body ?? {} })}\n\n`;
  for (const res of subscribers) res.write(frame);
  return { id: nextId, subscribers: subscribers.size };
});

const port = Number(process.env.PORT ?? 0);
const address = await app.listen({ port, host: "127.0.0.1" });
process.stdout.write(`baseline listening on ${address}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const res of subscribers) res.end();
    void app.close().then(() => process.exit(0));
  });
}
