/**
 * Words, not codes: a case moved through verify and sign shows the workflow's labels in the staff history, and the
 * audit log reads as sentences an auditor can follow, filtered by person and date, with each raw entry one click away.
 * Screenshots (1280 px and 360 px) of the audit log land in docs/screenshots/.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSession, DESKTOP, expectUsable, launchBrowser, MOBILE, newContext, ROOT, startServer, type TestServer, uiLogin } from "./helpers.ts";

const PDF = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
const SHOTS = path.join(ROOT, "docs/screenshots");

let server: TestServer;
let browser: Browser;
let kase: { id: string; number: string };

/** A Surat Keterangan Domisili filed by the demo citizen, verified by the kelurahan operator and signed by the lurah. */
async function signedCase(): Promise<{ id: string; number: string }> {
  const citizen = await apiSession(server.url, "warga@example.com");
  const draft = await citizen.call("POST", "/api/cases", { service: "surat-keterangan-domisili" });
  const ktp = await citizen.upload(`/api/cases/${draft.id}/files?field=ktp`, { bytes: PDF, name: "ktp.pdf", type: "application/pdf" });
  const saved = await citizen.call("PUT", `/api/cases/${draft.id}/answers`, {
    version: draft.version,
    data: {
      nik: "1671044503900001",
      nama: "Maya Sari",
      alamat: { street: "Jl. Merdeka 10", kecamatan: "16.71.04", kelurahan: "16.71.04.1003" },
      keperluan: "Buka rekening",
      ktp: ktp.id,
    },
  });
  const submitted = await citizen.call("POST", `/api/cases/${draft.id}/submit`, { version: saved.version });
  const operator = await apiSession(server.url, "operator.kelurahan@palembang.go.id");
  const verified = await operator.call("POST", `/api/cases/${draft.id}/actions/verify`, { version: submitted.version });
  const lurah = await apiSession(server.url, "lurah@palembang.go.id");
  await lurah.call("POST", `/api/cases/${draft.id}/actions/sign`, { version: verified.version });
  return { id: draft.id, number: submitted.number };
}

async function staffPage(identifier: string, viewport = DESKTOP): Promise<Page> {
  const ctx = await newContext(browser, server.url, viewport, { bypassCSP: true });
  const p = await ctx.newPage();
  await uiLogin(p, identifier);
  await p.waitForURL(/\/konsol/);
  return p;
}

