import { describe, expect, it } from "vitest";
import { type Client, loginAs, multipartFile, setupPlatform, signUpCitizen, TINY_PNG } from "../../../test/helpers.ts";
import { closeUnconfirmed } from "./fix-loop.ts";

/** Closing the loop (docs/complaints.md, "Closing the loop"): after-photo, the reporter's verdict, recurrences, the ranking. */
const ctx = setupPlatform();
const STRONG = "Sungai-Musi-Indah-77";
const KEL = "16.71.04.1003";
/** Each test works around its own base point inside Kota Palembang. */
const base = (n: number) => ({ lat: -2.93 - n * 0.004, lon: 104.76 });
const north = (p: { lat: number; lon: number }, m: number) => ({ lat: p.lat + m / 111_320, lon: p.lon });

const staffCache = new Map<string, Client>();
async function staff(email: string, unitCode: string) {
  const hit = staffCache.get(email);
  if (hit) return hit;
  const admin = await loginAs(ctx.app, "admin@palembang.go.id");
  const unit = await ctx.db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = '16.71' AND code = $1", [unitCode]);
  const res = await admin.request("POST", "/api/admin/staff", { name: `Petugas ${unitCode}`, email, password: STRONG, unitId: unit!.id, role: "opd_operator" });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const c = await loginAs(ctx.app, email, STRONG);
  staffCache.set(email, c);
  return c;
}
const dlh = () => staff("loop.dlh@palembang.go.id", "DLH");
const pupr = () => staff("loop.pupr@palembang.go.id", "PUPR");

async function file(c: Client, at: { lat: number; lon: number }, category = "lapor-sampah") {
  const res = await c.request("POST", "/api/lapor/reports", { category, ...at, kelurahan: KEL, description: "Masalah di sini sejak seminggu." });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: string };
}
async function act(c: Client, id: string, action: string, body: Record<string, unknown> = {}) {
  const view = await c.request("GET", `/api/cases/${id}`);
  return c.request("POST", `/api/cases/${id}/actions/${action}`, { version: view.body.version, ...body });
}
async function forward(id: string) {
  const admin = await loginAs(ctx.app, "admin@palembang.go.id");
  const view = await admin.request("GET", `/api/lapor/reports/${id}`);
  expect((await act(admin, id, "verify", { forwardTo: view.body.routedUnit!.code })).status).toBe(200);
}
const afterPhoto = (c: Client, id: string) => {
  const mp = multipartFile("sesudah.png", "image/png", TINY_PNG);
  return c.request("POST", `/api/lapor/reports/${id}/after-photo`, mp.payload, mp.headers);
};
/** Staff mark the report done with an after-photo. */
async function fix(c: Client, id: string) {
  expect((await afterPhoto(c, id)).status).toBe(201);
  const res = await act(c, id, "resolve", { comment: "Sudah diperbaiki." });
  expect(res.status).toBe(200);
}
const view = async (c: Client, id: string) => (await c.request("GET", `/api/lapor/reports/${id}`)).body;

