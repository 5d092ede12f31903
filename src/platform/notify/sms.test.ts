import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb } from "../../../test/helpers.ts";
import { deliveryOf, queueMessage, settleSeededMessages, testClock } from "../../../test/fakes/outbox.ts";
import { GenericSmsFake } from "../../../test/fakes/sms-generic.ts";
import { ZenzivaFake } from "../../../test/fakes/sms-zenziva.ts";
import type { Db } from "../db.ts";
import { type Adapters, type ChannelAdapter, deliverPending, RecordingAdapter } from "../notify.ts";
import { HttpSmsAdapter } from "./http-sms.ts";
import { ZenzivaAdapter } from "./zenziva.ts";

let db: Db;
const clock = testClock();
const opts = { backoffMs: 1_000, maxBackoffMs: 60_000, maxAttempts: 3 };
const phone = (a: ChannelAdapter): Adapters => ({ email: new RecordingAdapter(), sms: a, whatsapp: a });
const deliver = (a: ChannelAdapter, now = clock.advance(3_600_000)) => deliverPending(db, phone(a), { ...opts, now });

beforeAll(async () => {
  db = await openTestDb();
  await settleSeededMessages(db);
});
afterAll(async () => {
  await db?.close();
});

describe("Zenziva SMS adapter", () => {
  let fake: ZenzivaFake;
  let zenziva: ZenzivaAdapter;
  let hasty: ZenzivaAdapter;
  beforeAll(async () => {
    fake = await new ZenzivaFake().start();
    zenziva = new ZenzivaAdapter({ url: fake.endpoint, userkey: "uk-test", passkey: "pk-test" }, 30_000);
    hasty = new ZenzivaAdapter({ url: fake.endpoint, userkey: "uk-test", passkey: "pk-test" }, 300);
  });
  afterAll(() => fake?.close());

  it("posts the form fields userkey, passkey, to, message and keeps the messageId", async () => {
    const body = "Kode konfirmasi akun Balai Kota Palembang: 123456. Berlaku 15 menit.";
    const id = await queueMessage(db, { recipient: "+6281234567890", body, template: "accounts.verify-code" });
    await deliver(zenziva);
    const req = fake.requests.at(-1)!;
    expect([req.method, req.path, req.headers["content-type"]]).toEqual(["POST", "/reguler/api/sendsms/", "application/x-www-form-urlencoded"]);
    expect(fake.forms.at(-1)).toEqual({ userkey: "uk-test", passkey: "pk-test", to: "6281234567890", message: body });
    expect(fake.problems).toEqual([]);
    const row = await deliveryOf(db, id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, provider: "zenziva", last_error: null });
    expect(row.provider_message_id).toMatch(/^10\d\d$/);
  });

  it("marks a refusal (status 0) failed at once, without retrying", async () => {
    const id = await queueMessage(db, { recipient: "081234567891" });
    fake.answer("4xx");
    const before = fake.requests.length;
    await deliver(zenziva);
    await deliver(zenziva);
    expect(await deliveryOf(db, id)).toMatchObject({ status: "failed", attempts: 1, last_error: "Zenziva status 0: Nomor tujuan tidak valid" });
    expect(fake.requests.length).toBe(before + 1);
  });

  it("wrong keys are refused for good too (the refusal reason is kept)", async () => {
    const wrong = new ZenzivaAdapter({ url: fake.endpoint, userkey: "uk-test", passkey: "salah" }, 30_000);
    const id = await queueMessage(db, { recipient: "081234567892" });
    await deliver(wrong);
    expect(await deliveryOf(db, id)).toMatchObject({ status: "failed", attempts: 1, last_error: "Zenziva status 0: Userkey / Passkey Salah" });
    fake.problems.length = 0;
  });

  it("retries 5xx answers with back-off and gives up as failed after the last attempt", async () => {
    const id = await queueMessage(db, { recipient: "081234567893" });
    fake.answer("5xx", "5xx", "5xx");
    const delays: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const now = clock.advance(3_600_000);
      await deliver(zenziva, now);
      const row = await deliveryOf(db, id);
      expect(row).toMatchObject({ attempts: i, status: i < 3 ? "pending" : "failed" });
      expect(row.last_error).toMatch(/^HTTP 503/);
      if (i < 3) delays.push(row.next_attempt_at.getTime() - now.getTime());
    }
    expect(delays[0]).toBeGreaterThanOrEqual(1_000);
    expect(delays[1]).toBeGreaterThanOrEqual(2_000);
  });

  it("honours Retry-After on a 429, then sends", async () => {
    const id = await queueMessage(db, { recipient: "081234567894" });
    fake.answer("429");
    const now = clock.advance(3_600_000);
    await deliver(zenziva, now);
    const row = await deliveryOf(db, id);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    // Retry-After: 2 is longer than the 1 s back-off (+ at most 20 % jitter).
    expect(row.next_attempt_at.getTime() - now.getTime()).toBeGreaterThanOrEqual(2_000);
    expect(await deliverPending(db, phone(zenziva), { ...opts, now: new Date(now.getTime() + 1_500) })).toBe(0);
    await deliver(zenziva);
    expect(await deliveryOf(db, id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("retries after a time-out", async () => {
    const id = await queueMessage(db, { recipient: "081234567895" });
    fake.answer("hang");
    await deliver(hasty);
    expect(await deliveryOf(db, id)).toMatchObject({ status: "pending", attempts: 1, last_error: "time-out after 300 ms" });
    await deliver(zenziva);
    expect(await deliveryOf(db, id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(fake.problems).toEqual([]);
  });
});

describe("URL-template adapter for the city's own SMS gateway", () => {
  let fake: GenericSmsFake;
  beforeAll(async () => {
    fake = await new GenericSmsFake().start();
  });
  afterAll(() => fake?.close());
  const getAdapter = (timeout = 30_000) =>
    new HttpSmsAdapter({ url: `${fake.url}/send?to={to}&text={text}`, method: "GET", headers: {}, body: undefined }, timeout);
  const postAdapter = (timeout = 30_000) =>
    new HttpSmsAdapter(
      { url: `${fake.url}/api/sms`, method: "POST", headers: { "X-Api-Key": "city-key" }, body: '{"to": "{to}", "message": "{text}"}' },
      timeout,
    );

  it("GET: fills {to} and {text} URL-encoded into the URL; 2xx is sent, its id kept", async () => {
    const body = "Kode Anda: 654321 & jangan dibagikan (100%)";
    const id = await queueMessage(db, { recipient: "0812-3456-7890", body });
    await deliver(getAdapter());
    const req = fake.requests.at(-1)!;
    expect(req.method).toBe("GET");
    expect(req.path).toBe("/send");
    expect(Object.fromEntries(req.query)).toEqual({ to: "6281234567890", text: body });
    expect(fake.problems).toEqual([]);
    expect(await deliveryOf(db, id)).toMatchObject({
      status: "sent",
      attempts: 1,
      provider: "http-sms",
      provider_message_id: expect.stringMatching(/^city-\d+$/),
    });
  });

  it("POST: a JSON body template gets JSON-escaped values (quotes, new lines) and the configured header", async () => {
    const body = 'Status "selesai".\nLacak: https://layanan.palembang.go.id/lacak/x';
    const id = await queueMessage(db, { recipient: "+6281234567899", body });
    await deliver(postAdapter());
    const req = fake.requests.at(-1)!;
    expect([req.method, req.path, req.headers["x-api-key"], req.headers["content-type"]]).toEqual(["POST", "/api/sms", "city-key", "application/json"]);
    expect(JSON.parse(req.body)).toEqual({ to: "6281234567899", message: body });
    expect(fake.problems).toEqual([]);
    expect((await deliveryOf(db, id)).status).toBe("sent");
  });

  it("a 4xx answer fails at once; 5xx, 429 and a time-out are retried until the last attempt fails it", async () => {
    const refused = await queueMessage(db, { recipient: "081234567801" });
    fake.answer("4xx");
    await deliver(postAdapter());
    expect(await deliveryOf(db, refused)).toMatchObject({ status: "failed", attempts: 1, last_error: 'HTTP 422: {"error":"invalid number"}' });

    const id = await queueMessage(db, { recipient: "081234567802" });
    fake.answer("5xx", "429", "hang");
    await deliver(postAdapter());
    expect(await deliveryOf(db, id)).toMatchObject({ status: "pending", attempts: 1, last_error: expect.stringMatching(/^HTTP 502/) });
    await deliver(postAdapter());
    expect(await deliveryOf(db, id)).toMatchObject({ status: "pending", attempts: 2, last_error: expect.stringMatching(/^HTTP 429/) });
    await deliver(postAdapter(300));
    expect(await deliveryOf(db, id)).toMatchObject({ status: "failed", attempts: 3, last_error: "time-out after 300 ms" });
    expect(fake.problems).toEqual([]);
  });
});
