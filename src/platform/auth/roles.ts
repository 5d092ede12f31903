/** The platform's first roles; the service catalog's workflows may name these (src/modules/catalog/spec-constants.ts). */
export const PLATFORM_ROLES = [
  "kominfo_admin",
  "opd_admin",
  "opd_operator",
  "lurah",
  "camat",
  "command_operator",
  "call_taker",
  "dispatcher",
  "auditor",
] as const;
/** Roles are granted to a user in an org unit; a citizen has no grants. */
export const STAFF_ROLES = [
  ...PLATFORM_ROLES,
  // e-Office (src/modules/eoffice): the unit's secretariat (registers letters, archive) and its head (disposes, signs).
  "sekretariat",
  "kepala",
  // budget (issue 17): Tim Anggaran Pemerintah Daerah (TAPD) / BPKAD officers
  "tapd",
  // e-Puskesmas (src/modules/health): the puskesmas registration counter (loket).
  "puskesmas_counter",
  // schools (Disdik school reporting): principal, school operator, anti-violence team (TPPK) member
  "kepala_sekolah",
  "operator_sekolah",
  "tppk",
  // e-Parking (src/modules/parking): the parking attendant who collects at a point.
  "jukir",
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Grant {
  role: StaffRole;
  unitId: string;
  unitCode: string;
  unitName: string;
  unitKind: string;
}

export interface Actor {
  tenantId: string;
  userId: string;
  kind: "citizen" | "staff";
  name: string;
  email: string | null;
  phone: string | null;
  locale: "id" | "en";
  totpEnabled: boolean;
  grants: Grant[];
  sessionId: string;
  csrfToken: string;
  mfaPending: boolean;
}

/** Every permission the platform checks, and the roles that hold it (declarative, one place). */
const PERMISSIONS = {
  // Every staff role opens the console but the jukir, who collects from the phone (e-Parking).
  "console.access": STAFF_ROLES.filter((r) => r !== "jukir"),
  "org.manage": ["kominfo_admin"],
  "staff.manage": ["kominfo_admin", "opd_admin"],
  // The unit tree: those who manage staff, and auditors (the audit log's unit filter).
  "org.read": ["kominfo_admin", "opd_admin", "auditor"],
  "audit.read": ["kominfo_admin", "auditor"],
  "outbox.read": ["kominfo_admin"],
  "catalog.edit": ["kominfo_admin", "opd_admin"],
  "catalog.overview": ["kominfo_admin", "auditor"],
  "calendar.manage": ["kominfo_admin"],
  "apikeys.manage": ["kominfo_admin"],
  "cases.inbox": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat", "auditor", "tppk"],
  "lapor.handle": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat", "tppk"],
  "lapor.heatmap": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat", "auditor"],
  "lapor.moderate": ["kominfo_admin"],
  // Official documents: who may hold a signing certificate and sign (their queue), delegate, manage certificates.
  "documents.sign": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat", "kepala"],
  "documents.delegate": ["kominfo_admin", "opd_admin", "lurah", "camat", "kepala"],
  "documents.certificates.manage": ["kominfo_admin"],
  // Public transport (BRT): watch the fleet (not-reporting buses), import the GTFS network.
  "transit.monitor": ["kominfo_admin", "opd_admin", "opd_operator", "command_operator", "auditor"],
  "transit.manage": ["kominfo_admin", "opd_admin"],
  // Harga bahan pokok: enumerators and officers of Dinas Perdagangan (checked in its units), alerts also for the command centre.
  "prices.enter": ["kominfo_admin", "opd_admin", "opd_operator"],
  "prices.manage": ["kominfo_admin", "opd_admin"],
  "prices.alerts": ["kominfo_admin", "command_operator"],
  // Command center "Lawang Jabo" and Call Center 112 (docs/command-center.md). OPD liaisons update their
  // own units' dispatches through the responder's org unit, checked in the emergency module.
  "command.view": ["kominfo_admin", "command_operator", "auditor"],
  "incidents.read": ["kominfo_admin", "command_operator", "call_taker", "dispatcher", "auditor"],
  "incidents.take": ["kominfo_admin", "command_operator", "call_taker"],
  "incidents.dispatch": ["kominfo_admin", "command_operator", "dispatcher"],
  // An OPD liaison (operator or admin of a responding agency, not of a kelurahan or kecamatan) follows its crews'
  // dispatches (/command/unit); which dispatches is checked in the emergency module by the responder's unit.
  "incidents.liaison": ["opd_admin", "opd_operator"],
  "cameras.manage": ["kominfo_admin"],
  "ingest.manage": ["kominfo_admin"],
  // e-Office (src/modules/eoffice, docs/eoffice.md): checked in the letter's unit. Heads dispose, sign and read
  // confidential letters; the secretariat registers incoming letters and keeps the archive.
  "eoffice.use": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat", "sekretariat", "kepala"],
  "eoffice.register": ["kominfo_admin", "sekretariat"],
  "eoffice.dispose": ["opd_admin", "lurah", "camat", "kepala"],
  "eoffice.sign": ["opd_admin", "lurah", "camat", "kepala"],
  "eoffice.confidential": ["opd_admin", "lurah", "camat", "kepala"],
  "eoffice.archive": ["kominfo_admin", "sekretariat", "auditor"],
  // Budget mirror (issue 17, docs/budget.md): read, import an OPD's RKA (OPD staff in their unit), locks and
  // realisation (Kominfo/TAPD), the approved APBD and its revisions (TAPD).
  "budget.read": ["kominfo_admin", "tapd", "opd_admin", "opd_operator", "auditor"],
  "budget.import": ["kominfo_admin", "tapd", "opd_admin", "opd_operator"],
  "budget.lock": ["kominfo_admin", "tapd"],
  "budget.revise": ["kominfo_admin", "tapd"],
  // SPBE / Pemdi self-assessment (issue 17, docs/spbe.md): Kominfo runs it, OPD staff answer their units' indicators.
  "spbe.read": ["kominfo_admin", "opd_admin", "opd_operator", "auditor"],
  "spbe.answer": ["kominfo_admin", "opd_admin", "opd_operator"],
  "spbe.manage": ["kominfo_admin"],
  // One login and the registry (src/modules/oidc, src/modules/registry; docs/sso.md, docs/registry.md): Kominfo issues
  // OIDC clients to registered apps, rotates the signing keys and keeps the registry; auditors read it.
  "sso.manage": ["kominfo_admin"],
  "registry.manage": ["kominfo_admin"],
  "registry.read": ["kominfo_admin", "auditor"],
  // An OPD's head and staff propose changes to its public page (/opd/{code}), checked in their unit; Kominfo approves.
  "opd.page.edit": ["kominfo_admin", "opd_admin", "opd_operator"],
  // e-Puskesmas queue (src/modules/health): the counter of a puskesmas (checked in its unit or Dinkes), Dinkes's
  // settings (puskesmas, poli, schedules, Mobile JKN credentials) and its dashboard.
  "health.counter": ["kominfo_admin", "opd_admin", "opd_operator", "puskesmas_counter"],
  "health.manage": ["kominfo_admin", "opd_admin"],
  "health.dashboard": ["kominfo_admin", "opd_admin", "opd_operator", "auditor"],
  // schools (docs/schools.md): Disdik imports schools and reviews reports (checked in its units); schools report in
  // their own unit; TPPK members handle bullying/violence reports of their school or Disdik.
  "schools.review": ["kominfo_admin", "opd_admin", "opd_operator"],
  "schools.report": ["kepala_sekolah", "operator_sekolah"],
  // e-Parking (docs/parking.md): Dishub registers points and jukir (checked in its units); Dishub and Bapenda
  // read revenue and reconcile; the jukir collects at their own point.
  "parking.manage": ["kominfo_admin", "opd_admin", "opd_operator"],
  "parking.revenue": ["kominfo_admin", "opd_admin", "opd_operator", "auditor"],
  "parking.collect": ["jukir"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Org-unit kinds of an area (wilayah): a grant there gives none of the OPD tools below. */
const AREA_UNITS: readonly string[] = ["kelurahan", "kecamatan"];
/**
 * Permissions an OPD role holds only outside area units: a kelurahan operator (opd_operator in a kelurahan) handles
 * the kelurahan's cases and letters, but does not watch the bus fleet, liaise for 112 dispatches, run a puskesmas
 * counter, review schools, manage parking or enter prices. Kominfo admins hold them wherever they are granted.
 */
const NOT_IN_AREA_UNITS: ReadonlySet<Permission> = new Set<Permission>([
  "transit.monitor",
  "incidents.liaison",
  "health.counter",
  "health.dashboard",
  "schools.review",
  "parking.manage",
  "parking.revenue",
  "prices.enter",
]);
/** Every permission name, in table order (the session lists the ones the user holds). */
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function hasRole(actor: Actor, role: StaffRole, unitId?: string): boolean {
  return actor.grants.some((g) => g.role === role && (unitId === undefined || g.unitId === unitId));
}

/** Does the actor hold the permission anywhere (unitIds undefined) or in one of the given units? */
export function can(actor: Actor | undefined, permission: Permission, unitIds?: string[]): boolean {
  if (!actor || actor.mfaPending) return false;
  const roles: readonly StaffRole[] = PERMISSIONS[permission];
  const areaBound = NOT_IN_AREA_UNITS.has(permission);
  return actor.grants.some(
    (g) =>
      roles.includes(g.role) &&
      (!areaBound || g.role === "kominfo_admin" || !AREA_UNITS.includes(g.unitKind)) &&
      (unitIds === undefined || g.role === "kominfo_admin" || unitIds.includes(g.unitId)),
  );
}
