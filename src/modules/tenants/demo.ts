import type { Db } from "../../platform/db.ts";
import { audit } from "../../platform/audit.ts";
import { hashPassword } from "../../platform/auth/passwords.ts";
import type { StaffRole } from "../../platform/auth/roles.ts";
import { insertUser } from "../accounts/index.ts";
import { insertGrant } from "../admin/index.ts";
import { PALEMBANG_EXTRA } from "./opds.ts";
import { createTenant } from "./service.ts";
import * as store from "./store.ts";

export const DEMO_TENANT = "16.71";
export const DEMO_PASSWORD = "Balai-Demo-2026";

export interface DemoLogin {
  login: string;
  name: string;
  role: StaffRole | "citizen";
  unit: string;
}

/** The kelurahan the demo lurah and kelurahan operator serve: 26 Ilir D. I, Kecamatan Ilir Barat I. */
export const DEMO_KELURAHAN = "16.71.04.1003";

export const DEMO_USERS: (DemoLogin & { unitCode?: string; phone?: string })[] = [
  { login: "admin@palembang.go.id", name: "Rahmat Hidayat", role: "kominfo_admin", unit: "Dinas Kominfo", unitCode: "DISKOMINFO" },
  { login: "operator.dukcapil@palembang.go.id", name: "Siti Aminah", role: "opd_operator", unit: "Disdukcapil", unitCode: "DISDUKCAPIL" },
  { login: "kadis.dpmptsp@palembang.go.id", name: "Ahmad Fauzi", role: "opd_admin", unit: "DPMPTSP", unitCode: "DPMPTSP" },
  { login: "lurah@palembang.go.id", name: "Dedi Kurniawan", role: "lurah", unit: "Kelurahan (demo)", unitCode: DEMO_KELURAHAN },
  { login: "operator.kelurahan@palembang.go.id", name: "Nurul Fitri", role: "opd_operator", unit: "Kelurahan (demo)", unitCode: DEMO_KELURAHAN },
  { login: "operator.disdag@palembang.go.id", name: "Rina Marlina", role: "opd_operator", unit: "Dinas Perdagangan", unitCode: "DISDAG" },
  { login: "operator.112@palembang.go.id", name: "Budi Santoso", role: "call_taker", unit: "Call Center 112", unitCode: "DISKOMINFO-112" },
  { login: "dispatcher.112@palembang.go.id", name: "Andi Saputra", role: "dispatcher", unit: "Call Center 112", unitCode: "DISKOMINFO-112" },
  { login: "operator.damkar@palembang.go.id", name: "Joko Prasetyo", role: "opd_operator", unit: "Damkar (liaison)", unitCode: "DAMKAR" },
  { login: "lawangjabo@palembang.go.id", name: "Yuliana Putri", role: "command_operator", unit: "Command Center", unitCode: "DISKOMINFO-112" },
  { login: "auditor@palembang.go.id", name: "Hendra Wijaya", role: "auditor", unit: "Inspektorat", unitCode: "INSPEKTORAT" },
  { login: "warga@example.com", name: "Maya Sari", role: "citizen", unit: "-", phone: "081234567890" },
  // e-Office (src/modules/eoffice): Dinas Perdagangan's head, secretariat and a second staff member.
  { login: "kepala.disdag@palembang.go.id", name: "Sri Wahyuni", role: "kepala", unit: "Dinas Perdagangan", unitCode: "DISDAG" },
  { login: "sekretariat.disdag@palembang.go.id", name: "Fitriani", role: "sekretariat", unit: "Dinas Perdagangan", unitCode: "DISDAG" },
  { login: "analis.disdag@palembang.go.id", name: "Agus Salim", role: "opd_operator", unit: "Dinas Perdagangan", unitCode: "DISDAG" },
  // budget (issue 17): a TAPD officer at BPKAD (locks, approval, revisions)
  { login: "tapd@palembang.go.id", name: "Fitri Handayani", role: "tapd", unit: "BPKAD", unitCode: "BPKAD" },
  // e-Puskesmas (src/modules/health): the counter of Puskesmas Dempo and a Dinkes officer (settings, dashboard).
  { login: "loket.dempo@palembang.go.id", name: "Fitriani", role: "puskesmas_counter", unit: "Puskesmas Dempo", unitCode: "PKM-DEMPO" },
  { login: "dinkes@palembang.go.id", name: "dr. Sri Wahyuni", role: "opd_admin", unit: "Dinas Kesehatan", unitCode: "DINKES" },
  // schools (Disdik school reporting, docs/schools.md): a Disdik reviewer, the demo school's principal, operator and
  // anti-violence team (TPPK) member, and Disdik's TPPK member.
  { login: "operator.disdik@palembang.go.id", name: "Wulan Sari", role: "opd_operator", unit: "Dinas Pendidikan", unitCode: "DISDIK" },
  { login: "kepsek.sdn1@palembang.go.id", name: "Sri Wahyuni", role: "kepala_sekolah", unit: "SD Negeri 1 Palembang", unitCode: "SEKOLAH-10603001" },
  { login: "operator.sdn1@palembang.go.id", name: "Fajar Ramadhan", role: "operator_sekolah", unit: "SD Negeri 1 Palembang", unitCode: "SEKOLAH-10603001" },
  { login: "tppk.sdn1@palembang.go.id", name: "Lestari Handayani", role: "tppk", unit: "SD Negeri 1 Palembang", unitCode: "SEKOLAH-10603001" },
  { login: "tppk.disdik@palembang.go.id", name: "Bambang Irawan", role: "tppk", unit: "Tim TPPK Dinas Pendidikan", unitCode: "DISDIK-TPPK" },
  // e-Parking (docs/parking.md): Dishub registers points and jukir, Bapenda reads revenue, a jukir collects.
  { login: "operator.dishub@palembang.go.id", name: "Fajar Ramadhan", role: "opd_operator", unit: "Dinas Perhubungan", unitCode: "DISHUB" },
  // Dishub's head approves and signs the parking facility permit (izin-penyelenggaraan-parkir, the worked example of a signed permit).
  { login: "kadis.dishub@palembang.go.id", name: "Hendri Gunawan", role: "opd_admin", unit: "Dinas Perhubungan", unitCode: "DISHUB" },
  { login: "operator.bapenda@palembang.go.id", name: "Lestari Handayani", role: "opd_operator", unit: "Bapenda", unitCode: "BAPENDA" },
  { login: "jukir@palembang.go.id", name: "Slamet Riyadi", role: "jukir", unit: "Dinas Perhubungan", unitCode: "DISHUB" },
];

