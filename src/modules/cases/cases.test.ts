import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  applyFor,
  client,
  DEMO_ADDRESS,
  fillForm,
  loginAs,
  MALANG,
  setupPlatform,
  TINY_PDF,
  uploadTo,
  VALID_NIK,
  signUpCitizen,
} from "../../../test/helpers.ts";
import { escalateOverdueCases } from "./escalation.ts";

const ctx = setupPlatform();
const STRONG = "Sungai-Musi-Indah-77";

const newCitizen = (email: string) => signUpCitizen(ctx, email);

async function newStaff(email: string, unitCode: string, role: string) {
  const admin = await loginAs(ctx.app, "admin@palembang.go.id");
  const unit = await ctx.db.one<{ id: string }>("SELECT id FROM org_units WHERE tenant_id = '16.71' AND code = $1", [unitCode]);
  const res = await admin.request("POST", "/api/admin/staff", { name: `Petugas ${role}`, email, password: STRONG, unitId: unit!.id, role });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return loginAs(ctx.app, email, STRONG);
}

async function act(c: ReturnType<typeof client>, id: string, action: string, body: Record<string, unknown> = {}) {
  const view = await c.request("GET", `/api/cases/${id}`);
  return c.request("POST", `/api/cases/${id}/actions/${action}`, { version: view.body.version, ...body });
}

describe("catalog", () => {
  it("finds services by words, typos and life events, and shows a full service page", async () => {
    const c = client(ctx.app);
    const dom = await c.request("GET", "/api/catalog/services?q=domisili");
    expect(dom.body[0].key).toBe("surat-keterangan-domisili");
    const typo = await c.request("GET", "/api/catalog/services?q=domisli");
    expect(typo.body.map((s: { key: string }) => s.key)).toContain("surat-keterangan-domisili");
    const izin = await c.request("GET", "/api/catalog/services?q=izin%20usaha");
    expect(izin.body.length).toBeGreaterThan(0);
    const taxa = await c.request("GET", "/api/catalog/taxa");
    expect(taxa.body.categories.length).toBeGreaterThanOrEqual(15);
    expect(taxa.body.units.length).toBeGreaterThanOrEqual(15);
    const birth = await c.request("GET", "/api/catalog/services?lifeEvent=kelahiran");
    expect(birth.body.map((s: { key: string }) => s.key)).toContain("akta-kelahiran");
    const all = await c.request("GET", "/api/catalog/services?limit=600");
    expect(all.body.length).toBeGreaterThanOrEqual(120);
    const page = await c.request("GET", "/api/catalog/services/surat-keterangan-domisili");
    expect(page.body).toMatchObject({ prefix: "SKD", fee: { amount: 0 }, servedBy: "kelurahan", slaDays: 2 });
    expect(page.body.requirements.length).toBeGreaterThan(0);
    expect(page.body.legalBasis.length).toBeGreaterThan(0);
    expect((await c.request("GET", "/api/catalog/services/tidak-ada")).status).toBe(404);
  });
});

