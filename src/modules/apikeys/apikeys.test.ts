import { describe, expect, it } from "vitest";
import { client, loginAs, MALANG, PALEMBANG, setupPlatform } from "../../../test/helpers.ts";
import { appUserFor, createApiKey, hashKey, verifyApiKey } from "./service.ts";

describe("API keys", () => {
  const s = setupPlatform();

  it("Kominfo admins create (key shown once, only its hash stored), list and revoke keys; all audited", async () => {
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    const created = await admin.request("POST", "/api/admin/api-keys", { name: "Aplikasi Warga Pintar", scopes: ["open311"] });
    expect(created.status).toBe(201);
    expect(created.headers["cache-control"]).toBe("no-store");
    const key: string = created.body.key;
    expect(key).toMatch(/^balai_[A-Za-z0-9_-]{32}$/);
    expect(key.startsWith(created.body.prefix)).toBe(true);
    expect(created.body).toMatchObject({ name: "Aplikasi Warga Pintar", scopes: ["open311"], revokedAt: null, createdByName: "Rahmat Hidayat" });
    const stored = await s.db.one<{ key_hash: string }>("SELECT key_hash FROM api_keys WHERE id = $1", [created.body.id]);
    expect(stored?.key_hash).toBe(hashKey(key));
    expect(JSON.stringify(await s.db.query("SELECT * FROM api_keys"))).not.toContain(key);

    // Scopes default to open311 (the console sends only a name).
    const plain = await admin.request("POST", "/api/admin/api-keys", { name: "Kanal Kecamatan" });
    expect(plain.status).toBe(201);
    expect(plain.body.scopes).toEqual(["open311"]);
    expect((await admin.request("POST", "/api/admin/api-keys", { name: "x", scopes: ["everything"] })).status).toBe(400);

    const list = await admin.request("GET", "/api/admin/api-keys");
    expect(list.status).toBe(200);
    expect(list.body.map((k: { name: string }) => k.name)).toEqual(expect.arrayContaining(["Aplikasi Warga Pintar", "Kanal Kecamatan"]));
    expect(JSON.stringify(list.body)).not.toContain(key);

    expect(await verifyApiKey(s.db, PALEMBANG, key, "open311")).toMatchObject({ id: created.body.id, name: "Aplikasi Warga Pintar" });
    expect(await verifyApiKey(s.db, MALANG, key, "open311")).toBeNull();
    expect(await verifyApiKey(s.db, PALEMBANG, `${key}x`, "open311")).toBeNull();
    expect(await verifyApiKey(s.db, PALEMBANG, undefined, "open311")).toBeNull();
    const used = await s.db.one<{ last_used_at: Date | null }>("SELECT last_used_at FROM api_keys WHERE id = $1", [created.body.id]);
    expect(used?.last_used_at).not.toBeNull();

    const revoked = await admin.request("POST", `/api/admin/api-keys/${created.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await admin.request("POST", `/api/admin/api-keys/${created.body.id}/revoke`)).status).toBe(200);
    expect(await verifyApiKey(s.db, PALEMBANG, key, "open311")).toBeNull();
    expect((await admin.request("POST", "/api/admin/api-keys/00000000-0000-4000-8000-000000000000/revoke")).status).toBe(404);

    const audit = await s.db.query<{ action: string; subject_id: string }>(
      "SELECT action, subject_id FROM audit_log WHERE tenant_id = $1 AND subject_type = 'api_key' ORDER BY at, action",
      [PALEMBANG],
    );
    expect(audit.filter((a) => a.subject_id === created.body.id).map((a) => a.action)).toEqual(["apikey.created", "apikey.revoked"]);
  });

  it("is for Kominfo admins of the tenant only", async () => {
    expect((await client(s.app).request("GET", "/api/admin/api-keys")).status).toBe(401);
    const operator = await loginAs(s.app, "operator.dukcapil@palembang.go.id");
    expect((await operator.request("GET", "/api/admin/api-keys")).status).toBe(403);
    expect((await operator.request("POST", "/api/admin/api-keys", { name: "Nope" })).status).toBe(403);
    const malangKey = await s.db.tx((q) => createApiKey(q, { tenantId: MALANG, name: "Malang app", scopes: ["open311"], actorId: null }));
    const admin = await loginAs(s.app, "admin@palembang.go.id");
    expect((await admin.request("GET", "/api/admin/api-keys")).body.map((k: { id: string }) => k.id)).not.toContain(malangKey.id);
    expect((await admin.request("POST", `/api/admin/api-keys/${malangKey.id}/revoke`)).status).toBe(404);
  });

  it("gives each key one app account that cannot log in", async () => {
    const k = await s.db.tx((q) => createApiKey(q, { tenantId: PALEMBANG, name: "Lapor Cepat", scopes: ["open311"], actorId: null }));
    const verified = await verifyApiKey(s.db, PALEMBANG, k.key, "open311");
    const first = await s.db.tx((q) => appUserFor(q, PALEMBANG, verified!));
    const again = await s.db.tx(async (q) => appUserFor(q, PALEMBANG, (await verifyApiKey(q, PALEMBANG, k.key, "open311"))!));
    expect(again).toBe(first);
    const user = await s.db.one<{ kind: string; email: string; verified_at: Date | null; name: string }>(
      "SELECT kind, email, verified_at, name FROM users WHERE id = $1",
      [first],
    );
    expect(user).toMatchObject({ kind: "citizen", verified_at: null, name: "Aplikasi Lapor Cepat" });
    expect(user?.email).toMatch(/\.invalid$/);
    const login = await client(s.app).request("POST", "/api/auth/login", { identifier: user?.email, password: "whatever-password" });
    expect(login.status).not.toBe(200);
  });
});
