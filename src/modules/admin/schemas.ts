/** Response schemas of the admin routes (the web's types come from them, web/api-types.ts). */
import { Type } from "typebox";
import { Nullable, Open, Timestamp } from "../../platform/responses.ts";

const Id = Type.Object({ id: Type.String() });
export const Created = Open({ id: Type.String() });
export const TenantView = Type.Object({ id: Type.String(), name: Type.String(), timezone: Type.String() }, { title: "TenantInfo" });
export const Region = Type.Object(
  { code: Type.String(), name: Type.String(), kelurahan: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) },
  { title: "Region" },
);
export const Unit = Open(
  { id: Type.String(), parentId: Nullable(Type.String()), kind: Type.String(), code: Type.String(), name: Type.String(), staff: Type.Integer() },
  { title: "Unit" },
);
export const StaffGrant = Open(
  { id: Type.String(), role: Type.String(), unitId: Type.String(), unitCode: Type.String(), unitName: Type.String() },
  { title: "StaffGrant" },
);
export const Staff = Open(
  {
    id: Type.String(),
    name: Type.String(),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    nip: Nullable(Type.String()),
    disabled: Type.Boolean(),
    totpEnabled: Type.Boolean(),
    grants: Type.Array(StaffGrant),
  },
  { title: "Staff" },
);
export const AuditEntry = Open(
  {
    id: Type.Integer({ description: "Order of writing over all lanes" }),
    lane: Type.Integer({ description: "The hash chain (lane)" }),
    seq: Type.Integer({ description: "The entry's place in its lane" }),
    at: Timestamp(),
    actorId: Nullable(Type.String()),
    actorName: Nullable(Type.String()),
    actorRole: Nullable(Type.String({ description: "The role the actor acted in (citizen for a citizen; null: the system)" })),
    action: Type.String(),
    subjectType: Nullable(Type.String()),
    subjectId: Nullable(Type.String()),
    subjectRef: Nullable(Type.String({ description: "How a person names the subject: a case number, a person's or unit's name" })),
    data: Type.Unknown(),
    hash: Type.String(),
  },
  { title: "AuditEntry" },
);
export const AuditVerify = Type.Object(
  {
    tenantId: Type.String(),
    checked: Type.Integer(),
    lanes: Type.Integer(),
    ok: Type.Boolean(),
    firstBad: Type.Optional(Type.Object({ lane: Type.Integer(), seq: Type.Integer(), reason: Type.String() })),
  },
  { title: "AuditVerify" },
);
export { Id };
