/**
 * Messages per second through the SMS / WhatsApp adapters against the local provider fakes (test/fakes), the way
 * the dispatcher sends them: queued in the notifications table, claimed in batches, sent 8 at a time, each result
 * written back. Run: `node bench/notify.ts` (BENCH_MESSAGES=2000, DATABASE_URL for PostgreSQL).
 */
import { openDb } from "../src/platform/db.ts";
import { migrate } from "../src/platform/migrate.ts";
import { type ChannelAdapter, deliverPending, enqueueNotification, RecordingAdapter } from "../src/platform/notify.ts";
import { HttpSmsAdapter } from "../src/platform/notify/http-sms.ts";
import { WhatsAppCloudAdapter } from "../src/platform/notify/whatsapp.ts";
import { ZenzivaAdapter } from "../src/platform/notify/zenziva.ts";
import { GenericSmsFake } from "../test/fakes/sms-generic.ts";
import { ZenzivaFake } from "../test/fakes/sms-zenziva.ts";
import { WhatsAppFake } from "../test/fakes/whatsapp.ts";

const N = Number(process.env.BENCH_MESSAGES ?? 2000);
const db = await openDb({ databaseUrl: process.env.DATABASE_URL });
await migrate(db);
await db.query("INSERT INTO tenants (id, name, slug) VALUES ('99.01', 'Bench', 'bench-notify') ON CONFLICT DO NOTHING");

const wa = await new WhatsAppFake().start();
const zen = await new ZenzivaFake().start();
const gen = await new GenericSmsFake().start();
const waConfig = {
  baseUrl: wa.url,
  apiVersion: "v21.0",
  phoneNumberId: "106540352242922",
  accessToken: "EAAtest",
  codeTemplate: "balai_kode",
  updateTemplate: "balai_kabar",
  language: "id",
};
const adapters: [string, ChannelAdapter][] = [
  ["whatsapp-cloud", new WhatsAppCloudAdapter(waConfig, 10_000)],
  ["zenziva", new ZenzivaAdapter({ url: zen.endpoint, userkey: "uk-test", passkey: "pk-test" }, 10_000)],
  [
    "http-sms (POST JSON)",
    new HttpSmsAdapter({ url: `${gen.url}/api/sms`, method: "POST", headers: { "X-Api-Key": "city-key" }, body: '{"to":"{to}","message":"{text}"}' }, 10_000),
  ],
];

const rows: string[] = [];
for (const [name, adapter] of adapters) {
  // Adapter alone (no database): 8 concurrent senders.
  let i = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (i < N) {
        const k = i++;
        await adapter.send({
          channel: "sms",
          recipient: `+62812${String(10_000_000 + k)}`,
          subject: "Bench",
          body: `Kode konfirmasi: ${String(k % 1e6).padStart(6, "0")}`,
          template: "accounts.verify-code",
        });
      }
    }),
  );
  const raw = N / ((performance.now() - t0) / 1000);

  // Through the outbox: enqueue N, then deliverPending until none is due.
  await db.tx(async (q) => {
    for (let k = 0; k < N; k++)
      await enqueueNotification(q, {
        tenantId: "99.01",
        userId: null,
        channel: "sms",
        recipient: `+62813${String(10_000_000 + k)}`,
        template: "cases.update",
        subject: "Bench",
        body: `Kabar ${k}`,
      });
  });
  const t1 = performance.now();
  let done = 0;
  for (let n = 1; n > 0; done += n)
    n = await deliverPending(db, { email: new RecordingAdapter(), sms: adapter, whatsapp: adapter }, { limit: 100, concurrency: 8 });
  const outbox = done / ((performance.now() - t1) / 1000);
  const sent = await db.one<{ n: number }>("SELECT count(*)::int AS n FROM notifications WHERE tenant_id = '99.01' AND status = 'sent' AND provider = $1", [
    adapter.name,
  ]);
  rows.push(`| ${name} | ${N} | ${raw.toFixed(0)} | ${outbox.toFixed(0)} | ${sent?.n} |`);
}
const problems = [...wa.problems, ...zen.problems, ...gen.problems];
console.log(`\n| adapter | messages | adapter alone msg/s | through the outbox msg/s | sent |\n|---|---|---|---|---|\n${rows.join("\n")}`);
console.log(problems.length ? `request shape problems: ${problems.slice(0, 5).join("; ")}` : "every request had the exact provider shape");
await Promise.all([wa.close(), zen.close(), gen.close()]);
await db.close();
