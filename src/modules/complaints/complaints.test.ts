import { randomUUID } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { type Client, client, loginAs, MALANG, multipartFile, setupPlatform, TINY_PNG, signUpCitizen } from "../../../test/helpers.ts";
import { importBoundaries, invalidateBoundaries, setTenantExtent, tenantExtent } from "../../platform/geo.ts";
import { escalateOverdueCases } from "../cases/index.ts";
import { routeReport } from "./routing.ts";
import { autoCloseAnswered } from "./auto-close.ts";

const ctx = setupPlatform();
const STRONG = "Sungai-Musi-Indah-77";
const KEL = "16.71.04.1003"; // the demo kelurahan (26 Ilir D. I)
/** Inside Kota Palembang's extent; each test works around its own base point. */
const base = (n: number) => ({ lat: -2.9 - n * 0.01, lon: 104.72 });
const north = (p: { lat: number; lon: number }, m: number) => ({ lat: p.lat + m / 111_320, lon: p.lon });

const newCitizen = (email: string) => signUpCitizen(ctx, email);

const staffCache = new Map<string, Client>();
async function staff(email: string, unitCode: string, role: string) {
  const hit = staffCache.get(email);
  if (hit) return hit;
  const admin = await loginAs(ctx.app, "admin@palembang.go.id");
  const unit = await ctx.db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = '16.71' AND code = $1", [unitCode]);
  const res = await admin.request("POST", "/api/admin/staff", { name: `Petugas ${unitCode}`, email, password: STRONG, unitId: unit!.id, role });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const c = await loginAs(ctx.app, email, STRONG);
  staffCache.set(email, c);
  return c;
}
const dlhOperator = () => staff("op.dlh@palembang.go.id", "DLH", "opd_operator");

async function report(c: Client, at: { lat: number; lon: number }, body: Record<string, unknown> = {}) {
  return c.request("POST", "/api/lapor/reports", {
    category: "lapor-sampah",
    ...at,
    kelurahan: KEL,
    description: "Sampah menumpuk di pinggir jalan sejak seminggu.",
    anonymous: false,
    confidential: false,
    ...body,
  });
}

async function act(c: Client, id: string, action: string, body: Record<string, unknown> = {}) {
  if (action === "resolve") {
    // Closing the loop: lapor-sampah requires an after-photo (./fix-loop.test.ts).
    const mp = multipartFile("sesudah.png", "image/png", TINY_PNG);
    expect((await c.request("POST", `/api/lapor/reports/${id}/after-photo`, mp.payload, mp.headers)).status).toBe(201);
  }
  const view = await c.request("GET", `/api/cases/${id}`);
  return c.request("POST", `/api/cases/${id}/actions/${action}`, { version: view.body.version, ...body });
}

async function uploadPhoto(c: Client, bytes = TINY_PNG, name = "foto.png", type = "image/png") {
  const mp = multipartFile(name, type, bytes);
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/lapor/photos",
    payload: mp.payload,
    headers: { ...mp.headers, "x-balai-tenant": c.tenant, ...(c.cookie ? { cookie: c.cookie } : {}), ...(c.csrf ? { "x-csrf-token": c.csrf } : {}) },
  });
  return { status: res.statusCode, body: res.json() };
}