const sentences = (p: Page) => p.getByTestId("audit-sentence").allTextContents();
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  kase = await signedCase();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("words, not codes", () => {
  it("shows the staff case history in the workflow's words", async () => {
    const op = await staffPage("operator.kelurahan@palembang.go.id");
    await op.goto(`/konsol/permohonan/${kase.id}`);
    await op.getByRole("heading", { level: 1, name: kase.number }).waitFor();
    const history = op.getByTestId("case-timeline");
    await history.getByText("Ditandatangani lurah").waitFor();
    const text = (await history.textContent()) ?? "";
    expect(text).toContain("Verifikasi");
    expect(text).toContain("Tandatangani");
    expect(text).toContain("oleh Dedi Kurniawan (Lurah)");
    expect(text).toContain("(Operator OPD)");
    // No workflow or role codes ("lurah" is a word here, but never the role code in brackets).
    expect(text).not.toMatch(/\b(verify|sign|signed|verified|submitted|opd_operator|citizen)\b/);
    expect(text).not.toContain("(lurah)");
    // The inbox names the state too.
    await op.goto("/konsol/permohonan?status=all");
    await op.getByRole("link", { name: kase.number }).waitFor();
    const row = op.locator("tbody tr").filter({ hasText: kase.number });
    expect(await row.textContent()).toContain("Ditandatangani lurah");
    await op.context().close();
  });

  it("reads the audit log as sentences, filters by person and date, and opens the raw entry", async () => {
    const au = await staffPage("auditor@palembang.go.id");
    await au.goto("/konsol/audit");
    await au.getByRole("heading", { level: 1, name: "Log audit" }).waitFor();
    // The newest entries: the lurah's signature, by role, name, verb and case number.
    const signed = `Lurah Dedi Kurniawan menandatangani ${kase.number}`;
    await au.getByTestId("audit-sentence").filter({ hasText: signed }).first().waitFor();
    expect((await sentences(au)).some((s) => s.startsWith(`Operator OPD Nurul Fitri memverifikasi ${kase.number}`))).toBe(true);
    await expectUsable(au, "audit log");
    await au.screenshot({ path: path.join(SHOTS, "audit-1280.png"), fullPage: false });

    // By person: only the operator's entries.
    await au.getByLabel("Orang (nama atau email)").fill("Nurul");
    await au.getByRole("button", { name: "Tampilkan" }).click();
    await au.getByRole("table", { name: "Log audit (tersaring)" }).waitFor();
    const byPerson = await sentences(au);
    expect(byPerson.length).toBeGreaterThan(0);
    expect(byPerson.every((s) => s.includes("Nurul Fitri"))).toBe(true);
    expect(byPerson.some((s) => s.includes("Dedi Kurniawan"))).toBe(false);

    // By date: today keeps the operator's verification, a day long ago has nothing.
    await au.getByLabel("Dari tanggal").fill(today());
    await au.getByLabel("Sampai tanggal").fill(today());
    await au.getByRole("button", { name: "Tampilkan" }).click();
    await au
      .getByTestId("audit-sentence")
      .filter({ hasText: `memverifikasi ${kase.number}` })
      .waitFor();
    await au.getByLabel("Dari tanggal").fill("2020-01-01");
    await au.getByLabel("Sampai tanggal").fill("2020-01-31");
    await au.getByRole("button", { name: "Tampilkan" }).click();
    await au.getByText("Tidak ada entri yang cocok dengan saringan ini.").waitFor();

    // Back to everything; the raw entry of the signature opens in place.
    await au.getByRole("button", { name: "Hapus saringan" }).click();
    const row = au.locator("tbody tr").filter({ hasText: signed }).first();
    await row.waitFor();
    expect(await row.locator("details").getAttribute("open")).toBeNull();
    await row.getByText("Lihat entri asli").click();
    const raw = row.locator("details");
    expect(await raw.getAttribute("open")).not.toBeNull();
    await raw.getByText("case.sign", { exact: true }).waitFor();
    expect(await raw.textContent()).toContain(`"number": "${kase.number}"`);
    await au.context().close();
  });

  it("keeps the audit filters in the address: a reload, a shared link, back and forward show the same view", async () => {
    const au = await staffPage("auditor@palembang.go.id");
    await au.goto("/konsol/audit");
    await au.getByTestId("audit-sentence").first().waitFor();
    await au.getByLabel("Orang (nama atau email)").fill("Nurul");
    await au.getByLabel("Dari tanggal").fill(today());
    await au.getByRole("button", { name: "Tampilkan" }).click();
    await au.waitForURL((u) => u.searchParams.get("person") === "Nurul" && u.searchParams.get("from") === today());
    await au.getByRole("table", { name: "Log audit (tersaring)" }).waitFor();
    const filtered = async () => {
      await au.getByRole("table", { name: "Log audit (tersaring)" }).waitFor();
      await au.getByTestId("audit-sentence").first().waitFor();
      const s = await sentences(au);
      return s.length > 0 && s.every((x) => x.includes("Nurul Fitri"));
    };
    expect(await filtered()).toBe(true);

    // A reload keeps the filters, in the form and in the list.
    await au.reload();
    await au.getByRole("heading", { level: 1, name: "Log audit" }).waitFor();
    expect(await au.getByLabel("Orang (nama atau email)").inputValue()).toBe("Nurul");
    expect(await au.getByLabel("Dari tanggal").inputValue()).toBe(today());
    expect(await filtered()).toBe(true);

    // Back: the unfiltered log and an empty form; forward: the filtered view again.
    await au.goBack();
    await au.getByRole("table", { name: "Log audit", exact: true }).waitFor();
    expect(await au.getByLabel("Orang (nama atau email)").inputValue()).toBe("");
    await expect.poll(async () => (await sentences(au)).some((x) => x.includes("Dedi Kurniawan"))).toBe(true);
    await au.goForward();
    await au.getByRole("table", { name: "Log audit (tersaring)" }).waitFor();
    expect(await au.getByLabel("Orang (nama atau email)").inputValue()).toBe("Nurul");
    expect(await filtered()).toBe(true);
    await au.context().close();

    // A link shared with a colleague opens the same view (here: one case number).
    const other = await staffPage("auditor@palembang.go.id");
    await other.goto(`/konsol/audit?subject=${encodeURIComponent(kase.number)}`);
    await other.getByRole("table", { name: "Log audit (tersaring)" }).waitFor();
    expect(await other.getByLabel("Objek (nomor permohonan)").inputValue()).toBe(kase.number);
    await other.getByTestId("audit-sentence").first().waitFor();
    const ofCase = await sentences(other);
    expect(ofCase.some((x) => x.includes(`menandatangani ${kase.number}`))).toBe(true);
    expect(ofCase.some((x) => /SKD-\d{4}-\d{6}/.test(x) && !x.includes(kase.number))).toBe(false);
    // Resetting leaves the address clean.
    await other.getByRole("button", { name: "Hapus saringan" }).click();
    await other.waitForURL((u) => u.pathname === "/konsol/audit" && u.search === "");
    await other.context().close();
  });

  it("fits the audit log on a 360 px phone", async () => {
    const m = await staffPage("auditor@palembang.go.id", MOBILE);
    await m.goto("/konsol/audit");
    await m.getByTestId("audit-sentence").first().waitFor();
    await expectUsable(m, "audit log at 360 px");
    // The list, not only the filters above it.
    await m.getByTestId("audit-sentence").first().scrollIntoViewIfNeeded();
    await m.screenshot({ path: path.join(SHOTS, "audit-360.png"), fullPage: false });
    await m.context().close();
  });
});