describe("marking done with an after-photo", () => {
  it("requires the after-photo where the category does, then asks the reporter to confirm within 7 days", async () => {
    const citizen = await signUpCitizen(ctx, "loop1@example.com");
    const r = await file(citizen, base(1));
    await forward(r.id);
    const op = await dlh();
    const refused = await act(op, r.id, "resolve", { comment: "Sudah diangkut." });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: "afterPhoto", code: "required" })]);
    expect((await view(op, r.id)).state).toBe("in_progress");
    // Only staff of the report's unit attach it.
    expect((await afterPhoto(citizen, r.id)).status).toBe(403);
    expect((await afterPhoto(await pupr(), r.id)).status).toBe(404);
    const before = Date.now();
    await fix(op, r.id);

    const mine = await view(citizen, r.id);
    expect(mine).toMatchObject({ state: "selesai", isOpen: false, fix: { status: "awaiting", canConfirm: true, rejections: 0, afterPhotoRule: "required" } });
    const until = new Date(mine.fix!.confirmUntil!).getTime();
    expect(until - before).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000);
    expect(until - before).toBeLessThan(7 * 86_400_000 + 120_000);
    expect((await citizen.request("GET", mine.fix!.afterPhoto!.url)).status).toBe(200);
    // The message tells the reporter what to do; sealed like every e-Lapor message.
    const msg = await ctx.db.one<{ body: string; recipient: string; recipient_sealed: boolean }>(
      "SELECT body, recipient, recipient_sealed FROM notifications WHERE body LIKE $1 AND body LIKE '%Konfirmasi atau tolak%'",
      [`%${r.number}%`],
    );
    expect(msg).toMatchObject({ recipient: "", recipient_sealed: true });
    expect((await view(op, r.id)).fix!.canConfirm).toBe(false);
  });

  it("does not ask for a photo or a confirmation where the category says none", async () => {
    const citizen = await signUpCitizen(ctx, "loop2@example.com");
    const res = await citizen.request("POST", "/api/lapor/reports", {
      category: "lapor-aspirasi",
      ...base(2),
      kelurahan: KEL,
      description: "Usul taman baca.",
    });
    await forward(res.body.id);
    const bappeda = await staff("loop.bappeda@palembang.go.id", "BAPPEDA");
    expect((await act(bappeda, res.body.id, "resolve", { comment: "Masuk usulan Musrenbang." })).status).toBe(200);
    expect((await view(citizen, res.body.id)).fix).toMatchObject({ status: null, canConfirm: false, afterPhotoRule: "none" });
    expect((await citizen.request("POST", `/api/lapor/reports/${res.body.id}/confirm-fix`)).status).toBe(409);
  });
});

