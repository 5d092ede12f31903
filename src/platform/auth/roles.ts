/** Roles are granted to a user in an org unit; a citizen has no grants. */
export const STAFF_ROLES = [
  "kominfo_admin",
  "opd_admin",
  "opd_operator",
  "lurah",
  "camat",
  "command_operator",
  "call_taker",
  "dispatcher",
  "auditor",
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
  "console.access": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat", "command_operator", "call_taker", "dispatcher", "auditor"],
  "org.manage": ["kominfo_admin"],
  "staff.manage": ["kominfo_admin", "opd_admin"],
  "audit.read": ["kominfo_admin", "auditor"],
  "outbox.read": ["kominfo_admin"],
  "catalog.edit": ["kominfo_admin", "opd_admin"],
  "catalog.overview": ["kominfo_admin", "auditor"],
  "calendar.manage": ["kominfo_admin"],
  "apikeys.manage": ["kominfo_admin"],
  "cases.inbox": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat", "auditor"],
  "lapor.handle": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat"],
  "lapor.heatmap": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat", "auditor"],
  "lapor.moderate": ["kominfo_admin"],
  // Official documents: who may hold a signing certificate and sign (their queue), delegate, manage certificates.
  "documents.sign": ["kominfo_admin", "opd_admin", "opd_operator", "lurah", "camat"],
  "documents.delegate": ["kominfo_admin", "opd_admin", "lurah", "camat"],
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
  "cameras.manage": ["kominfo_admin"],
  "ingest.manage": ["kominfo_admin"],
  // e-Parking (docs/parking.md): Dishub registers points and jukir (checked in its units); Dishub and Bapenda
  // read revenue and reconcile; the jukir collects at their own point.
  "parking.manage": ["kominfo_admin", "opd_admin", "opd_operator"],
  "parking.revenue": ["kominfo_admin", "opd_admin", "opd_operator", "auditor"],
  "parking.collect": ["jukir"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;
/** Every permission name, in table order (the session lists the ones the user holds). */
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function hasRole(actor: Actor, role: StaffRole, unitId?: string): boolean {
  return actor.grants.some((g) => g.role === role && (unitId === undefined || g.unitId === unitId));
}

/** Does the actor hold the permission anywhere (unitIds undefined) or in one of the given units? */
export function can(actor: Actor | undefined, permission: Permission, unitIds?: string[]): boolean {
  if (!actor || actor.mfaPending) return false;
  const roles: readonly StaffRole[] = PERMISSIONS[permission];
  return actor.grants.some((g) => roles.includes(g.role) && (unitIds === undefined || g.role === "kominfo_admin" || unitIds.includes(g.unitId)));
}
