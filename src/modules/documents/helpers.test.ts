import { describe, expect, it } from "vitest";
import { benchDocuments } from "./bench.ts";
import { formatNumber, roleTitle } from "./letter.ts";
import { tanggalIndonesia } from "./pdf.ts";

describe("document helpers", () => {
  it("numbers, titles and dates in Indonesian", () => {
    const d = new Date("2026-03-05T20:00:00Z"); // 6 March in WIB
    expect(formatNumber("470/{seq}/KEL-{unit}/{year}", { seq: 12, date: d, timezone: "Asia/Jakarta", unitCode: "16.71.04.1003" })).toBe("470/12/KEL-1003/2026");
    expect(formatNumber("503/{seq}/IUTS/{month}/{year}", { seq: 7, date: d, timezone: "Asia/Jakarta", unitCode: "DPMPTSP" })).toBe("503/7/IUTS/III/2026");
    expect(tanggalIndonesia(d, "Asia/Jakarta")).toBe("6 Maret 2026");
    expect(roleTitle("lurah", "Kelurahan 26 Ilir I")).toBe("Lurah 26 Ilir I");
    expect(roleTitle("camat", "Kecamatan Klojen")).toBe("Camat Klojen");
    expect(roleTitle("opd_admin", "Dinas Kesehatan")).toBe("Kepala Dinas Kesehatan");
  });

  it("the benchmark function runs (RSA 2048, ECDSA P-256, verification)", { timeout: 120_000 }, async () => {
    const r = await benchDocuments({ durationMs: 0, minCount: 2 });
    expect(r.generateAndSign["rsa-2048"].count).toBe(2);
    expect(r.generateAndSign["ecdsa-p256"].perSecond).toBeGreaterThan(0);
    expect(r.verify.count).toBe(2);
  });
});