describe("Surat Keterangan Domisili: draft, correction, verification, signature, completion", () => {
  it("runs the whole lifecycle over HTTP, audited and notified at each step", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const draft = await citizen.request("POST", "/api/cases", { service: "surat-keterangan-domisili", data: { nama: "Maya Sari" } });
    expect(draft.status).toBe(201);
    // The draft can be left and resumed.
    const mine = await citizen.request("GET", "/api/cases/mine");
    expect(mine.body.find((c: { id: string }) => c.id === draft.body.id)!.state).toBe("draft");
    const incomplete = await citizen.request("POST", `/api/cases/${draft.body.id}/submit`, { version: draft.body.version });
    expect(incomplete.status).toBe(400);
    expect(incomplete.problem.errors!.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(["data.nik", "data.alamat", "data.ktp"]));

    const ktp = await uploadTo(ctx.app, citizen, draft.body.id, "ktp");
    expect(ktp.status).toBe(201);
    const data = { nik: VALID_NIK, nama: "Maya Sari", alamat: DEMO_ADDRESS, keperluan: "Syarat membuka rekening bank", ktp: ktp.body.id };
    const saved = await citizen.request("PUT", `/api/cases/${draft.body.id}/answers`, { version: draft.body.version, data });
    expect(saved.status).toBe(200);
    const submitted = await citizen.request("POST", `/api/cases/${draft.body.id}/submit`, { version: saved.body.version });
    expect(submitted.status).toBe(200);
    expect(submitted.body.number).toMatch(/^SKD-\d{4}-\d{6}$/);
    const id = draft.body.id;

    // The kelurahan of the address gets it; the Disdukcapil operator does not see it.
    const operator = await loginAs(ctx.app, "operator.kelurahan@palembang.go.id");
    const inbox = await operator.request("GET", "/api/inbox?service=surat-keterangan-domisili");
    expect(inbox.body.map((r: { id: string }) => r.id)).toContain(id);
    const other = await loginAs(ctx.app, "operator.dukcapil@palembang.go.id");
    expect((await other.request("GET", "/api/inbox")).body.map((r: { id: string }) => r.id)).not.toContain(id);
    expect((await other.request("GET", `/api/cases/${id}`)).status).toBe(404);

    // The lurah cannot verify (operator's step); the operator asks for a correction with a reason.
    const lurah = await loginAs(ctx.app, "lurah@palembang.go.id");
    expect((await act(lurah, id, "verify")).status).toBe(403);
    expect((await act(operator, id, "request_correction")).status).toBe(400);
    expect((await act(operator, id, "request_correction", { comment: "Foto KTP buram, mohon unggah ulang" })).status).toBe(200);

    // The citizen edits and resubmits.
    const back = await citizen.request("GET", `/api/cases/${id}`);
    expect(back.body.state).toBe("correction");
    expect(back.body.editable).toBe(true);
    const ktp2 = await uploadTo(ctx.app, citizen, id, "ktp");
    const edited = await citizen.request("PUT", `/api/cases/${id}/answers`, { version: back.body.version, data: { ...data, ktp: ktp2.body.id } });
    expect(edited.status).toBe(200);
    expect((await act(citizen, id, "resubmit")).status).toBe(200);

    expect((await act(operator, id, "verify")).status).toBe(200);
    expect((await act(lurah, id, "sign")).status).toBe(200);
    const noDoc = await act(operator, id, "complete");
    expect(noDoc.status).toBe(400);
    const letter = await uploadTo(ctx.app, operator, id, "", TINY_PDF, "surat-domisili.pdf", "application/pdf", "documents");
    expect(letter.status).toBe(201);
    expect((await act(operator, id, "complete", { fileIds: [letter.body.id] })).status).toBe(200);

    const done = await citizen.request("GET", `/api/cases/${id}`);
    expect(done.body).toMatchObject({ state: "completed", isOpen: false, outcome: "success" });
    expect(done.body.events.map((e: { kind: string; action: string | null }) => e.action ?? e.kind)).toEqual([
      "created",
      "submitted",
      "request_correction",
      "updated",
      "resubmit",
      "verify",
      "sign",
      "attachment",
      "complete",
    ]);
    const file = await ctx.app.inject({ url: `/api/files/${letter.body.id}`, headers: { "x-balai-tenant": "16.71", cookie: citizen.cookie! } });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("application/pdf");

    // The tracking link works without logging in and shows no personal data.
    const tracked = await client(ctx.app).request("GET", `/api/track/${submitted.body.trackingToken}`);
    expect(tracked.body).toMatchObject({ number: submitted.body.number, state: "completed" });
    expect(JSON.stringify(tracked.body)).not.toContain(VALID_NIK);
    expect(JSON.stringify(tracked.body)).not.toContain("Maya");

    const audit = await ctx.db.query<{ action: string }>("SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY seq", [id]);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["case.submitted", "case.request_correction", "case.resubmit", "case.verify", "case.sign", "case.complete"]),
    );
    const notes = await ctx.db.query<{ body: string }>("SELECT body FROM notifications WHERE template = 'cases.update' AND body LIKE $1", [
      `%${submitted.body.number}%`,
    ]);
    expect(notes.length).toBeGreaterThanOrEqual(6);
  });
});

