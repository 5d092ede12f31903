// Bare Fastify hello-world, measured in the same run as Balai so the numbers can be
// read relative to what this machine (and this Node/Fastify) can do at all.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/", async () => ({ hello: "world" }));

const port = Number(process.env.PORT ?? 0);
const address = await app.listen({ port, host: "127.0.0.1" });
process.stdout.write(`baseline listening on ${address}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
