/**
 * The catalog tells the truth in the browser, on a 360 px phone: a service a national system holds says which
 * system and offers the right call to action (Balai's form for intake, the national system's link when Balai only
 * guides), and a retired service says why and points at its replacement instead of offering a form. axe-clean.
 */
import { describe, expect, it } from "vitest";
import { expectAccessible, hasHorizontalScroll, MOBILE, newContext, setupBrowserTests } from "./helpers.ts";

const t = setupBrowserTests();

describe("service pages", () => {
  it("name the national system with the right call to action, and retire what the law abolished", async () => {
    const ctx = await newContext(t.browser, t.server.url, MOBILE, { bypassCSP: true });
    const p = await ctx.newPage();

    // Intake: Balai checks the documents, SIMBG decides — Balai's own form plus a link to SIMBG.
    await p.goto("/layanan/persetujuan-bangunan-gedung");
    await p.getByRole("heading", { level: 1, name: /Persetujuan Bangunan Gedung/ }).waitFor();
    await p.getByText("Layanan ini diputus di sistem nasional SIMBG").waitFor();
    expect(await p.getByRole("button", { name: "Mulai permohonan" }).count()).toBe(1);
    expect(await p.getByRole("link", { name: "Buka SIMBG" }).getAttribute("href")).toBe("https://simbg.pu.go.id");
    expect(await hasHorizontalScroll(p)).toBe(false);
    await expectAccessible(p, "national intake service");

    // Guide: no form of Balai's own; the call to action is OSS itself.
    await p.goto("/layanan/pendampingan-nib-oss");
    await p.getByText("Layanan ini diputus di sistem nasional OSS-RBA").waitFor();
    expect(await p.getByRole("button", { name: "Mulai permohonan" }).count()).toBe(0);
    expect(await p.getByRole("link", { name: "Buka OSS-RBA" }).getAttribute("href")).toBe("https://oss.go.id");

    // Retired: the page says why and where to go instead.
    await p.goto("/layanan/surat-pengantar-pindah");
    await p.getByText("Layanan ini tidak berlaku lagi").waitFor();
    await p.getByText(/Perpres No\. 96 Tahun 2018/).waitFor();
    expect(await p.getByRole("button", { name: "Mulai permohonan" }).count()).toBe(0);
    await expectAccessible(p, "retired service");
    await p.getByRole("link", { name: "Lihat layanan penggantinya" }).click();
    await p.getByRole("heading", { level: 1, name: /Surat Pindah \(SKPWNI\)/ }).waitFor();
    await ctx.close();
  });
});
