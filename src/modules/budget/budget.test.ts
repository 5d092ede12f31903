import { randomBytes, verify } from "node:crypto";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cliOn } from "../../../test/cli/in-process.ts";
import { type Client, client, loginAs, PALEMBANG, postMultipart, setupPlatform, TINY_PDF, TINY_PNG, testConfig } from "../../../test/helpers.ts";
import { lineKey } from "./codes.ts";

const YEAR = 2031;
const HEADER = "kode_opd,kode_sub_kegiatan,kode_rekening,uraian,volume,satuan,harga_satuan,jumlah,kode_standar";
const ROWS = [
  "DISKOMINFO,2.16.03.2.02.0001,5.1.02.02.01.0063,Langganan internet,12,bulan,1000000,12000000,",
  "DISKOMINFO,2.16.03.2.02.0005,5.2.02.10.01.0002,Komputer operator,10,unit,15000000,150000000,SSH-PC",
  'DISKOMINFO,2.16.01.2.01.0001,5.1.02.01.01.0052,"Makan minum rapat, penyusunan RKA",100,kotak,40000,4000000,',
  "DINKES,1.02.02.2.02.0001,5.1.02.01.01.0052,Kelas ibu hamil,200,kotak,35000,7000000,",
];
const KEY_INTERNET = lineKey("DISKOMINFO", "2.16.03.2.02.0001", "5.1.02.02.01.0063", "Langganan internet");
const KEY_PC = lineKey("DISKOMINFO", "2.16.03.2.02.0005", "5.2.02.10.01.0002", "Komputer operator");
const KEY_DINKES = lineKey("DINKES", "1.02.02.2.02.0001", "5.1.02.01.01.0052", "Kelas ibu hamil");

/** multipart/form-data with text fields and optional files, as a browser sends it. */
function multipart(fields: Record<string, string>, files: { field: string; filename: string; type: string; bytes: Buffer }[]) {
  const boundary = `----balai${randomBytes(8).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files)
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`),
      f.bytes,
      Buffer.from("\r\n"),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

