import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, loginAs, MALANG, setupPlatform } from "../../../test/helpers.ts";
import { queueMessage, settleSeededMessages } from "../../../test/fakes/outbox.ts";
import { ZenzivaFake } from "../../../test/fakes/sms-zenziva.ts";
import { deliverPending, RecordingAdapter } from "../../platform/notify.ts";
import { ZenzivaAdapter } from "../../platform/notify/zenziva.ts";

const ctx = setupPlatform();
let fake: ZenzivaFake;
const ids: Record<string, string> = {};

beforeAll(async () => {
  await settleSeededMessages(ctx.db);
  fake = await new ZenzivaFake().start();
  // A citizen signs up with a phone number: the code is queued for SMS.
  const signup = await client(ctx.app).request("POST", "/api/auth/signup", { name: "Rudi Hartono", phone: "0812 7777 1234", password: "Sungai-Musi-Indah-77" });
  expect(signup.status).toBe(201);
  ids.code = (await ctx.db.one<{ id: string }>("SELECT id FROM notifications WHERE recipient = '+6281277771234'"))!.id;
  ids.refused = await queueMessage(ctx.db, { recipient: "+6281277770001" });
  ids.retry = await queueMessage(ctx.db, { recipient: "+6281277770002" });
  ids.malang = await queueMessage(ctx.db, { recipient: "+6281277770003", tenantId: MALANG });
  fake.answer("success", "4xx", "5xx", "success");
  const zenziva = new ZenzivaAdapter({ url: fake.endpoint, userkey: "uk-test", passkey: "pk-test" }, 30_000);
  await deliverPending(ctx.db, { email: new RecordingAdapter(), sms: zenziva, whatsapp: zenziva }, { concurrency: 1 });
  expect(fake.problems).toEqual([]);
});
afterAll(() => fake?.close());

describe("message delivery view for Kominfo", () => {
  it("lists this tenant's messages with channel, masked recipient, status, provider id, error and attempts", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const res = await admin.request("GET", "/api/admin/messages");
    expect(res.status).toBe(200);
    const byId = new Map((res.body.items as { id: string }[]).map((m) => [m.id, m]));
    expect(byId.get(ids.code)).toMatchObject({
      channel: "sms",
      template: "accounts.verify-code",
      recipient: "+6281******234",
      status: "sent",
      provider: "zenziva",
      providerMessageId: expect.stringMatching(/^10\d\d$/),
      lastError: null,
      attempts: 1,
      nextAttemptAt: null,
    });
    expect(byId.get(ids.refused)).toMatchObject({ status: "failed", attempts: 1, lastError: "Zenziva status 0: Nomor tujuan tidak valid" });
    expect(byId.get(ids.retry)).toMatchObject({
      status: "queued",
      attempts: 1,
      lastError: expect.stringMatching(/^HTTP 503/),
      nextAttemptAt: expect.any(String),
    });
    // Another tenant's message is not listed; no phone number appears unmasked.
    expect(byId.has(ids.malang)).toBe(false);
    expect(JSON.stringify(res.body)).not.toMatch(/7777|77770/);
    expect(res.body.counts).toMatchObject({ queued: 1, failed: 1 });
    expect(res.body.counts.sent).toBeGreaterThanOrEqual(1);
  });

  it("filters by status", async () => {
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const failed = await admin.request("GET", "/api/admin/messages?status=failed");
    expect(failed.body.items.map((m: { id: string }) => m.id)).toEqual([ids.refused]);
    const queued = await admin.request("GET", "/api/admin/messages?status=queued&channel=sms");
    expect(queued.body.items.map((m: { id: string }) => m.id)).toEqual([ids.retry]);
    const bad = await admin.request("GET", "/api/admin/messages?status=lost");
    expect(bad.status).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
  });

  it("refuses citizens, other staff and anonymous callers", async () => {
    expect((await client(ctx.app).request("GET", "/api/admin/messages")).status).toBe(401);
    const citizen = await loginAs(ctx.app, "warga@example.com");
    expect((await citizen.request("GET", "/api/admin/messages")).status).toBe(403);
    const operator = await loginAs(ctx.app, "operator.dukcapil@palembang.go.id");
    expect((await operator.request("GET", "/api/admin/messages")).status).toBe(403);
  });
});

describe("phone sign-up switched off (BALAI_PHONE_SIGNUP=0)", () => {
  const off = setupPlatform({ BALAI_PHONE_SIGNUP: "0" });
  it("refuses a phone-only sign-up with a field error, and still takes e-mail", async () => {
    const c = client(off.app);
    const res = await c.request("POST", "/api/auth/signup", { name: "Sari Dewi", phone: "081277779999", password: "Sungai-Musi-Indah-77" });
    expect(res.status).toBe(400);
    expect(res.problem.errors).toEqual([expect.objectContaining({ field: "phone", code: "phone-signup-disabled" })]);
    const ok = await c.request("POST", "/api/auth/signup", { name: "Sari Dewi", email: "sari.dewi@example.com", password: "Sungai-Musi-Indah-77" });
    expect(ok.status).toBe(201);
  });
});
