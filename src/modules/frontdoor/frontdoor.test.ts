import { createHmac } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settleSeededMessages } from "../../../test/fakes/outbox.ts";
import { WhatsAppFake } from "../../../test/fakes/whatsapp.ts";
import { applyFor, loginAs, MemoryAdapter, openTestDb, PALEMBANG, testConfig } from "../../../test/helpers.ts";
import { type Adapters, deliverPending } from "../../platform/notify.ts";
import { WhatsAppCloudAdapter } from "../../platform/notify/whatsapp.ts";
import { createPlatform, type Platform } from "../../server.ts";

const SECRET = "app-secret-for-tests";
const VERIFY = "verify-me-please";
const SMS_TOKEN = "sms-inbound-token-0123456789";
const PHONE_ID = "106540352242922";

let p: Platform;
let fake: WhatsAppFake;
let adapters: Adapters;
const sms = new MemoryAdapter();
let seq = 0;

beforeAll(async () => {
  fake = await new WhatsAppFake().start();
  const db = await openTestDb();
  await settleSeededMessages(db);
  const config = testConfig({
    BALAI_WHATSAPP_URL: fake.url,
    BALAI_WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
    BALAI_WHATSAPP_TOKEN: "EAAtest",
    BALAI_WHATSAPP_VERIFY_TOKEN: VERIFY,
    BALAI_WHATSAPP_APP_SECRET: SECRET,
    BALAI_WHATSAPP_TENANTS: `${PHONE_ID}=${PALEMBANG}`,
    BALAI_SMS_INBOUND_TOKEN: SMS_TOKEN,
    BALAI_PUBLIC_URL: "https://balai.test",
  });
  const wa = new WhatsAppCloudAdapter(config.notify.whatsapp!, 30_000);
  adapters = { email: new MemoryAdapter(), sms, whatsapp: wa };
  p = await createPlatform(config, db, { adapters, background: false });
}, 120_000);
afterAll(async () => {
  await p?.close();
  await fake?.close();
});

const payload = (from: string, id: string, message: Record<string, unknown>) => ({
  object: "whatsapp_business_account",
  entry: [
    {
      id: "102290129340398",
      changes: [
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: "15550783881", phone_number_id: PHONE_ID },
            contacts: [{ profile: { name: "Budi Santoso" }, wa_id: from }],
            messages: [{ from, id, timestamp: "1764650000", ...message }],
          },
        },
      ],
    },
  ],
});