describe("a DPMPTSP permit with a levy and an Disdukcapil application", () => {
  it("issues a reklame permit through verification, review, approval, payment and issuance", async () => {
    const citizen = await newCitizen("pemilik.reklame@example.com");
    const c = await applyFor(ctx.app, citizen, "izin-reklame");
    expect(c.number).toMatch(/^[A-Z]+-\d{4}-\d{6}$/);
    const op = await newStaff("op.dpmptsp@palembang.go.id", "DPMPTSP", "opd_operator");
    const kadis = await loginAs(ctx.app, "kadis.dpmptsp@palembang.go.id");
    expect((await act(op, c.id, "verify")).status).toBe(200);
    const survey = await uploadTo(ctx.app, op, c.id, "", TINY_PDF, "survei.pdf", "application/pdf", "documents");
    expect((await act(op, c.id, "technical_review", { comment: "Lokasi sesuai", fileIds: [survey.body.id] })).status).toBe(200);
    expect((await act(op, c.id, "approve", { fileIds: [survey.body.id] })).status).toBe(403);
    const skrd = await uploadTo(ctx.app, kadis, c.id, "", TINY_PDF, "skrd.pdf", "application/pdf", "documents");
    expect((await act(kadis, c.id, "approve", { fileIds: [skrd.body.id] })).status).toBe(200);
    expect((await act(op, c.id, "confirm_payment")).status).toBe(200);
    const izin = await uploadTo(ctx.app, op, c.id, "", TINY_PDF, "izin.pdf", "application/pdf", "documents");
    expect((await act(op, c.id, "issue", { fileIds: [izin.body.id] })).status).toBe(200);
    expect((await citizen.request("GET", `/api/cases/${c.id}`)).body).toMatchObject({ state: "issued", isOpen: false });
  });

  it("rejects a birth certificate application with a reason, and lets a citizen withdraw another", async () => {
    const citizen = await newCitizen("ibu.baru@example.com");
    const c = await applyFor(ctx.app, citizen, "akta-kelahiran");
    const op = await loginAs(ctx.app, "operator.dukcapil@palembang.go.id");
    expect((await act(op, c.id, "reject")).status).toBe(400);
    expect((await act(op, c.id, "reject", { comment: "Surat keterangan lahir tidak terbaca" })).status).toBe(200);
    const after = await citizen.request("GET", `/api/cases/${c.id}`);
    expect(after.body).toMatchObject({ state: "rejected", outcome: "failure", actions: [] });
    expect((await act(op, c.id, "verify")).status).toBe(409);

    const c2 = await applyFor(ctx.app, citizen, "akta-kelahiran");
    expect((await act(citizen, c2.id, "withdraw")).status).toBe(200);
    expect((await citizen.request("GET", `/api/cases/${c2.id}`)).body.state).toBe("withdrawn");
  });
});