describe("the reporter's verdict", () => {
  it("confirm: closed as fixed-confirmed, once, by the reporter only; shown on the public page", async () => {
    const citizen = await signUpCitizen(ctx, "loop3@example.com");
    const r = await file(citizen, base(3));
    await forward(r.id);
    await fix(await dlh(), r.id);
    const other = await signUpCitizen(ctx, "loop3b@example.com");
    expect((await other.request("POST", `/api/lapor/reports/${r.id}/confirm-fix`)).status).toBe(404);
    const ok = await citizen.request("POST", `/api/lapor/reports/${r.id}/confirm-fix`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: r.id, state: "selesai", fixStatus: "confirmed" });
    const again = await citizen.request("POST", `/api/lapor/reports/${r.id}/confirm-fix`);
    expect(again.status).toBe(409);
    expect(again.problem.type).toBe("/problems/fix-not-awaiting");
    expect((await view(citizen, r.id)).fix).toMatchObject({ status: "confirmed", canConfirm: false });
    const pub = await other.request("GET", `/api/public/lapor/reports/${r.number}`);
    expect(pub.body.fix).toMatchObject({ status: "confirmed", rejectReason: null });
    expect((await other.request("GET", pub.body.fix!.afterPhoto!.url)).status).toBe(200);
    const audit = await ctx.db.one<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'complaint.fix-confirmed' AND subject_id = $1", [
      r.id,
    ]);
    expect(audit?.n).toBe(1);
  });

  it("reject: reopened to the same unit, counted every time, a new after-photo needed", async () => {
    const citizen = await signUpCitizen(ctx, "loop4@example.com");
    const r = await file(citizen, base(4));
    await forward(r.id);
    const op = await dlh();
    await fix(op, r.id);
    const empty = await citizen.request("POST", `/api/lapor/reports/${r.id}/reject-fix`, { reason: "   " });
    expect(empty.status).toBe(400);
    const mp = multipartFile("masih.png", "image/png", TINY_PNG);
    const staged = await citizen.request("POST", "/api/lapor/photos", mp.payload, mp.headers);
    expect(staged.status).toBe(201);
    const rej = await citizen.request("POST", `/api/lapor/reports/${r.id}/reject-fix`, { reason: "Sampah masih ada di ujung gang.", photoId: staged.body.id });
    expect(rej.status).toBe(200);
    expect(rej.body).toEqual({ id: r.id, state: "in_progress", fixStatus: "rejected" });
    const staffView = await view(op, r.id);
    expect(staffView).toMatchObject({
      isOpen: true,
      unit: { code: "DLH" },
      fix: { status: "rejected", rejections: 1, rejectReason: "Sampah masih ada di ujung gang." },
    });
    const last = staffView.timeline.at(-1);
    expect(last).toMatchObject({ action: "reject_fix", by: "reporter", comment: "Sampah masih ada di ujung gang." });
    expect(last!.photos.map((p: { id: string }) => p.id)).toEqual([staged.body.id]);
    // The old after-photo is used up: resolving again needs a new one.
    expect((await act(op, r.id, "resolve", { comment: "Sudah." })).status).toBe(400);
    await fix(op, r.id);
    expect((await citizen.request("POST", `/api/lapor/reports/${r.id}/reject-fix`, { reason: "Masih belum." })).status).toBe(200);
    expect((await view(op, r.id)).fix!.rejections).toBe(2);
  });

  it("silence: after 7 days the job closes the fix as unconfirmed; the window is closed before the job runs", async () => {
    const citizen = await signUpCitizen(ctx, "loop5@example.com");
    const r = await file(citizen, base(5));
    await forward(r.id);
    await fix(await dlh(), r.id);
    expect(await closeUnconfirmed(ctx.db)).toBe(0);
    await ctx.db.query("UPDATE complaint_details SET fix_due_at = now() - interval '1 minute' WHERE case_id = $1", [r.id]);
    const late = await citizen.request("POST", `/api/lapor/reports/${r.id}/confirm-fix`);
    expect(late.status).toBe(409);
    expect(late.problem.type).toBe("/problems/confirm-window-closed");
    expect((await view(citizen, r.id)).fix!.canConfirm).toBe(false);
    expect(await closeUnconfirmed(ctx.db)).toBe(1);
    expect(await closeUnconfirmed(ctx.db)).toBe(0);
    const v = await view(citizen, r.id);
    expect(v).toMatchObject({ state: "selesai", fix: { status: "unconfirmed" } });
    expect(v.timeline.at(-1)).toMatchObject({ action: "fix_unconfirmed", by: "system" });
    expect((await citizen.request("POST", `/api/lapor/reports/${r.id}/reject-fix`, { reason: "Terlambat" })).status).toBe(409);
  });
});

describe("recurrences", () => {
  it("links a new report at the same spot and category within 60 days of a confirmed fix, and not after", async () => {
    const citizen = await signUpCitizen(ctx, "loop6@example.com");
    const spot = base(6);
    const r = await file(citizen, spot);
    await forward(r.id);
    await fix(await dlh(), r.id);
    // Not confirmed yet: not a recurrence.
    const early = await file(citizen, north(spot, 20));
    expect((await view(citizen, early.id)).fix!.recurrenceOf).toBeNull();
    expect((await citizen.request("POST", `/api/lapor/reports/${r.id}/confirm-fix`)).status).toBe(200);

    const again = await file(citizen, north(spot, 40));
    const other = await file(citizen, north(spot, 40), "lapor-jalan-rusak");
    const far = await file(citizen, north(spot, 400));
    const op = await loginAs(ctx.app, "admin@palembang.go.id");
    expect((await view(op, again.id)).fix!.recurrenceOf).toBe(r.number);
    expect((await view(op, again.id)).timeline.some((e) => e.action === "recurrence")).toBe(true);
    expect((await view(citizen, other.id)).fix!.recurrenceOf).toBeNull();
    expect((await view(citizen, far.id)).fix!.recurrenceOf).toBeNull();
    const pub = await citizen.request("GET", `/api/public/lapor/reports/${r.number}`);
    expect(pub.body.fix!.recurrences.map((x: { number: string }) => x.number)).toEqual([again.number]);
    expect((await citizen.request("GET", `/api/public/lapor/reports/${again.number}`)).body.fix!.recurrenceOf).toBe(r.number);

    // 61 days after the fix: a new report there is not linked.
    await ctx.db.query("UPDATE complaint_details SET fix_done_at = now() - interval '61 days' WHERE case_id = $1", [r.id]);
    expect((await view(citizen, (await file(citizen, north(spot, 30))).id)).fix!.recurrenceOf).toBeNull();
    await ctx.db.query("UPDATE complaint_details SET fix_done_at = now() - interval '59 days' WHERE case_id = $1", [r.id]);
    expect((await view(citizen, (await file(citizen, north(spot, 30))).id)).fix!.recurrenceOf).toBe(r.number);
  });
});