const sign = (raw: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;

async function post(raw: string, signature?: string) {
  // No X-Balai-Tenant: Meta calls one URL; the tenant comes from the business phone number id.
  return p.app.inject({
    method: "POST",
    url: "/webhooks/whatsapp",
    payload: raw,
    headers: { "content-type": "application/json", ...(signature ? { "x-hub-signature-256": signature } : {}) },
  });
}

/** Sends one message from `from` through the signed webhook, delivers the outbox, and returns the texts it got back. */
async function say(from: string, message: Record<string, unknown>, id = `wamid.HBgN${++seq}`) {
  const before = fake.texts.length;
  const raw = JSON.stringify(payload(from, id, message));
  const res = await post(raw, sign(raw));
  expect(res.statusCode, res.body).toBe(200);
  await deliverPending(p.db, adapters, { now: new Date(Date.now() + 1000) });
  return {
    res: res.json(),
    replies: fake.texts
      .slice(before)
      .filter((t) => t.to === from)
      .map((t) => t.body),
  };
}
const text = (body: string) => ({ type: "text", text: { body } });

describe("WhatsApp webhook", () => {
  it("answers Meta's verification handshake with the challenge, only for the right token", async () => {
    const ok = await p.app.inject({ url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444` });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["content-type"]).toMatch(/^text\/plain/);
    expect(ok.body).toBe("1158201444");
    const bad = await p.app.inject({ url: "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444" });
    expect(bad.statusCode).toBe(403);
    expect(bad.body).not.toContain("1158201444");
  });

  it("refuses a delivery with a bad or missing signature and stores nothing", async () => {
    const raw = JSON.stringify(payload("6281299990009", "wamid.BAD1", text("LAPOR")));
    const before = await p.db.one<{ n: number }>("SELECT count(*)::int AS n FROM notifications");
    for (const sig of [undefined, sign(raw, "another-secret"), "sha256=zz", sign(`${raw} `)]) {
      const res = await post(raw, sig);
      expect(res.statusCode).toBe(401);
      expect(res.headers["content-type"]).toMatch(/problem\+json/);
    }
    expect(await p.db.one("SELECT 1 FROM frontdoor_inbound WHERE message_id = 'wamid.BAD1'")).toBeUndefined();
    expect(await p.db.one("SELECT 1 FROM frontdoor_conversations WHERE phone = '+6281299990009'")).toBeUndefined();
    const after = await p.db.one<{ n: number }>("SELECT count(*)::int AS n FROM notifications");
    expect(after?.n).toBe(before?.n);
  });

  it("files an e-Lapor report from a conversation: category, description, location, photo", async () => {
    const from = "6281299990001";
    const start = await say(from, text("lapor"));
    expect(start.replies).toHaveLength(1);
    const list = start.replies[0];
    expect(list).toContain("Pilih kategori");
    const line = list.split("\n").find((l) => /Jalan Rusak/i.test(l));
    expect(line).toBeTruthy();
    const n = line!.split(".")[0];

    expect((await say(from, text("99"))).replies[0]).toMatch(/Balas dengan nomor kategori/);
    expect((await say(from, text(n))).replies[0]).toMatch(/Ceritakan/);
    expect((await say(from, text("Jalan berlubang besar di depan pasar, berbahaya bagi motor."))).replies[0]).toMatch(/Bagikan lokasi/);
    expect((await say(from, text("di depan pasar"))).replies[0]).toMatch(/Bagikan lokasi/);
    const loc = await say(from, { type: "location", location: { latitude: -2.9761, longitude: 104.7754, name: "Pasar 16 Ilir" } });
    expect(loc.replies[0]).toMatch(/Kirim satu foto/);

    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#807060" } })
      .jpeg()
      .toBuffer();
    fake.addMedia("1037543291543636", jpeg, "image/jpeg");
    const photo = await say(from, { type: "image", image: { id: "1037543291543636", mime_type: "image/jpeg", sha256: "x" } });
    expect(photo.replies[0]).toContain("Periksa laporan Anda");
    expect(photo.replies[0]).toContain("Foto: 1 foto");
    // The media was fetched with the bearer token: metadata, then the file URL it named.
    const gets = fake.requests.filter((r) => r.method === "GET");
    expect(gets.map((r) => r.path)).toEqual(["/v21.0/1037543291543636", "/media-download/1037543291543636"]);

    const done = await say(from, text("YA"));
    const m = /nomor (\S+)\./.exec(done.replies[0] ?? "");
    expect(m, done.replies.join("|")).toBeTruthy();
    const number = m![1];
    expect(done.replies[0]).toMatch(/https:\/\/balai\.test\/lacak\/\S+/);

    const pub = await p.app.inject({ url: `/api/public/lapor/reports/${number}`, headers: { "x-balai-tenant": PALEMBANG } });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().photos).toHaveLength(1);
    expect(pub.json().description).toContain("Jalan berlubang");
    const user = await p.db.one<{ id: string; name: string; kind: string }>(
      "SELECT id, name, kind FROM users WHERE tenant_id = $1 AND phone = '+6281299990001'",
      [PALEMBANG],
    );
    expect(user?.kind).toBe("citizen");
    expect(user?.name).toBe("Budi Santoso (WhatsApp)");
    expect(await p.db.one("SELECT 1 FROM frontdoor_accounts WHERE user_id = $1", [user!.id])).toBeTruthy();
    expect(await p.db.one("SELECT 1 FROM frontdoor_conversations WHERE phone = '+6281299990001'")).toBeUndefined();
    expect(fake.problems).toEqual([]);

    // When the report moves, the reporter hears of it through the usual sealed e-Lapor notification to that phone.
    const kase = await p.db.one<{ id: string }>("SELECT id FROM cases WHERE tenant_id = $1 AND number = $2", [PALEMBANG, number]);
    const admin = await loginAs(p.app, "admin@palembang.go.id");
    const view = await admin.request("GET", `/api/lapor/reports/${kase!.id}`);
    const moved = await admin.request("POST", `/api/cases/${kase!.id}/actions/verify`, { version: view.body.version, forwardTo: view.body.routedUnit!.code });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const row = await p.db.one<{ recipient: string; recipient_sealed: boolean }>(
      "SELECT recipient, recipient_sealed FROM notifications WHERE user_id = $1 AND template = 'cases.update' ORDER BY created_at DESC LIMIT 1",
      [user!.id],
    );
    expect(row).toEqual({ recipient: "", recipient_sealed: true });
    const before = sms.sent.length;
    await deliverPending(p.db, adapters, { now: new Date(Date.now() + 1000) });
    const told = sms.sent.slice(before).filter((m) => m.recipient === "+6281299990001");
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(number);
  });

  it("guides through photo problems, and BATAL ends the conversation", async () => {
    const from = "6281299990006";
    expect((await say(from, text("halo"))).replies[0]).toContain("Ketik LAPOR");
    const list = (await say(from, text("LAPOR"))).replies[0];
    await say(from, text(list.split("\n")[1].split(".")[0]));
    await say(from, text("Lampu jalan mati sudah tiga malam di gang kami."));
    await say(from, { type: "location", location: { latitude: -2.9761, longitude: 104.7754 } });
    fake.addMedia("2000000000000001", Buffer.from("%PDF-1.4 not a photo"), "application/pdf");
    expect((await say(from, { type: "image", image: { id: "2000000000000001", mime_type: "image/jpeg" } })).replies[0]).toContain("bukan foto");
    expect((await say(from, { type: "image", image: { id: "2000000000000404", mime_type: "image/jpeg" } })).replies[0]).toContain("belum dapat diunduh");
    // A file that says it is a JPEG but is not one is refused when it is staged, like a web upload.
    fake.addMedia("2000000000000002", Buffer.from("not really a jpeg"), "image/jpeg");
    expect((await say(from, { type: "image", image: { id: "2000000000000002", mime_type: "image/jpeg" } })).replies[0]).toContain("tidak dapat dipakai");
    expect((await say(from, text("lewati"))).replies[0]).toContain("Foto: tidak ada");
    expect((await say(from, text("BATAL"))).replies[0]).toContain("dibatalkan");
    expect(await p.db.one("SELECT 1 FROM frontdoor_conversations WHERE phone = '+6281299990006'")).toBeUndefined();
    expect(fake.problems).toEqual([]);
  });

  it("takes odd input without failing the delivery: control characters, a point off the globe, receipts", async () => {
    const from = "6281299990007";
    const list = (await say(from, text("LAPOR"))).replies[0];
    await say(from, text(list.split("\n")[1].split(".")[0]));
    const odd = await say(from, text("Sampah \u0000menumpuk \ud800di pinggir jalan raya."));
    expect(odd.replies[0]).toMatch(/Bagikan lokasi/);
    const conv = await p.db.one<{ data: { description: string } }>("SELECT data FROM frontdoor_conversations WHERE phone = '+6281299990007'");
    expect(conv?.data.description).toBe("Sampah menumpuk \ufffddi pinggir jalan raya.");
    expect((await say(from, { type: "location", location: { latitude: 912, longitude: 104.7 } })).replies[0]).toMatch(/Bagikan lokasi/);
    // A point outside the city is refused at filing and the conversation goes back to the location.
    await say(from, { type: "location", location: { latitude: -6.2, longitude: 106.8 } });
    await say(from, text("LEWATI"));
    expect((await say(from, text("YA"))).replies[0]).toMatch(/di luar wilayah Kota Palembang/);
    expect((await p.db.one<{ step: string }>("SELECT step FROM frontdoor_conversations WHERE phone = '+6281299990007'"))?.step).toBe("location");
    // Delivery receipts (statuses[]) carry no message.
    const receipt = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [{ id: "1", changes: [{ field: "messages", value: { metadata: { phone_number_id: PHONE_ID }, statuses: [{ id: "wamid.X", status: "read" }] } }] }],
    });
    const res = await post(receipt, sign(receipt));
    expect(res.json()).toEqual({ status: "ok", handled: 0, duplicates: 0 });
  });

  it("ignores a redelivered message", async () => {
    const from = "6281299990002";
    const first = await say(from, text("LAPOR"), "wamid.REDELIVER1");
    expect(first.res).toEqual({ status: "ok", handled: 1, duplicates: 0 });
    const notes = await p.db.one<{ n: number }>("SELECT count(*)::int AS n FROM notifications");
    const again = await say(from, text("LAPOR"), "wamid.REDELIVER1");
    expect(again.res).toEqual({ status: "ok", handled: 0, duplicates: 1 });
    expect(again.replies).toEqual([]);
    expect((await p.db.one<{ n: number }>("SELECT count(*)::int AS n FROM notifications"))?.n).toBe(notes?.n);
  });

  it("answers STATUS for the applicant's own application, and refuses anyone else without a leak", async () => {
    const citizen = await loginAs(p.app, "warga@example.com");
    const c = await applyFor(p.app, citizen, "surat-keterangan-domisili");
    expect(c.number).toMatch(/^SKD-/);
    const own = await say("6281234567890", text(`STATUS ${c.number.toLowerCase()}`));
    expect(own.replies[0]).toContain(c.number);
    expect(own.replies[0]).toMatch(/Status: \S/);
    expect(own.replies[0]).not.toMatch(/Status: submitted/);
    expect(own.replies[0]).toContain("/lacak/");

    const other = await say("6281299990003", text(`STATUS ${c.number}`));
    expect(other.replies[0]).toContain("tidak ditemukan");
    expect(other.replies[0]).not.toMatch(/Status:|Domisili|lacak/);
    const unknown = await say("6281299990003", text("STATUS SKD-2026-999999"));
    // Someone else's application and a number that does not exist read the same.
    expect(unknown.replies[0].replace("SKD-2026-999999", "X")).toBe(other.replies[0].replace(c.number, "X"));
  });

  it("answers STATUS for a public e-Lapor report to anyone", async () => {
    const r = await p.db.one<{ number: string }>(
      "SELECT c.number FROM cases c JOIN complaint_details d ON d.case_id = c.id WHERE c.tenant_id = $1 AND NOT d.confidential AND NOT d.hidden AND c.state <> 'diarsipkan' ORDER BY c.created_at LIMIT 1",
      [PALEMBANG],
    );
    expect(r).toBeTruthy();
    const res = await say("6281299990004", text(`STATUS ${r!.number}`));
    expect(res.replies[0]).toContain(r!.number);
    expect(res.replies[0]).toMatch(/Status: \S/);
    expect(res.replies[0]).toContain(`/laporan/${r!.number}`);
    expect(fake.problems).toEqual([]);
  });
});

describe("SMS STATUS", () => {
  it("answers a STATUS query by SMS to the applicant's phone, and refuses a wrong token", async () => {
    const citizen = await loginAs(p.app, "warga@example.com");
    const c = await applyFor(p.app, citizen, "surat-keterangan-domisili");
    const bad = await p.app.inject({ url: `/webhooks/sms?token=wrong&from=081234567890&text=STATUS+${c.number}`, headers: { "x-balai-tenant": PALEMBANG } });
    expect(bad.statusCode).toBe(403);
    const res = await p.app.inject({
      method: "POST",
      url: `/webhooks/sms?token=${SMS_TOKEN}`,
      payload: `nohp=081234567890&pesan=${encodeURIComponent(`STATUS ${c.number}`)}&id=sms-1`,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-balai-tenant": PALEMBANG },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: "answered" });
    const before = sms.sent.length;
    await deliverPending(p.db, adapters, { now: new Date(Date.now() + 1000) });
    const sent = sms.sent.slice(before).filter((m) => m.template === "frontdoor.sms-status");
    expect(sent).toHaveLength(1);
    expect(sent[0].recipient).toBe("+6281234567890");
    expect(sent[0].body).toContain(c.number);
    expect(sent[0].body).toMatch(/Status: \S/);
    const other = await p.app.inject({
      url: `/webhooks/sms?token=${SMS_TOKEN}&from=6281299990005&text=${encodeURIComponent(`STATUS ${c.number}`)}`,
      headers: { "x-balai-tenant": PALEMBANG },
    });
    expect(other.statusCode).toBe(200);
    await deliverPending(p.db, adapters, { now: new Date(Date.now() + 1000) });
    const refused = sms.sent.filter((m) => m.recipient === "+6281299990005");
    expect(refused).toHaveLength(1);
    expect(refused[0].body).toContain("tidak ditemukan");
    const repeat = await p.app.inject({
      method: "POST",
      url: `/webhooks/sms?token=${SMS_TOKEN}`,
      payload: `nohp=081234567890&pesan=${encodeURIComponent(`STATUS ${c.number}`)}&id=sms-1`,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-balai-tenant": PALEMBANG },
    });
    expect(repeat.json()).toEqual({ status: "duplicate" });
  });
});