describe("bad input", () => {
  it("checks NIK structure, unknown fields, addresses outside the city and choices", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const draft = await citizen.request("POST", "/api/cases", { service: "surat-keterangan-domisili" });
    const bad = async (data: Record<string, unknown>) =>
      (await citizen.request("PUT", `/api/cases/${draft.body.id}/answers`, { version: draft.body.version, data })).body.errors;
    expect(await bad({ nik: "123" })).toContainEqual(expect.objectContaining({ field: "data.nik", code: "nik-format" }));
    expect(await bad({ nik: "9999994503900001" })).toContainEqual(expect.objectContaining({ code: "nik-region" }));
    expect(await bad({ nik: "1671043213900001" })).toContainEqual(expect.objectContaining({ code: "nik-birthdate" }));
    expect(await bad({ nik: "1671044503900000" })).toContainEqual(expect.objectContaining({ code: "nik-serial" }));
    expect(await bad({ nik: "1671040503900001" })).toBeUndefined(); // a man born 5 March 1990
    expect(await bad({ hobi: "x" })).toContainEqual(expect.objectContaining({ field: "data.hobi", code: "additionalProperties" }));
    expect(await bad({ alamat: { ...DEMO_ADDRESS, kelurahan: "35.73.01.1001", kecamatan: "35.73.01" } })).toContainEqual(
      expect.objectContaining({ field: "data.alamat.kelurahan" }),
    );
    expect(await bad({ ktp: "00000000-0000-0000-0000-000000000000" })).toContainEqual(expect.objectContaining({ field: "data.ktp", code: "file-missing" }));
  });

  it("refuses forged file types and oversize uploads, and strips EXIF from photos", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const draft = await citizen.request("POST", "/api/cases", { service: "surat-keterangan-domisili" });
    const forged = await uploadTo(ctx.app, citizen, draft.body.id, "ktp", Buffer.from("MZ this is really an executable"), "ktp.jpg", "image/jpeg");
    expect(forged.status).toBe(400);
    expect(forged.problem.errors![0].code).toBe("file-type");
    const huge = await uploadTo(ctx.app, citizen, draft.body.id, "ktp", Buffer.alloc(50 * 1024 * 1024, 1), "big.pdf", "application/pdf");
    expect(huge.status).toBe(413);
    expect(huge.problem.errors![0].code).toBe("file-too-large");
    const tooBigForField = await uploadTo(
      ctx.app,
      citizen,
      draft.body.id,
      "ktp",
      Buffer.concat([TINY_PDF, Buffer.alloc(6 * 1024 * 1024)]),
      "ktp.pdf",
      "application/pdf",
    );
    expect(tooBigForField.problem.errors![0].code).toBe("file-too-large");

    const photo = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#c00" } })
      .jpeg()
      .withExif({ IFD0: { Artist: "Maya Sari", Copyright: "GPS -2.9761,104.7754" } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const up = await uploadTo(ctx.app, citizen, draft.body.id, "ktp", photo, "ktp.jpg", "image/jpeg");
    expect(up.status).toBe(201);
    const stored = await ctx.app.inject({ url: `/api/files/${up.body.id}`, headers: { "x-balai-tenant": "16.71", cookie: citizen.cookie! } });
    expect((await sharp(stored.rawPayload).metadata()).exif).toBeUndefined();
  });

  it("hides other citizens' drafts and refuses stale versions", async () => {
    const owner = await loginAs(ctx.app, "warga@example.com");
    const draft = await owner.request("POST", "/api/cases", { service: "surat-keterangan-domisili" });
    const stranger = await newCitizen("tetangga@example.com");
    expect((await stranger.request("GET", `/api/cases/${draft.body.id}`)).status).toBe(404);
    expect((await stranger.request("PUT", `/api/cases/${draft.body.id}/answers`, { version: 1, data: {} })).status).toBe(404);
    expect((await stranger.request("POST", `/api/cases/${draft.body.id}/submit`, { version: 1 })).status).toBe(404);
    expect((await client(ctx.app).request("GET", `/api/cases/${draft.body.id}`)).status).toBe(404);
    await owner.request("PUT", `/api/cases/${draft.body.id}/answers`, { version: 1, data: { nama: "A" } });
    const stale = await owner.request("PUT", `/api/cases/${draft.body.id}/answers`, { version: 1, data: { nama: "B" } });
    expect(stale.status).toBe(409);
  });

  it("sends complaints to e-Lapor instead of opening them as applications", async () => {
    const owner = await loginAs(ctx.app, "warga@example.com");
    const res = await owner.request("POST", "/api/cases", { service: "lapor-sampah" });
    expect(res.status).toBe(400);
    expect(res.problem.type).toBe("/problems/complaint-use-lapor");
    expect(await ctx.db.query("SELECT 1 FROM cases WHERE service_key = 'lapor-sampah' AND state = 'draft'")).toHaveLength(0);
  });

  it("keeps cases inside their tenant", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const c = await applyFor(ctx.app, citizen, "surat-keterangan-domisili");
    citizen.tenant = MALANG;
    // Not a session in Malang, and the case does not exist there: the same 404 as for any unknown id.
    expect((await citizen.request("GET", `/api/cases/${c.id}`)).status).toBe(404);
    expect((await citizen.request("GET", "/api/cases/mine")).status).toBe(401);
    const anon = client(ctx.app, MALANG);
    expect((await anon.request("GET", `/api/track/${c.trackingToken}`)).status).toBe(404);
    const malangCatalog = await anon.request("GET", "/api/catalog/services?q=domisili");
    expect(malangCatalog.body[0].key).toBe("surat-keterangan-domisili");
    expect((await anon.request("GET", "/api/catalog/services/antrean-poli-rsud")).status).toBe(404);
  });
});