describe("the public ranking", () => {
  it("ranks units by SLA kept and by fixes confirmed, with the numbers behind each rank", async () => {
    const citizen = await signUpCitizen(ctx, "loop7@example.com");
    const op = await dlh();
    const pu = await pupr();
    const done = async (c: Client, category: string, n: number) => {
      const r = await file(citizen, base(20 + n), category);
      await forward(r.id);
      await fix(c, r.id);
      return r;
    };
    const confirm = (id: string) => citizen.request("POST", `/api/lapor/reports/${id}/confirm-fix`);
    // DLH: A confirmed; B rejected once, fixed again, confirmed; C unconfirmed; D open; a recurrence of A (open).
    const a = await done(op, "lapor-sampah", 1);
    await confirm(a.id);
    const b = await done(op, "lapor-sampah", 2);
    await citizen.request("POST", `/api/lapor/reports/${b.id}/reject-fix`, { reason: "Belum." });
    await fix(op, b.id);
    await confirm(b.id);
    const c = await done(op, "lapor-sampah", 3);
    await ctx.db.query("UPDATE complaint_details SET fix_due_at = now() - interval '1 minute' WHERE case_id = $1", [c.id]);
    await closeUnconfirmed(ctx.db);
    const d = await file(citizen, base(24));
    await forward(d.id);
    const rec = await file(citizen, north(base(21), 10));
    await forward(rec.id);
    // PUPR: E confirmed; F closed after its SLA, awaiting the reporter.
    const e = await done(pu, "lapor-jalan-rusak", 5);
    await confirm(e.id);
    const f = await done(pu, "lapor-jalan-rusak", 6);
    await ctx.db.query("UPDATE cases SET sla_due_at = closed_at - interval '1 day' WHERE id = $1", [f.id]);
    // Put them alone in January 2025.
    const ids = [a, b, c, d, rec, e, f].map((x) => x.id);
    await ctx.db.query("UPDATE cases SET submitted_at = '2025-01-10T03:00:00Z' WHERE id = ANY($1::uuid[])", [`{${ids.join(",")}}`]);

    const res = await citizen.request("GET", "/api/public/lapor/ranking?from=2025-01-01&to=2025-01-31");
    expect(res.status).toBe(200);
    expect(res.body.units).toEqual([
      {
        unitCode: "DLH",
        unitName: expect.any(String),
        closed: 3,
        closedOnTime: 3,
        slaKept: 1,
        slaRank: 1,
        fixes: 3,
        confirmed: 2,
        unconfirmed: 1,
        awaiting: 0,
        rejections: 1,
        recurrences: 1,
        confirmedRate: 0.667,
        confirmedRank: 1,
      },
      {
        unitCode: "PUPR",
        unitName: expect.any(String),
        closed: 2,
        closedOnTime: 1,
        slaKept: 0.5,
        slaRank: 2,
        fixes: 2,
        confirmed: 1,
        unconfirmed: 0,
        awaiting: 1,
        rejections: 0,
        recurrences: 0,
        confirmedRate: 0.5,
        confirmedRank: 2,
      },
    ]);
  });
});
