import { chromium } from "playwright-core";
const base = process.env.URL ?? "http://127.0.0.1:38917";
const pages = (process.argv[2] ?? "/").split(",");
const login = process.env.LOGIN;
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const w of [360, 1280]) {
  const ctx = await b.newContext({ viewport: { width: w, height: 800 }, baseURL: base });
  const p = await ctx.newPage();
  if (login) {
    await p.goto("/masuk");
    await p.getByLabel(/Email atau nomor HP/i).fill(login);
    await p.getByLabel("Kata sandi", { exact: true }).fill("Balai-Demo-2026");
    await p.getByRole("button", { name: "Masuk" }).last().click();
    await p.waitForURL((u) => !u.pathname.startsWith("/masuk"));
  }
  for (const path of pages) {
    await p.goto(path);
    await p.waitForLoadState("networkidle");
    await p.waitForTimeout(500);
    const name = `/tmp/home-srv/${path.replace(/\W+/g, "_") || "root"}-${w}.png`;
    await p.screenshot({ path: name, fullPage: true });
    console.log(name, await p.title());
  }
  await ctx.close();
}
await b.close();