/** multipart/form-data with text fields and image files, as a browser sends it. */
function multipartParts(fields: Record<string, string>, files: { filename: string; bytes: Buffer }[]) {
  const boundary = `----balai${randomUUID().replaceAll("-", "")}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.filename}"\r\nContent-Type: image/png\r\n\r\n`));
    chunks.push(f.bytes, Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

async function postUpdate(c: Client, id: string, message: string, photos = 0) {
  const mp = multipartParts(
    { message },
    Array.from({ length: photos }, (_, i) => ({ filename: `u${i}.png`, bytes: TINY_PNG })),
  );
  const res = await ctx.app.inject({
    method: "POST",
    url: `/api/lapor/reports/${id}/updates`,
    payload: mp.payload,
    headers: { ...mp.headers, "x-balai-tenant": c.tenant, ...(c.cookie ? { cookie: c.cookie } : {}), ...(c.csrf ? { "x-csrf-token": c.csrf } : {}) },
  });
  return { status: res.statusCode, body: res.json() };
}

/** Verifier forwards a report to the unit the rules suggest; returns that unit's code. */
async function verifyAndForward(id: string) {
  const admin = await loginAs(ctx.app, "admin@palembang.go.id");
  const view = await admin.request("GET", `/api/lapor/reports/${id}`);
  const res = await act(admin, id, "verify", { forwardTo: view.body.routedUnit!.code });
  expect(res.status).toBe(200);
  return view.body.routedUnit!.code as string;
}

const countCases = async () => (await ctx.db.one<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE kind = 'complaint'"))!.n;

describe("categories", () => {
  it("lists the complaint categories from catalog/lapor.yaml, with per-category limits applied to the workflow", async () => {
    const res = await client(ctx.app).request("GET", "/api/lapor/categories");
    expect(res.status).toBe(200);
    const keys = res.body.items.map((c: { key: string }) => c.key);
    for (const k of ["lapor-sampah", "lapor-jalan-rusak", "lapor-lampu-jalan", "lapor-banjir-drainase", "lapor-pohon-tumbang", "lapor-parkir-liar"])
      expect(keys).toContain(k);
    for (const k of ["lapor-adminduk", "lapor-pungli", "lapor-kesehatan", "lapor-pendidikan", "lapor-lainnya"]) expect(keys).toContain(k);
    const sampah = res.body.items.find((c: { key: string }) => c.key === "lapor-sampah");
    expect(sampah).toMatchObject({ classification: "pengaduan", anonymousAllowed: true, duplicateRadiusMeters: 100, name: { id: "Sampah" } });
    expect(sampah!.fields.length).toBeGreaterThan(0);
    const tree = res.body.items.find((c: { key: string }) => c.key === "lapor-pohon-tumbang");
    expect(tree!.limits).toMatchObject({ verifyDays: 1, followUpDays: 2, autoCloseDays: 10, reopenDays: 14 });
    const spec = await ctx.db.one<{ spec: { workflow: { states: { key: string; slaDays?: number }[] } } }>(
      "SELECT v.spec FROM services s JOIN service_versions v ON v.tenant_id = s.tenant_id AND v.service_key = s.key AND v.version = s.current_version WHERE s.tenant_id = '16.71' AND s.key = 'lapor-pohon-tumbang'",
    );
    const sla = Object.fromEntries(spec!.spec.workflow.states.map((s) => [s.key, s.slaDays]));
    expect(sla).toMatchObject({ submitted: 1, in_progress: 2 });
  });
});

describe("routing rules", () => {
  it("sends a category to its OPD after verification, and a local category to the kelurahan of the location", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const sampah = await report(citizen, base(1));
    expect(sampah.status).toBe(201);
    expect(sampah.body).toMatchObject({ state: "submitted", number: expect.stringMatching(/^LSAM-\d{4}-\d{6}$/) });
    expect(sampah.body.trackingToken).toBeTruthy();

    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const view = await admin.request("GET", `/api/lapor/reports/${sampah.body.id}`);
    expect(view.status).toBe(200);
    expect(view.body.unit!.code).toBe("DISKOMINFO"); // the verifier's queue first
    expect(view.body.routedUnit!.code).toBe("DLH");
    expect(view.body.actions.map((a: { key: string }) => a.key)).toEqual(expect.arrayContaining(["verify", "archive", "not_authority"]));
    const dlh = await dlhOperator();
    expect((await dlh.request("GET", `/api/lapor/reports/${sampah.body.id}`)).status).toBe(404);
    await verifyAndForward(sampah.body.id);
    const after = await dlh.request("GET", `/api/lapor/reports/${sampah.body.id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ state: "in_progress", unit: { code: "DLH" } });
    // The verifier can still re-route a forwarded report (here: the pile blocks a drain, PUPR's job).
    const rerouted = await act(admin, sampah.body.id, "reroute", { forwardTo: "PUPR", comment: "Sampah menyumbat saluran: kewenangan PUPR." });
    expect(rerouted.status).toBe(200);
    expect((await dlh.request("GET", `/api/lapor/reports/${sampah.body.id}`)).status).toBe(404);
    expect((await admin.request("GET", `/api/lapor/reports/${sampah.body.id}`)).body.unit!.code).toBe("PUPR");

    const local = await report(citizen, base(1), { category: "lapor-lingkungan-kelurahan", description: "Lampu gang RT 03 mati." });
    expect(local.status).toBe(201);
    const lview = await admin.request("GET", `/api/lapor/reports/${local.body.id}`);
    expect(lview.body.routedUnit!.code).toBe(KEL);
    expect(lview.body.kelurahan!.code).toBe(KEL);
    expect(lview.body.kecamatan!.code).toBe("16.71.04");
    await verifyAndForward(local.body.id);
    const lurah = await loginAs(ctx.app, "operator.kelurahan@palembang.go.id");
    const inbox = await lurah.request("GET", "/api/inbox?service=lapor-lingkungan-kelurahan");
    expect(inbox.body.map((r: { id: string }) => r.id)).toContain(local.body.id);

    // A category Kominfo handles itself: the verifier accepts it instead of forwarding, then answers.
    const info = await report(citizen, base(1), { category: "lapor-informasi", description: "Kapan pendaftaran PPDB dibuka?" });
    const iview = await admin.request("GET", `/api/lapor/reports/${info.body.id}`);
    expect(iview.body.routedUnit!.code).toBe("DISKOMINFO");
    expect((await act(admin, info.body.id, "accept")).status).toBe(200);
    expect((await act(admin, info.body.id, "respond", { comment: "Pendaftaran PPDB dibuka 1 Juni." })).status).toBe(200);
    expect((await citizen.request("GET", `/api/lapor/reports/${info.body.id}`)).body.state).toBe("responded");
  });
});

describe("routing rules (unit)", () => {
  it("prefers the local unit for local categories and falls back to the OPD", async () => {
    const where = { kelurahan: KEL, kecamatan: "16.71.04" };
    expect((await routeReport(ctx.db, "16.71", { unit: "PUPR" }, where))?.unitCode).toBe("PUPR");
    expect((await routeReport(ctx.db, "16.71", { local: "kelurahan" }, where))?.unitCode).toBe(KEL);
    expect((await routeReport(ctx.db, "16.71", { local: "kecamatan", unit: "DLH" }, where))?.unitCode).toBe("16.71.04");
    expect((await routeReport(ctx.db, "16.71", { local: "kelurahan", unit: "DLH" }, { kelurahan: "16.71.99.9999", kecamatan: null }))?.unitCode).toBe("DLH");
    expect(await routeReport(ctx.db, "16.71", { unit: "TIDAK-ADA" }, where)).toBeUndefined();
    // The same rule in Kota Malang names Malang's own unit.
    const malang = await routeReport(ctx.db, MALANG, { unit: "DLH" }, { kelurahan: null, kecamatan: null });
    const palembang = await routeReport(ctx.db, "16.71", { unit: "DLH" }, where);
    expect(malang?.unitCode).toBe("DLH");
    expect(malang?.unitId).not.toBe(palembang?.unitId);
  });
});

describe("duplicate suggestion", () => {
  it("offers open public reports of the same category inside the radius only", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const p = base(2);
    const a = await report(citizen, p, { description: "Tumpukan sampah di depan pasar." });
    const secret = await report(citizen, p, { confidential: true, description: "Rahasia" });
    expect(secret.status).toBe(201);
    const pub = client(ctx.app);
    const near = await pub.request("GET", `/api/lapor/nearby?category=lapor-sampah&lat=${north(p, 50).lat}&lon=${p.lon}`);
    expect(near.status).toBe(200);
    const ids = near.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(a.body.id);
    expect(ids).not.toContain(secret.body.id);
    const hit = near.body.items.find((i: { id: string }) => i.id === a.body.id);
    expect(hit!.distanceMeters).toBeGreaterThan(40);
    expect(hit!.distanceMeters).toBeLessThan(60);
    expect(hit).toMatchObject({ number: a.body.number, category: "lapor-sampah", supportCount: 0, state: "submitted" });

    const far = await pub.request("GET", `/api/lapor/nearby?category=lapor-sampah&lat=${north(p, 300).lat}&lon=${p.lon}`);
    expect(far.body.items.map((i: { id: string }) => i.id)).not.toContain(a.body.id);
    const other = await pub.request("GET", `/api/lapor/nearby?category=lapor-jalan-rusak&lat=${p.lat}&lon=${p.lon}`);
    expect(other.body.items.map((i: { id: string }) => i.id)).not.toContain(a.body.id);

    // Closed reports are no longer offered.
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    expect((await act(admin, a.body.id, "archive", { comment: "Laporan ganda dari warga lain" })).status).toBe(200);
    const closed = await pub.request("GET", `/api/lapor/nearby?category=lapor-sampah&lat=${p.lat}&lon=${p.lon}`);
    expect(closed.body.items.map((i: { id: string }) => i.id)).not.toContain(a.body.id);
    expect((await pub.request("GET", `/api/lapor/nearby?category=tidak-ada&lat=${p.lat}&lon=${p.lon}`)).status).toBe(400);
  });

  it("counts one support per user and lets staff merge duplicates", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const p = base(3);
    const a = await report(citizen, p);
    const other = await newCitizen("dukung@example.com");
    const b = await report(other, north(p, 20), { description: "Sama, sampah di depan pasar." });
    expect((await other.request("POST", `/api/lapor/reports/${a.body.id}/support`)).body).toMatchObject({ supportCount: 1 });
    expect((await other.request("POST", `/api/lapor/reports/${a.body.id}/support`)).body).toMatchObject({ supportCount: 1 });
    expect((await citizen.request("POST", `/api/lapor/reports/${a.body.id}/support`)).body).toMatchObject({ supportCount: 1 });
    // one audited support, not three
    const supports = await ctx.db.query("SELECT 1 FROM audit_log WHERE action = 'complaint.supported' AND subject_id = $1", [a.body.id]);
    expect(supports).toHaveLength(1);

    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const merged = await admin.request("POST", `/api/lapor/reports/${b.body.id}/merge`, { into: a.body.number });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ state: "duplikat", mergedInto: { number: a.body.number } });
    const pubB = await client(ctx.app).request("GET", `/api/public/lapor/reports/${b.body.number}`);
    expect(pubB.body).toMatchObject({ state: "duplikat", outcome: "duplikat", mergedInto: { number: a.body.number } });
    expect((await admin.request("POST", `/api/lapor/reports/${a.body.id}/merge`, { into: a.body.number })).status).toBe(400);
    const view = await other.request("GET", `/api/lapor/reports/${b.body.id}`);
    expect(view.body.state).toBe("duplikat");
  });
});

describe("anonymity and confidentiality", () => {
  it("never shows an anonymous reporter to officers, in the inbox, the case view or the audit view", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const me = await ctx.db.one<{ id: string; name: string }>("SELECT id, name FROM users WHERE tenant_id = '16.71' AND email = 'warga@example.com'");
    const r = await report(citizen, base(4), { anonymous: true, description: "Ada pungutan di TPS." });
    expect(r.status).toBe(201);
    const id = r.body.id;
    const leaks = (body: unknown) => {
      const s = JSON.stringify(body);
      return s.includes(me!.id) || s.includes(me!.name) || s.includes("warga@example.com");
    };
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const view = await admin.request("GET", `/api/lapor/reports/${id}`);
    expect(view.status).toBe(200);
    expect(view.body.reporter).toBeNull();
    expect(view.body.anonymous).toBe(true);
    expect(leaks(view.body)).toBe(false);
    const caseView = await admin.request("GET", `/api/cases/${id}`);
    expect(caseView.status).toBe(200);
    expect(caseView.body.applicantName).toBeNull();
    expect(leaks(caseView.body)).toBe(false);
    const inbox = await admin.request("GET", "/api/inbox?service=lapor-sampah&limit=200");
    const row = inbox.body.find((x: { id: string }) => x.id === id);
    expect(row!.applicantName).toBeNull();
    expect(leaks(row)).toBe(false);
    const csv = await admin.request("GET", "/api/inbox/export?service=lapor-sampah&format=csv");
    expect(csv.status).toBe(200);
    const line = (csv.body as string).split("\r\n").find((l) => l.includes(r.body.number));
    expect(line).toBeDefined();
    expect(leaks(line)).toBe(false);

    // The reporter acts on their report; still nothing about them reaches staff or the audit view.
    await verifyAndForward(id);
    const dlh = await dlhOperator();
    expect((await act(dlh, id, "respond", { comment: "Sudah kami angkut." })).status).toBe(200);
    expect((await citizen.request("POST", `/api/lapor/reports/${id}/reply`, { message: "Belum, masih ada." })).status).toBe(200);
    const dlhView = await dlh.request("GET", `/api/lapor/reports/${id}`);
    expect(dlhView.body.state).toBe("in_progress");
    expect(leaks(dlhView.body)).toBe(false);
    expect(dlhView.body.timeline.some((e) => e.by === "reporter" && e.comment === "Belum, masih ada.")).toBe(true);
    const auditor = await loginAs(ctx.app, "auditor@palembang.go.id");
    const log = await auditor.request("GET", "/api/admin/audit?limit=500");
    const mine = log.body.filter((e) => e.subjectId === id);
    expect(mine.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(["complaint.submitted", "complaint.replied"]));
    for (const e of mine.filter((x: { action: string }) => ["complaint.submitted", "complaint.replied"].includes(x.action))) {
      expect(e.actorId).toBeNull();
      expect(e.actorName).toBeNull();
      expect((e.data as { reporter?: string }).reporter).toBe("anonymous");
    }
    expect(leaks(mine)).toBe(false);
    // The reporter still finds it among their own reports.
    const own = await citizen.request("GET", "/api/lapor/mine");
    expect(own.body.items.map((x: { id: string }) => x.id)).toContain(id);
    // The public never sees any reporter.
    const pub = await client(ctx.app).request("GET", `/api/public/lapor/reports/${r.body.number}`);
    expect(pub.status).toBe(200);
    expect(leaks(pub.body)).toBe(false);
  });

  it("refuses anonymity where the category does not allow it", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const before = await countCases();
    const res = await report(citizen, base(4), { category: "lapor-adminduk", anonymous: true, description: "e-KTP belum jadi 6 bulan." });
    expect(res.status).toBe(400);
    expect(res.problem.errors!.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toContain("anonymous:anonymous-not-allowed");
    expect(await countCases()).toBe(before);
  });

  it("keeps confidential reports and their photos out of every public endpoint", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const photo = await uploadPhoto(citizen);
    expect(photo.status).toBe(201);
    const p = base(5);
    const secret = await report(citizen, p, { confidential: true, description: "Rahasia sekali", photoIds: [photo.body.id] });
    expect(secret.status).toBe(201);
    const open = await report(citizen, p, { description: "Terbuka untuk umum" });
    const pub = client(ctx.app);
    const list = await pub.request("GET", "/api/public/lapor/reports?limit=200");
    const numbers = list.body.items.map((i: { number: string }) => i.number);
    expect(numbers).toContain(open.body.number);
    expect(numbers).not.toContain(secret.body.number);
    expect((await pub.request("GET", `/api/public/lapor/reports/${secret.body.number}`)).status).toBe(404);
    expect((await pub.request("GET", `/api/public/lapor/photos/${photo.body.id}`)).status).toBe(404);
    expect((await pub.request("GET", `/api/public/lapor/photos/${photo.body.id}/thumb`)).status).toBe(404);
    const bbox = await pub.request("GET", `/api/public/lapor/reports?bbox=${p.lon - 0.001},${p.lat - 0.001},${p.lon + 0.001},${p.lat + 0.001}`);
    expect(bbox.body.items.map((i: { number: string }) => i.number)).toEqual([open.body.number]);
    // Staff of the unit still see it, photos included.
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const view = await admin.request("GET", `/api/lapor/reports/${secret.body.id}`);
    expect(view.body.confidential).toBe(true);
    expect(view.body.photos).toHaveLength(1);
    const img = await admin.request("GET", view.body.photos[0].thumbnailUrl);
    expect(img.status).toBe(200);
    expect(img.headers["content-type"]).toBe("image/jpeg");
  });
});

describe("reply, reopen, rating and auto-close", () => {
  it("reopens within 14 days of closing and not after", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const r = await report(citizen, base(6));
    const id = r.body.id;
    await verifyAndForward(id);
    const dlh = await dlhOperator();
    expect((await dlh.request("POST", `/api/lapor/reports/${id}/reopen`, { reason: "x" })).status).toBe(404);
    expect((await citizen.request("POST", `/api/lapor/reports/${id}/reopen`, { reason: "Belum beres" })).status).toBe(409);
    expect((await act(dlh, id, "resolve", { comment: "Sampah sudah diangkut." })).status).toBe(200);
    const closed = await citizen.request("GET", `/api/lapor/reports/${id}`);
    expect(closed.body).toMatchObject({ state: "selesai", isOpen: false, outcome: "selesai", canReopen: true, canRate: true });

    const reopened = await citizen.request("POST", `/api/lapor/reports/${id}/reopen`, { reason: "Sampahnya menumpuk lagi." });
    expect(reopened.status).toBe(200);
    expect(reopened.body.state).toBe("in_progress");
    const dlhView = await dlh.request("GET", `/api/lapor/reports/${id}`);
    expect(dlhView.body).toMatchObject({ isOpen: true, reopenCount: 1 });

    expect((await act(dlh, id, "resolve", { comment: "Diangkut lagi." })).status).toBe(200);
    await ctx.db.query("UPDATE cases SET closed_at = now() - interval '15 days' WHERE id = $1", [id]);
    const late = await citizen.request("POST", `/api/lapor/reports/${id}/reopen`, { reason: "Masih ada." });
    expect(late.status).toBe(409);
    expect(late.problem.type).toBe("/problems/reopen-window-closed");
    expect((await citizen.request("GET", `/api/lapor/reports/${id}`)).body.canReopen).toBe(false);
  });

  it("lets the reporter rate a closed report once it is closed, 1 to 5", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const r = await report(citizen, base(7));
    const id = r.body.id;
    expect((await citizen.request("POST", `/api/lapor/reports/${id}/rate`, { rating: 5 })).status).toBe(409);
    await verifyAndForward(id);
    const dlh = await dlhOperator();
    expect((await act(dlh, id, "resolve", { comment: "Selesai diangkut." })).status).toBe(200);
    expect((await citizen.request("POST", `/api/lapor/reports/${id}/rate`, { rating: 6 })).status).toBe(400);
    const other = await newCitizen("penilai@example.com");
    expect((await other.request("POST", `/api/lapor/reports/${id}/rate`, { rating: 1 })).status).toBe(404);
    const rated = await citizen.request("POST", `/api/lapor/reports/${id}/rate`, { rating: 4, comment: "Cepat, terima kasih." });
    expect(rated.status).toBe(200);
    const pub = await client(ctx.app).request("GET", `/api/public/lapor/reports/${r.body.number}`);
    expect(pub.body).toMatchObject({ rating: 4, ratingComment: "Cepat, terima kasih.", outcome: "selesai" });
    expect(pub.body.timeline.some((e) => e.state === "selesai" && e.message === "Selesai diangkut.")).toBe(true);
  });

  it("escalates a report whose verification is overdue", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const r = await report(citizen, base(8), { category: "lapor-pohon-tumbang", description: "Pohon tumbang menutup jalan." });
    const due = await ctx.db.one<{ state_due_at: Date; submitted_at: Date }>("SELECT state_due_at, submitted_at FROM cases WHERE id = $1", [r.body.id]);
    // verifyDays 1 for fallen trees: due within a few calendar days, not 3 working days.
    expect(new Date(due!.state_due_at).getTime() - new Date(due!.submitted_at).getTime()).toBeLessThan(4 * 86_400_000);
    await ctx.db.query("UPDATE cases SET state_due_at = now() - interval '1 hour' WHERE id = $1", [r.body.id]);
    expect(await escalateOverdueCases(ctx.db)).toBeGreaterThanOrEqual(1);
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const view = await admin.request("GET", `/api/lapor/reports/${r.body.id}`);
    expect(view.body.timeline.some((e: { kind: string }) => e.kind === "escalated")).toBe(true);
  });

  it("closes an answered report after 10 working days without a reply", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const old = await report(citizen, base(8));
    const fresh = await report(citizen, base(8), { description: "Laporan lain" });
    const dlh = await dlhOperator();
    for (const r of [old, fresh]) {
      await verifyAndForward(r.body.id);
      expect((await act(dlh, r.body.id, "respond", { comment: "Sudah ditangani, mohon konfirmasi." })).status).toBe(200);
    }
    await ctx.db.query("UPDATE case_events SET at = now() - interval '30 days' WHERE case_id = $1 AND to_state = 'responded'", [old.body.id]);
    await ctx.db.query("UPDATE cases SET updated_at = now() - interval '30 days' WHERE id = $1", [old.body.id]);
    const n = await autoCloseAnswered(ctx.db);
    expect(n).toBeGreaterThanOrEqual(1);
    const closed = await citizen.request("GET", `/api/lapor/reports/${old.body.id}`);
    expect(closed.body).toMatchObject({ state: "selesai", isOpen: false });
    expect(closed.body.timeline.at(-1)).toMatchObject({ action: "auto_close", by: "system" });
    expect((await citizen.request("GET", `/api/lapor/reports/${fresh.body.id}`)).body.state).toBe("responded");
    expect(await autoCloseAnswered(ctx.db)).toBe(0);
    const note = await ctx.db.one<{ body: string }>(
      "SELECT body FROM notifications WHERE user_id = (SELECT id FROM users WHERE tenant_id = '16.71' AND email = 'warga@example.com') AND body LIKE $1 ORDER BY created_at DESC LIMIT 1",
      [`%${old.body.number}%`],
    );
    expect(note?.body).toMatch(/Selesai/);
  });
});

describe("progress updates, photos and public views", () => {
  it("stages photos (EXIF stripped, thumbnail), attaches them, and shows officers' updates publicly", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const withExif = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#884400" } })
      .jpeg()
      .withExif({ IFD0: { Copyright: "Maya Sari", ImageDescription: "rumah saya" } })
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const up = await uploadPhoto(citizen, withExif, "jalan.jpg", "image/jpeg");
    expect(up.status).toBe(201);
    expect(up.body.thumbnailUrl).toBe(`/api/lapor/photos/${up.body.id}/thumb`);
    const stored = await ctx.app.inject({
      method: "GET",
      url: `/api/lapor/photos/${up.body.id}`,
      headers: { "x-balai-tenant": citizen.tenant, cookie: citizen.cookie as string },
    });
    expect(stored.statusCode).toBe(200);
    expect((await sharp(stored.rawPayload).metadata()).exif).toBeUndefined();
    // Another citizen cannot use or see a staged photo.
    const other = await newCitizen("foto@example.com");
    expect((await other.request("GET", `/api/lapor/photos/${up.body.id}`)).status).toBe(404);
    expect((await report(other, base(9), { photoIds: [up.body.id] })).status).toBe(400);

    const r = await report(citizen, base(9), { photoIds: [up.body.id] });
    expect(r.status).toBe(201);
    await verifyAndForward(r.body.id);
    const dlh = await dlhOperator();
    const update = await postUpdate(dlh, r.body.id, "Truk pengangkut dijadwalkan besok pagi.", 2);
    expect(update.status).toBe(201);
    expect(update.body.photos).toHaveLength(2);
    expect((await postUpdate(dlh, r.body.id, "Terlalu banyak foto", 6)).status).toBe(400);
    expect((await postUpdate(citizen, r.body.id, "Bukan petugas")).status).toBe(403);

    const pub = client(ctx.app);
    const detail = await pub.request("GET", `/api/public/lapor/reports/${r.body.number}`);
    expect(detail.status).toBe(200);
    expect(detail.body.photos).toHaveLength(1);
    const upd = detail.body.timeline.find((e: { kind: string }) => e.kind === "update");
    expect(upd!.message).toBe("Truk pengangkut dijadwalkan besok pagi.");
    expect(upd!.photos).toHaveLength(2);
    const thumb = await pub.request("GET", upd!.photos[0].thumbnailUrl);
    expect(thumb.status).toBe(200);
    const list = await pub.request("GET", "/api/public/lapor/reports?category=lapor-sampah&limit=200");
    const item = list.body.items.find((i: { number: string }) => i.number === r.body.number);
    expect(item).toMatchObject({ category: "lapor-sampah", state: "in_progress", kelurahan: { code: KEL }, kecamatan: { code: "16.71.04" } });
    expect(item!.photos[0].url).toBe(`/api/public/lapor/photos/${up.body.id}`);
    expect(item).not.toHaveProperty("reporter");
    // The reporter was told about the update (the row is sealed: no address, only the account).
    const note = await ctx.db.one<{ body: string }>(
      "SELECT body FROM notifications WHERE user_id = (SELECT id FROM users WHERE tenant_id = '16.71' AND email = 'warga@example.com') AND recipient = '' ORDER BY created_at DESC LIMIT 1",
    );
    expect(note?.body).toMatch(/Truk pengangkut/);
  });

  it("pages the public list with a cursor and filters by state, kecamatan and date", async () => {
    const pub = client(ctx.app);
    const first = await pub.request("GET", "/api/public/lapor/reports?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.next).toBeTruthy();
    const second = await pub.request("GET", `/api/public/lapor/reports?limit=2&cursor=${first.body.next}`);
    const seen = new Set(first.body.items.map((i: { number: string }) => i.number));
    for (const i of second.body.items) expect(seen.has(i.number)).toBe(false);
    const sel = await pub.request("GET", "/api/public/lapor/reports?state=selesai&kecamatan=16.71.04&limit=200");
    expect(sel.body.items.length).toBeGreaterThan(0);
    for (const i of sel.body.items) expect(i.state).toBe("selesai");
    const future = await pub.request("GET", "/api/public/lapor/reports?from=2099-01-01");
    expect(future.body.items).toHaveLength(0);
    expect((await pub.request("GET", "/api/public/lapor/reports?bbox=1,2,3")).status).toBe(400);
  });

  it("computes statistics per unit and category, and a heat map for staff", async () => {
    const stats = await client(ctx.app).request("GET", "/api/public/lapor/stats");
    expect(stats.status).toBe(200);
    const dlh = stats.body.units.find((u: { unitCode: string }) => u.unitCode === "DLH");
    expect(dlh!.received).toBeGreaterThan(0);
    expect(typeof dlh!.medianFirstResponseHours).toBe("number");
    expect(typeof dlh!.medianResolveHours).toBe("number");
    expect(dlh!.slaCompliance).toBeGreaterThan(0);
    expect(dlh!.ratingAvg).toBe(4);
    expect(stats.body.categories.find((c: { key: string }) => c.key === "lapor-sampah")!.count).toBeGreaterThan(0);
    expect(stats.body.monthly.length).toBeGreaterThan(0);
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const heat = await admin.request("GET", "/api/lapor/heatmap");
    expect(heat.status).toBe(200);
    expect(heat.body.cells.length).toBeGreaterThan(0);
    expect(heat.body.cells[0]).toMatchObject({ h3: expect.any(String), lat: expect.any(Number), lon: expect.any(Number), count: expect.any(Number) });
  });
});

describe("moderation", () => {
  it("puts flagged reports in Kominfo's queue; hidden ones leave the public map", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const r = await report(citizen, base(10), { description: "Iklan judi online, klik di sini" });
    const other = await newCitizen("pelapor.spam@example.com");
    expect((await other.request("POST", `/api/lapor/reports/${r.body.id}/flag`, { reason: "Spam" })).status).toBe(200);
    const admin = await loginAs(ctx.app, "admin@palembang.go.id");
    const queue = await admin.request("GET", "/api/lapor/moderation");
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((i: { id: string }) => i.id === r.body.id);
    expect(item).toMatchObject({ flags: 1, reasons: ["Spam"], hidden: false });
    expect((await admin.request("POST", `/api/lapor/moderation/${r.body.id}`, { decision: "hide" })).status).toBe(200);
    const pub = client(ctx.app);
    expect((await pub.request("GET", `/api/public/lapor/reports/${r.body.number}`)).status).toBe(404);
    const queue2 = await admin.request("GET", "/api/lapor/moderation");
    expect(queue2.body.items.map((i: { id: string }) => i.id)).not.toContain(r.body.id);
  });
});

describe("bad input", () => {
  it("refuses a missing location, a location outside the tenant, an unknown category, too many photos: nothing stored", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const before = await countCases();
    const noLoc = await citizen.request("POST", "/api/lapor/reports", {
      category: "lapor-sampah",
      description: "Tanpa lokasi",
      anonymous: false,
      confidential: false,
    });
    expect(noLoc.status).toBe(400);
    expect(noLoc.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(noLoc.problem.errors!.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(["lat", "lon"]));
    const malang = await report(citizen, { lat: -7.9666, lon: 112.6326 });
    expect(malang.status).toBe(422);
    expect(malang.problem.type).toBe("/problems/location-outside-tenant");
    const unknown = await report(citizen, base(11), { category: "lapor-tidak-ada" });
    expect(unknown.status).toBe(400);
    expect(unknown.problem.errors![0]).toMatchObject({ field: "category", code: "unknown-category" });
    const many = await report(citizen, base(11), { photoIds: Array.from({ length: 6 }, () => randomUUID()) });
    expect(many.status).toBe(400);
    expect(many.problem.errors![0].field).toBe("photoIds");
    // The kelurahan is optional (place.test.ts), but a code that is not one of the city's kelurahan is wrong.
    const otherCity = await report(citizen, base(11), { kelurahan: "35.73.01.1001" });
    expect(otherCity.status).toBe(400);
    expect(otherCity.problem.errors![0]).toMatchObject({ field: "kelurahan", code: "enum" });
    const badField = await report(citizen, base(11), { data: { jenis: "bukan-pilihan" } });
    expect(badField.status).toBe(400);
    expect(await countCases()).toBe(before);
  });

  it("refuses a 20 MB photo and a non-image", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const big = Buffer.concat([TINY_PNG, Buffer.alloc(20 * 1024 * 1024)]);
    const res = await uploadPhoto(citizen, big, "besar.png");
    expect(res.status).toBe(413);
    expect(res.body.errors[0]).toMatchObject({ field: "file", code: "file-too-large" });
    const pdf = await uploadPhoto(citizen, Buffer.from("%PDF-1.4\n%%EOF\n"), "dok.pdf", "application/pdf");
    expect(pdf.status).toBe(400);
    expect(pdf.body.errors[0].code).toBe("file-type");
  });

  it("stores HTML and script text verbatim, as text", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const html = `<script>alert("x")</script><img src=x onerror=alert(1)> Jalan <b>rusak</b> & berlubang`;
    const r = await report(citizen, base(12), { description: html, title: "<i>Judul</i>" });
    expect(r.status).toBe(201);
    const view = await citizen.request("GET", `/api/lapor/reports/${r.body.id}`);
    expect(view.body.description).toBe(html);
    expect(view.body.title).toBe("<i>Judul</i>");
    const pub = await client(ctx.app).request("GET", `/api/public/lapor/reports/${r.body.number}`);
    expect(pub.body.description).toBe(html);
    expect(pub.headers["content-type"]).toMatch(/application\/json/);
  });
});

describe("tenants and roles", () => {
  it("keeps Palembang reports out of Kota Malang", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const r = await report(citizen, base(13), { description: "Laporan Palembang" });
    const malang = client(ctx.app, MALANG);
    const list = await malang.request("GET", "/api/public/lapor/reports?limit=200");
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { number: string }) => i.number)).not.toContain(r.body.number);
    expect((await malang.request("GET", `/api/public/lapor/reports/${r.body.number}`)).status).toBe(404);
    const near = await malang.request("GET", `/api/lapor/nearby?category=lapor-sampah&lat=${base(13).lat}&lon=${base(13).lon}`);
    expect(near.body.items).toHaveLength(0);
    const stats = await malang.request("GET", "/api/public/lapor/stats");
    expect(stats.body.units).toHaveLength(0);
    // A Palembang session does not carry over to Malang.
    const cross = await citizen.request("GET", `/api/lapor/reports/${r.body.id}`, undefined, { "x-balai-tenant": MALANG });
    expect(cross.status).toBe(401);
  });

  it("checks the role on every new route", async () => {
    const owner = await loginAs(ctx.app, "warga@example.com");
    const r = await report(owner, base(14));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.id;
    const anon = client(ctx.app);
    const body = { message: "x", reason: "x", rating: 3, into: "LSAM-2026-000001", decision: "hide" };
    const writes = ["support", "reply", "reopen", "rate", "flag", "merge"];
    expect((await anon.request("POST", "/api/lapor/reports", { category: "lapor-sampah", ...base(14), description: "x" })).status).toBe(401);
    expect((await uploadPhoto(anon)).status).toBe(401);
    expect((await anon.request("GET", "/api/lapor/mine")).status).toBe(401);
    expect((await anon.request("GET", `/api/lapor/reports/${id}`)).status).toBe(401);
    for (const w of writes) {
      const b =
        w === "rate" ? { rating: 3 } : w === "merge" ? { into: body.into } : w === "reply" ? { message: "x" } : w === "support" ? undefined : { reason: "x" };
      expect([w, (await anon.request("POST", `/api/lapor/reports/${id}/${w}`, b)).status]).toEqual([w, 401]);
    }
    expect((await anon.request("GET", "/api/lapor/heatmap")).status).toBe(401);
    expect((await anon.request("GET", "/api/lapor/moderation")).status).toBe(401);
    expect((await postUpdate(anon, id, "x")).status).toBe(401);

    const stranger = await newCitizen("orang.lain@example.com");
    expect((await stranger.request("GET", `/api/lapor/reports/${id}`)).status).toBe(404);
    expect((await stranger.request("POST", `/api/lapor/reports/${id}/reply`, { message: "x" })).status).toBe(404);
    expect((await stranger.request("POST", `/api/lapor/reports/${id}/merge`, { into: "LSAM-2026-000001" })).status).toBe(403);
    expect((await stranger.request("GET", "/api/lapor/heatmap")).status).toBe(403);
    expect((await stranger.request("GET", "/api/lapor/moderation")).status).toBe(403);
    expect((await stranger.request("POST", `/api/lapor/moderation/${id}`, { decision: "hide" })).status).toBe(403);
    expect((await postUpdate(stranger, id, "x")).status).toBe(403);
    const mine = await stranger.request("GET", "/api/lapor/mine");
    expect(mine.body.items).toHaveLength(0);

    // Staff outside the report's unit: no access; an auditor reads but does not moderate.
    const dukcapil = await loginAs(ctx.app, "operator.dukcapil@palembang.go.id");
    expect((await dukcapil.request("GET", `/api/lapor/reports/${id}`)).status).toBe(404);
    expect((await postUpdate(dukcapil, id, "x")).status).toBe(404);
    expect((await dukcapil.request("POST", `/api/lapor/reports/${id}/merge`, { into: "LSAM-2026-000001" })).status).toBe(404);
    expect((await dukcapil.request("GET", "/api/lapor/moderation")).status).toBe(403);
    const auditor = await loginAs(ctx.app, "auditor@palembang.go.id");
    expect((await auditor.request("GET", `/api/lapor/reports/${id}`)).status).toBe(200);
    expect((await auditor.request("GET", "/api/lapor/heatmap")).status).toBe(200);
    expect((await auditor.request("GET", "/api/lapor/moderation")).status).toBe(403);
    expect((await auditor.request("POST", `/api/lapor/reports/${id}/merge`, { into: "LSAM-2026-000001" })).status).toBe(403);
  });
});

describe("location from loaded kelurahan boundaries", () => {
  it("finds the kelurahan by point-in-polygon, ignores a different pick, and refuses points outside every polygon", async () => {
    const p = base(15);
    const d = 0.002;
    const square = [
      [p.lon - d, p.lat - d],
      [p.lon + d, p.lat - d],
      [p.lon + d, p.lat + d],
      [p.lon - d, p.lat + d],
      [p.lon - d, p.lat - d],
    ];
    const geojson = {
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: { kode: "16.71.01.1001" }, geometry: { type: "Polygon", coordinates: [square] } }],
    };
    const unit = await ctx.db.one<{ code: string }>("SELECT code FROM org_units WHERE tenant_id = '16.71' AND code = '16.71.01.1001'");
    expect(unit).toBeDefined();
    const extent = await tenantExtent(ctx.db, "16.71");
    await ctx.db.tx((q) => importBoundaries(q, "16.71", geojson));
    try {
      const citizen = await loginAs(ctx.app, "warga@example.com");
      const inside = await report(citizen, p, { category: "lapor-lingkungan-kelurahan", kelurahan: KEL, description: "Di dalam poligon" });
      expect(inside.status).toBe(201);
      const admin = await loginAs(ctx.app, "admin@palembang.go.id");
      const view = await admin.request("GET", `/api/lapor/reports/${inside.body.id}`);
      expect(view.body.kelurahan!.code).toBe("16.71.01.1001");
      expect(view.body.routedUnit!.code).toBe("16.71.01.1001");
      const outside = await report(citizen, north(p, 1000), { description: "Di luar poligon" });
      expect(outside.status).toBe(422);
    } finally {
      await ctx.db.query("DELETE FROM region_boundaries WHERE tenant_id = '16.71'");
      await setTenantExtent(ctx.db, "16.71", extent);
      invalidateBoundaries("16.71");
    }
  });
});