describe("concurrency", () => {
  it("numbers 20 parallel submissions uniquely and without gaps", async () => {
    const citizen = await newCitizen("paralel@example.com");
    const detail = await citizen.request("GET", "/api/catalog/services/surat-keterangan-tidak-mampu");
    const drafts = [];
    for (let i = 0; i < 20; i++) {
      const d = await citizen.request("POST", "/api/cases", { service: "surat-keterangan-tidak-mampu" });
      const data = await fillForm(ctx.app, citizen, d.body.id, detail.body.form.fields);
      const s = await citizen.request("PUT", `/api/cases/${d.body.id}/answers`, { version: d.body.version, data });
      drafts.push({ id: d.body.id, version: s.body.version });
    }
    const results = await Promise.all(drafts.map((d) => citizen.request("POST", `/api/cases/${d.id}/submit`, { version: d.version })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const seqs = results.map((r) => Number(r.body.number.split("-")[2])).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(20);
    expect(seqs[19] - seqs[0]).toBe(19);
  });

  it("keeps counting past six digits", async () => {
    const citizen = await newCitizen("sejuta@example.com");
    const detail = await citizen.request("GET", "/api/catalog/services/surat-keterangan-tidak-mampu");
    const d = await citizen.request("POST", "/api/cases", { service: "surat-keterangan-tidak-mampu" });
    const data = await fillForm(ctx.app, citizen, d.body.id, detail.body.form.fields);
    const saved = await citizen.request("PUT", `/api/cases/${d.body.id}/answers`, { version: d.body.version, data });
    const { prefix } = (await ctx.db.one<{ prefix: string }>(
      "SELECT prefix FROM services WHERE tenant_id = '16.71' AND key = 'surat-keterangan-tidak-mampu'",
    ))!;
    const year = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta", year: "numeric" }).format(new Date());
    await ctx.db.query(
      `INSERT INTO case_counters (tenant_id, prefix, year, last) VALUES ('16.71', $1, $2, 999999)
       ON CONFLICT (tenant_id, prefix, year) DO UPDATE SET last = 999999`,
      [prefix, Number(year)],
    );
    const res = await citizen.request("POST", `/api/cases/${d.body.id}/submit`, { version: saved.body.version });
    expect(res.body.number).toBe(`${prefix}-${year}-1000000`);
  });

  it("lets exactly one of two parallel transitions win", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const c = await applyFor(ctx.app, citizen, "surat-keterangan-domisili");
    const op = await loginAs(ctx.app, "operator.kelurahan@palembang.go.id");
    const view = await op.request("GET", `/api/cases/${c.id}`);
    const [a, b] = await Promise.all([
      op.request("POST", `/api/cases/${c.id}/actions/verify`, { version: view.body.version }),
      op.request("POST", `/api/cases/${c.id}/actions/reject`, { version: view.body.version, comment: "Duplikat" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const events = (await op.request("GET", `/api/cases/${c.id}`)).body.events.filter((e: { kind: string }) => e.kind === "transition");
    expect(events).toHaveLength(1);
  });
});

describe("staff inbox, exports and escalation", () => {
  it("filters, searches and exports CSV and XLSX", async () => {
    const op = await loginAs(ctx.app, "operator.kelurahan@palembang.go.id");
    const all = await op.request("GET", "/api/inbox?status=all&limit=200");
    expect(all.body.length).toBeGreaterThan(0);
    const one = all.body[0];
    const byNumber = await op.request("GET", `/api/inbox?status=all&q=${one.number}`);
    expect(byNumber.body.map((r) => r.number)).toEqual([one.number]);
    // the start of a number in any case, its digits, the applicant's name; LIKE wildcards are literal
    const numbers = (rows: Array<{ number: string | null }>) => rows.map((r) => r.number);
    const prefix = one.number!.slice(0, one.number!.lastIndexOf("-") + 1).toLowerCase();
    expect(numbers((await op.request("GET", `/api/inbox?status=all&limit=200&q=${prefix}`)).body)).toContain(one.number);
    const digits = one.number!.slice(one.number!.indexOf("-") + 1);
    expect(numbers((await op.request("GET", `/api/inbox?status=all&q=${digits}`)).body)).toContain(one.number);
    const byName = (await op.request("GET", `/api/inbox?status=all&q=${encodeURIComponent(one.applicantName!.slice(0, 4).toLowerCase())}`)).body;
    expect(byName.length, JSON.stringify(one)).toBeGreaterThan(0);
    expect((await op.request("GET", "/api/inbox?status=all&q=%25")).body).toEqual([]);
    const byKel = await op.request("GET", "/api/inbox?kelurahan=16.71.04.1003&status=all");
    expect(byKel.body.every((r) => r.kelurahan!.code === "16.71.04.1003")).toBe(true);
    const overdue = await op.request("GET", "/api/inbox?sla=overdue");
    expect(overdue.status).toBe(200);
    const csv = await ctx.app.inject({ url: "/api/inbox/export?format=csv&status=all", headers: { "x-balai-tenant": "16.71", cookie: op.cookie! } });
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.body.split("\r\n").length).toBe(all.body.length + 2);
    const xlsx = await ctx.app.inject({ url: "/api/inbox/export?format=xlsx&status=all", headers: { "x-balai-tenant": "16.71", cookie: op.cookie! } });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    expect((await client(ctx.app).request("GET", "/api/inbox")).status).toBe(401);
    expect((await (await loginAs(ctx.app, "warga@example.com")).request("GET", "/api/inbox")).status).toBe(403);
  });

  it("escalates overdue steps once to the unit head", async () => {
    const citizen = await loginAs(ctx.app, "warga@example.com");
    const c = await applyFor(ctx.app, citizen, "surat-keterangan-domisili");
    const later = new Date(Date.now() + 30 * 86400_000);
    expect(await escalateOverdueCases(ctx.db, later)).toBeGreaterThan(0);
    expect(await escalateOverdueCases(ctx.db, later)).toBe(0);
    const op = await loginAs(ctx.app, "operator.kelurahan@palembang.go.id");
    const view = await op.request("GET", `/api/cases/${c.id}`);
    expect(view.body.escalated).toBe(true);
    expect(view.body.events.at(-1)!.kind).toBe("escalated");
    const mail = await ctx.db.one("SELECT 1 FROM notifications WHERE recipient = 'lurah@palembang.go.id' AND template = 'cases.escalated' AND body LIKE $1", [
      `%${c.number}%`,
    ]);
    expect(mail).toBeTruthy();
  });
});