/**
 * schools: Disdik's anti-violence team unit (also made for every tenant by the schools module's provisioning) and the
 * demo school's unit (kind sekolah, code SEKOLAH-<NPSN>) under Disdik; src/modules/schools/demo.ts fills in the rest.
 */
const DEMO_SCHOOL_UNITS = [
  { parent: "DISDIK", code: "DISDIK-TPPK", name: "Tim TPPK Dinas Pendidikan", kind: "bidang" },
  { parent: "DISDIK", code: "SEKOLAH-10603001", name: "SD Negeri 1 Palembang", kind: "sekolah" },
];

/** Seeds Kota Palembang (default tenant), its extra units and the demo logins. Idempotent. */
export async function seedDemo(db: Db): Promise<{ created: boolean; logins: DemoLogin[] }> {
  const existing = await db.one("SELECT 1 FROM tenants WHERE id = $1", [DEMO_TENANT]);
  if (existing) return { created: false, logins: DEMO_USERS };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.tx(async (q) => {
    await createTenant(q, { region: DEMO_TENANT, hosts: ["palembang.localhost"], isDefault: true });
    for (const extra of PALEMBANG_EXTRA) {
      const parent = await store.unitByCode(q, DEMO_TENANT, extra.parent);
      for (const u of extra.units) {
        await store.insertUnit(q, DEMO_TENANT, { parentId: parent?.id ?? null, kind: u.kind ?? "opd", code: u.code, name: u.name });
      }
    }
    for (const u of DEMO_SCHOOL_UNITS) {
      const parent = await store.unitByCode(q, DEMO_TENANT, u.parent);
      await store.insertUnit(q, DEMO_TENANT, { parentId: parent?.id ?? null, kind: u.kind, code: u.code, name: u.name });
    }
    for (const u of DEMO_USERS) {
      const isEmail = u.login.includes("@");
      const user = await insertUser(q, {
        tenantId: DEMO_TENANT,
        kind: u.role === "citizen" ? "citizen" : "staff",
        name: u.name,
        email: isEmail ? u.login : null,
        phone: u.phone ? `+62${u.phone.slice(1)}` : null,
        passwordHash,
        verified: true,
      });
      if (u.role !== "citizen" && u.unitCode) {
        const unit = await store.unitByCode(q, DEMO_TENANT, u.unitCode);
        if (!unit) throw new Error(`demo unit ${u.unitCode} missing`);
        await insertGrant(q, { tenantId: DEMO_TENANT, userId: user.id, unitId: unit.id, role: u.role, grantedBy: null });
        u.unit = unit.name;
      }
    }
    await audit(q, {
      tenantId: DEMO_TENANT,
      actorId: null,
      action: "demo.seeded",
      subjectType: "tenant",
      subjectId: DEMO_TENANT,
      data: { users: DEMO_USERS.length },
    });
  });
  return { created: true, logins: DEMO_USERS };
}