describe("budget mirror (APBD): import, locks, revisions, tamper evidence", () => {
  const s = setupPlatform();

  const send = <const U extends string>(c: Client, url: U, fields: Record<string, string>, files: Parameters<typeof multipart>[1]) =>
    postMultipart(s.app, c, url, multipart(fields, files));
  const importCsv = (c: Client, csv: string, name = "rka.csv") =>
    send(c, `/api/budget/${YEAR}/import`, {}, [{ field: "file", filename: name, type: "text/csv", bytes: Buffer.from(csv) }]);
  const pdf = (field = "decree") => ({ field, filename: "sk.pdf", type: "application/pdf", bytes: TINY_PDF });
  /** A pergeseran by the Sekda's decree: the internet line down to 10 juta, the PC line to `pcAmount`. */
  const shiftPcBudget = (c: Client, reason: string, pcAmount: number) =>
    send(
      c,
      `/api/budget/${YEAR}/revisions`,
      {
        revision: JSON.stringify({
          kind: "pergeseran",
          reason,
          approver: "Sekda (Ketua TAPD)",
          decreeNumber: "Kepwal 410/2031",
          changes: [
            { lineKey: KEY_INTERNET, amount: 10000000 },
            { lineKey: KEY_PC, amount: pcAmount },
          ],
        }),
      },
      [pdf()],
    );
  const amounts = async () =>
    new Map(
      (
        await s.db.query<{ line_key: string; amount: string }>("SELECT line_key, amount FROM budget_lines WHERE tenant_id = $1 AND year = $2", [
          PALEMBANG,
          YEAR,
        ])
      ).map((r) => [r.line_key, Number(r.amount)]),
    );
  const cli = () => cliOn(s.db, testConfig());

  it("imports RKA lines during drafting only; wrong codes are refused with line and column; OPD staff import their own OPD only", async () => {
    const tapd = await loginAs(s.app, "tapd@palembang.go.id");
    const ssh = await tapd.request("PUT", `/api/budget/${YEAR}/price-standards/SSH-PC`, {
      kind: "SSH",
      name: "Personal computer",
      unit: "unit",
      price: 16000000,
    });
    expect(ssh.status, JSON.stringify(ssh.body)).toBe(200);
    // drafting closed: refused per row
    const closed = await importCsv(tapd, [HEADER, ...ROWS].join("\n"));
    expect(closed.status).toBe(400);
    expect(closed.problem.errors![0]).toMatchObject({ field: "line 2, column A", code: "budget-drafting-closed" });
    for (const unit of ["DISKOMINFO", "DINKES"]) expect((await tapd.request("PUT", `/api/budget/${YEAR}/drafting/${unit}`, { open: true })).status).toBe(200);

    const bad = await importCsv(
      tapd,
      [
        HEADER,
        ROWS[0],
        "DISKOMINFO,2.16.3.2.02.0001,5.1.02.02.01.0063,Salah kode,1,x,10,10,",
        "DINKES,1.02.02.2.02.0001,5.1.02.01.52,Salah rekening,1,x,10,10,",
      ].join("\n"),
    );
    expect(bad.status).toBe(400);
    expect(bad.problem.errors!.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      "line 3, column B:budget-bad-code",
      "line 4, column C:budget-bad-code",
    ]);
    expect(bad.problem.errors![0].message).toContain("Baris 3, kolom B");
    expect((await amounts()).size).toBe(0);

    const over = await importCsv(tapd, [HEADER, "DISKOMINFO,2.16.03.2.02.0005,5.2.02.10.01.0002,Komputer mahal,1,unit,17000000,17000000,SSH-PC"].join("\n"));
    expect(over.problem.errors![0]).toMatchObject({ field: "line 2, column G", code: "budget-over-standard" });

    const ok = await importCsv(tapd, [HEADER, ...ROWS].join("\n"));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ units: ["DINKES", "DISKOMINFO"], rows: 4, total: 173000000 });
    const lines = await tapd.request("GET", `/api/budget/${YEAR}/lines?unit=DISKOMINFO`);
    expect(lines.body, JSON.stringify(lines.body)).toHaveLength(3);
    expect(lines.body.find((l: { lineKey: string }) => l.lineKey === KEY_INTERNET)).toMatchObject({
      program: "2.16.03",
      programName: "Program Aplikasi Informatika",
      accountName: "Belanja Kawat/Faksimili/Internet/TV Berlangganan",
      amount: 12000000,
    });

    // An XLSX export of the same shape works too (DINKES re-imported with a changed amount).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("RKA");
    ws.addRow(HEADER.split(","));
    ws.addRow(["DINKES", "1.02.02.2.02.0001", "5.1.02.01.01.0052", "Kelas ibu hamil", 240, "kotak", 35000, 8400000, ""]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const x = await send(tapd, `/api/budget/${YEAR}/import`, {}, [{ field: "file", filename: "rka.xlsx", type: "application/octet-stream", bytes: xlsx }]);
    expect(x.status, JSON.stringify(x.body)).toBe(200);
    expect((await amounts()).get(KEY_DINKES)).toBe(8400000);

    // Disdukcapil's operator may not import Diskominfo's lines.
    const dukcapil = await loginAs(s.app, "operator.dukcapil@palembang.go.id");
    const foreign = await importCsv(dukcapil, [HEADER, ROWS[0]].join("\n"));
    expect(foreign.status).toBe(400);
    expect(foreign.problem.errors![0]).toMatchObject({ code: "forbidden" });
    expect((await client(s.app).request("GET", `/api/budget/${YEAR}/lines`)).status).toBe(401);
  });

  it("a locked sub kegiatan and locked price standards cannot change", async () => {
    const tapd = await loginAs(s.app, "tapd@palembang.go.id");
    expect((await tapd.request("PUT", `/api/budget/${YEAR}/sub-activities/2.16.03.2.02.0005/lock`, { locked: true })).status).toBe(200);
    const changed = await importCsv(tapd, [HEADER, ROWS[0], ROWS[1].replace("10,unit,15000000,150000000", "11,unit,15000000,165000000"), ROWS[2]].join("\n"));
    expect(changed.status).toBe(400);
    expect(changed.problem.errors![0]).toMatchObject({ field: "line 3, column B", code: "budget-sub-activity-locked" });
    expect((await amounts()).get(KEY_PC)).toBe(150000000);
    expect((await tapd.request("PUT", `/api/budget/${YEAR}/price-standards/lock`, { locked: true })).status).toBe(200);
    const std = await tapd.request("PUT", `/api/budget/${YEAR}/price-standards/SSH-PC`, { kind: "SSH", name: "PC", unit: "unit", price: 99000000 });
    expect(std.status).toBe(423);
  });

  it("approval locks the year; revisions must balance and carry a PDF decree; versions side by side", async () => {
    const tapd = await loginAs(s.app, "tapd@palembang.go.id");
    const png = await send(tapd, `/api/budget/${YEAR}/approve`, { perdaNumber: "Perda 12/2030", approver: "DPRD" }, [
      { field: "decree", filename: "perda.png", type: "image/png", bytes: TINY_PNG },
    ]);
    expect(png.status).toBe(400);
    expect(png.problem.errors![0]).toMatchObject({ field: "decree", code: "file-type" });
    const approved = await send(tapd, `/api/budget/${YEAR}/approve`, { perdaNumber: "Perda Kota Palembang 12/2030", approver: "DPRD Kota Palembang" }, [pdf()]);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", lines: 4, total: 174400000 });
    // no edit after locking
    const after = await importCsv(tapd, [HEADER, ...ROWS].join("\n"));
    expect(after.status).toBe(423);
    expect((await tapd.request("PUT", `/api/budget/${YEAR}/drafting/DISKOMINFO`, { open: true })).status).toBe(423);

    const before = await amounts();
    const unbalanced = await shiftPcBudget(tapd, "Tambah komputer", 153000000);
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.problem.errors![0]).toMatchObject({ field: "changes", code: "budget-revision-unbalanced" });
    expect(await amounts()).toEqual(before);
    const noDecree = await send(tapd, `/api/budget/${YEAR}/revisions`, { revision: "{}" }, []);
    expect(noDecree.problem.errors![0]).toMatchObject({ field: "decree", code: "required" });

    const shift = await shiftPcBudget(tapd, "Tambah komputer operator", 152000000);
    expect(shift.status, JSON.stringify(shift.body)).toBe(200);
    expect(shift.body).toMatchObject({ number: 1, lines: 2, netChange: 0 });
    const change = await send(
      tapd,
      `/api/budget/${YEAR}/revisions`,
      {
        revision: JSON.stringify({
          kind: "perubahan",
          reason: "APBD Perubahan: tambahan layanan kesehatan",
          approver: "DPRD Kota Palembang",
          decreeNumber: "Perda 5/2031",
          netChange: 5000000,
          newLines: [
            { unitCode: "DINKES", subActivityCode: "1.02.02.2.02.0003", accountCode: "5.1.02.04.01.0001", description: "Kunjungan neonatal", amount: 5000000 },
          ],
        }),
      },
      [pdf()],
    );
    expect(change.status, JSON.stringify(change.body)).toBe(200);
    expect(change.body).toMatchObject({ number: 2, netChange: 5000000 });

    const side = await client(s.app).request("GET", `/api/public/budget/${YEAR}/versions?a=0&b=2`);
    expect(side.status).toBe(200);
    expect(side.body.a.total).toBe(174400000);
    expect(side.body.b.total).toBe(179400000);
    expect(side.body.rows.map((r) => [r.lineKey, r.a, r.b])).toEqual(
      [
        [KEY_INTERNET, 12000000, 10000000],
        [KEY_PC, 150000000, 152000000],
        [lineKey("DINKES", "1.02.02.2.02.0003", "5.1.02.04.01.0001", "Kunjungan neonatal"), null, 5000000],
      ].sort((p, q) => (p[0]! < q[0]! ? -1 : 1)),
    );
    const overview = await tapd.request("GET", `/api/budget/${YEAR}`);
    expect(overview.body.revisions.map((r: { number: number; kind: string }) => `${r.number}:${r.kind}`)).toEqual([
      "0:penetapan",
      "1:pergeseran",
      "2:perubahan",
    ]);
  });

  it("budget verify proves approved + revisions; a number changed in the database is found by its line", async () => {
    const run = cli();
    const good = await run("budget", "verify", "--tenant", PALEMBANG);
    expect(good.code, good.out).toBe(0);
    expect(good.out).toContain(`${YEAR} (approved): 5 lines, 2 revision(s) — matches approved + revisions`);

    await s.db.query("UPDATE budget_lines SET amount = amount + 1000 WHERE tenant_id = $1 AND year = $2 AND line_key = $3", [PALEMBANG, YEAR, KEY_DINKES]);
    const tampered = await run("budget", "verify", "--tenant", PALEMBANG);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain(`line ${KEY_DINKES}: expected 8400000.00, found 8401000.00`);
    expect(tampered.out).toContain("Kelas ibu hamil");
    // The same report over HTTP for the Inspektorat's auditor.
    const auditor = await loginAs(s.app, "auditor@palembang.go.id");
    const http = await auditor.request("GET", "/api/budget/verify");
    expect(http.status).toBe(200);
    expect(http.body.ok).toBe(false);
    expect(http.body.years.find((y: { year: number }) => y.year === YEAR)!.firstDifference).toMatchObject({
      lineKey: KEY_DINKES,
      expected: "8400000.00",
      found: "8401000.00",
    });
    await s.db.query("UPDATE budget_lines SET amount = amount - 1000 WHERE tenant_id = $1 AND year = $2 AND line_key = $3", [PALEMBANG, YEAR, KEY_DINKES]);
    expect((await run("budget", "verify", "--tenant", PALEMBANG)).code).toBe(0);

    // The history itself is append-only, and rewriting it behind the trigger is found too.
    await expect(s.db.query("DELETE FROM budget_chain WHERE tenant_id = $1", [PALEMBANG])).rejects.toThrow(/append-only/);
    await s.db.query("ALTER TABLE budget_revision_lines DISABLE TRIGGER budget_revision_lines_no_change");
    await s.db.query("UPDATE budget_revision_lines SET amount_after = 9000000 WHERE tenant_id = $1 AND year = $2 AND number = 0 AND line_key = $3", [
      PALEMBANG,
      YEAR,
      KEY_DINKES,
    ]);
    await s.db.query("UPDATE budget_lines SET amount = 9000000 WHERE tenant_id = $1 AND year = $2 AND line_key = $3", [PALEMBANG, YEAR, KEY_DINKES]);
    const rewritten = await run("budget", "verify", "--tenant", PALEMBANG);
    expect(rewritten.code).toBe(1);
    expect(rewritten.out).toContain("revision 0: its recorded lines or decree differ from what the chain holds");
    await s.db.query("UPDATE budget_revision_lines SET amount_after = 8400000 WHERE tenant_id = $1 AND year = $2 AND number = 0 AND line_key = $3", [
      PALEMBANG,
      YEAR,
      KEY_DINKES,
    ]);
    await s.db.query("UPDATE budget_lines SET amount = 8400000 WHERE tenant_id = $1 AND year = $2 AND line_key = $3", [PALEMBANG, YEAR, KEY_DINKES]);
    await s.db.query("ALTER TABLE budget_revision_lines ENABLE TRIGGER budget_revision_lines_no_change");
    expect((await run("budget", "verify", "--tenant", PALEMBANG)).code).toBe(0);
  });

  it("publishes signed daily roots, absorption and the approved budget as open data", async () => {
    const tapd = await loginAs(s.app, "tapd@palembang.go.id");
    const real = await send(tapd, `/api/budget/${YEAR}/realisation`, {}, [
      {
        field: "file",
        filename: "realisasi.csv",
        type: "text/csv",
        bytes: Buffer.from(
          [
            "kode_opd,kode_sub_kegiatan,kode_rekening,bulan,realisasi",
            "DISKOMINFO,2.16.03.2.02.0005,5.2.02.10.01.0002,3,76.000.000",
            "DINKES,1.02.02.2.02.0001,5.1.02.01.01.0052,13,1",
          ].join("\n"),
        ),
      },
    ]);
    expect(real.problem.errors![0]).toMatchObject({ field: "line 3, column D", code: "budget-bad-month" });
    const ok = await send(tapd, `/api/budget/${YEAR}/realisation`, {}, [
      {
        field: "file",
        filename: "realisasi.csv",
        type: "text/csv",
        bytes: Buffer.from(
          ["kode_opd,kode_sub_kegiatan,kode_rekening,bulan,realisasi", "DISKOMINFO,2.16.03.2.02.0005,5.2.02.10.01.0002,3,76.000.000"].join("\n"),
        ),
      },
    ]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const pub = client(s.app);
    const abs = await pub.request("GET", `/api/public/budget/${YEAR}/absorption`);
    const kominfo = abs.body.units.find((u: { unitCode: string }) => u.unitCode === "DISKOMINFO");
    expect(kominfo).toMatchObject({ budget: 166000000, realised: 76000000, pct: 45.8 });
    expect(kominfo!.programs.find((p: { program: string }) => p.program === "2.16.03")).toMatchObject({ budget: 162000000, realised: 76000000, pct: 46.9 });

    const roots = await pub.request("GET", "/api/public/budget/roots");
    expect(roots.status).toBe(200);
    const [today] = roots.body.roots;
    const head = await s.db.one<{ seq: string; hash: string }>("SELECT seq, hash FROM budget_chain WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1", [
      PALEMBANG,
    ]);
    expect(today).toMatchObject({ seq: Number(head?.seq), rootHash: head?.hash });
    const message = Buffer.from(`balai-budget-root|${PALEMBANG}|${today.day}|${today.seq}|${today.rootHash}`);
    expect(verify("sha256", message, roots.body.certificate, Buffer.from(today.signature, "base64"))).toBe(true);
    expect(verify("sha256", Buffer.from(`${message}x`), roots.body.certificate, Buffer.from(today.signature, "base64"))).toBe(false);

    const csv = await pub.request("GET", `/api/public/budget/${YEAR}/apbd.csv`);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    const lines = String(csv.body).trim().split("\r\n");
    expect(lines[0]).toBe(
      "tahun,kode_opd,kode_program,kode_kegiatan,kode_sub_kegiatan,nama_sub_kegiatan,kode_rekening,nama_rekening,uraian,volume,satuan,harga_satuan,jumlah",
    );
    expect(lines).toHaveLength(6);
    expect(lines.some((l) => l.includes('"Makan minum rapat, penyusunan RKA"'))).toBe(true);
    const dp = await pub.request("GET", `/api/public/budget/${YEAR}/datapackage.json`);
    expect(dp.body).toMatchObject({ profile: "fiscal-data-package", resources: [{ name: "apbd", path: "apbd.csv" }] });
    expect(dp.body.model.measures.jumlah).toMatchObject({ currency: "IDR" });
    expect(dp.body.resources[0].schema.fields.map((f: { name: string }) => f.name)).toEqual(lines[0].split(","));
  });
});
