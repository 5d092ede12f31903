import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb } from "../../../test/helpers.ts";
import { deliveryOf, queueMessage, settleSeededMessages, testClock } from "../../../test/fakes/outbox.ts";
import { WhatsAppFake } from "../../../test/fakes/whatsapp.ts";
import type { Db } from "../db.ts";
import { type Adapters, deliverPending, RecordingAdapter } from "../notify.ts";
import { WhatsAppCloudAdapter } from "./whatsapp.ts";

let db: Db;
let fake: WhatsAppFake;
let adapters: Adapters;
/** The same adapter with a short time-out, used only where the fake hangs (so a slow machine cannot time out a good answer). */
let hasty: Adapters;
const clock = testClock();
const opts = { backoffMs: 10_000, maxBackoffMs: 600_000, maxAttempts: 4 };
const deliver = (now = clock.now(), with_ = adapters) => deliverPending(db, with_, { ...opts, now });

beforeAll(async () => {
  db = await openTestDb();
  await settleSeededMessages(db);
  fake = await new WhatsAppFake().start();
  const cfg = {
    baseUrl: `${fake.url}/`,
    apiVersion: "v21.0",
    phoneNumberId: "106540352242922",
    accessToken: "EAAtest",
    codeTemplate: "balai_kode",
    updateTemplate: "balai_kabar",
    language: "id",
  };
  const wa = new WhatsAppCloudAdapter(cfg, 30_000);
  const waHasty = new WhatsAppCloudAdapter(cfg, 300);
  adapters = { email: new RecordingAdapter(), sms: wa, whatsapp: wa };
  hasty = { email: new RecordingAdapter(), sms: waHasty, whatsapp: waHasty };
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

describe("WhatsApp Business Cloud API adapter", () => {
  it("sends a sign-up code as the authentication template with the copy-code button, and keeps the message id", async () => {
    const id = await queueMessage(db, {
      recipient: "+6281234567890",
      template: "accounts.verify-code",
      body: "Kode konfirmasi akun Balai Kota Palembang: 042917. Berlaku 15 menit.",
    });
    expect(await deliver()).toBe(1);
    const req = fake.requests.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v21.0/106540352242922/messages");
    expect(req.headers.authorization).toBe("Bearer EAAtest");
    expect(JSON.parse(req.body)).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "6281234567890",
      type: "template",
      template: {
        name: "balai_kode",
        language: { code: "id" },
        components: [
          { type: "body", parameters: [{ type: "text", text: "042917" }] },
          { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "042917" }] },
        ],
      },
    });
    expect(fake.problems).toEqual([]);
    const row = await deliveryOf(db, id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, provider: "whatsapp-cloud", last_error: null });
    expect(row.provider_message_id).toMatch(/^wamid\.FAKE\d+$/);
  });

  it("sends a case update as the utility template with subject and text, without new lines", async () => {
    const id = await queueMessage(db, {
      recipient: "081234567891",
      template: "cases.update",
      subject: "Surat Keterangan Domisili SKD-2026-000123",
      body: "Surat Keterangan Domisili SKD-2026-000123: selesai.\nLacak: https://layanan.palembang.go.id/lacak/abc",
    });
    await deliver();
    expect(fake.bodies.at(-1)?.template).toEqual({
      name: "balai_kabar",
      language: { code: "id" },
      components: [
        {
          type: "body",
          parameters: [
            { type: "text", text: "Surat Keterangan Domisili SKD-2026-000123" },
            { type: "text", text: "Surat Keterangan Domisili SKD-2026-000123: selesai. Lacak: https://layanan.palembang.go.id/lacak/abc" },
          ],
        },
      ],
    });
    expect(fake.problems).toEqual([]);
    expect((await deliveryOf(db, id)).status).toBe("sent");
  });

  it("marks a 4xx refusal (131026 undeliverable) failed after one attempt and never retries it", async () => {
    const id = await queueMessage(db, { recipient: "+6281234567892" });
    fake.answer("4xx");
    const before = fake.requests.length;
    await deliver();
    const row = await deliveryOf(db, id);
    expect(row).toMatchObject({ status: "failed", attempts: 1, provider: "whatsapp-cloud" });
    expect(row.last_error).toMatch(/HTTP 400: 131026 .*undeliverable/);
    await deliver(clock.advance(86_400_000));
    expect(fake.requests.length).toBe(before + 1);
  });

  it("retries a 5xx and a 429 (code 130429) with growing back-off, then sends", async () => {
    const id = await queueMessage(db, { recipient: "+6281234567893" });
    fake.answer("5xx", "429");
    const t0 = clock.advance(1000);
    await deliver(t0);
    let row = await deliveryOf(db, id);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.last_error).toMatch(/HTTP 500: 131000/);
    const firstDelay = row.next_attempt_at.getTime() - t0.getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(10_000);
    expect(firstDelay).toBeLessThanOrEqual(12_000);

    // Not due yet: nothing is sent.
    const count = fake.requests.length;
    expect(await deliver(new Date(t0.getTime() + 5_000))).toBe(0);
    expect(fake.requests.length).toBe(count);

    const t1 = clock.advance(15_000);
    await deliver(t1);
    row = await deliveryOf(db, id);
    expect(row).toMatchObject({ status: "pending", attempts: 2 });
    expect(row.last_error).toMatch(/HTTP 429: 130429/);
    expect(row.next_attempt_at.getTime() - t1.getTime()).toBeGreaterThanOrEqual(20_000);

    await deliver(clock.advance(60_000));
    row = await deliveryOf(db, id);
    expect(row).toMatchObject({ status: "sent", attempts: 3, last_error: null });
    expect(fake.problems).toEqual([]);
  });

  it("retries after a time-out, and gives up as failed after the last attempt", async () => {
    const id = await queueMessage(db, { recipient: "+6281234567894" });
    fake.answer("hang", "hang", "5xx", "5xx");
    for (let i = 1; i <= 4; i++) {
      await deliver(clock.advance(3_600_000), i <= 2 ? hasty : adapters);
      const row = await deliveryOf(db, id);
      expect(row.attempts).toBe(i);
      expect(row.status).toBe(i < 4 ? "pending" : "failed");
      if (i <= 2) expect(row.last_error).toBe("time-out after 300 ms");
    }
    await deliver(clock.advance(3_600_000));
    expect((await deliveryOf(db, id)).attempts).toBe(4);
  });

  it("does not hand a message being sent to a second run at the same time", async () => {
    const id = await queueMessage(db, { recipient: "+6281234567895" });
    fake.answer("hang");
    const now = clock.advance(3_600_000);
    const seen = fake.requests.length;
    const first = deliver(now, hasty);
    // Once the provider has the request, the first run holds the message; a second run finds nothing due.
    while (fake.requests.length === seen) await new Promise((r) => setTimeout(r, 10));
    expect(await deliver(now)).toBe(0);
    expect(await first).toBe(1);
    expect((await deliveryOf(db, id)).status).toBe("pending");
    await deliver(clock.advance(3_600_000));
    expect((await deliveryOf(db, id)).status).toBe("sent");
  });
});
