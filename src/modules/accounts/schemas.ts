import { Type } from "typebox";
import { type Permission, PERMISSION_NAMES, STAFF_ROLES, type StaffRole } from "../../platform/auth/roles.ts";
import { Ack, NoContent } from "../../platform/responses.ts";

const Password = Type.String({ minLength: 1, maxLength: 200 });
const Identifier = Type.String({ minLength: 3, maxLength: 254, description: "Email or Indonesian mobile number" });
const Code = Type.String({ pattern: "^\\s*\\d{6}\\s*$", description: "6-digit code" });
const Locale = Type.Union([Type.Literal("id"), Type.Literal("en")]);

export const SignUpBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    password: Password,
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export const IdentifierBody = Type.Object({ identifier: Identifier }, { additionalProperties: false });
export const ConfirmBody = Type.Object({ identifier: Identifier, code: Code }, { additionalProperties: false });
export const LoginBody = Type.Object({ identifier: Identifier, password: Password }, { additionalProperties: false });
export const TotpBody = Type.Object({ code: Code }, { additionalProperties: false });
export const ResetBody = Type.Object({ identifier: Identifier, code: Code, password: Password }, { additionalProperties: false });
export const ChangePasswordBody = Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false });
export const ProfileBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })), locale: Type.Optional(Locale) },
  { additionalProperties: false },
);

/** A permission name (src/platform/auth/roles.ts); a string enum, so the serializer writes it as a string. */
export const PermissionName = Type.Unsafe<Permission>({ type: "string", enum: [...PERMISSION_NAMES], title: "Permission" });
export const StaffRoleName = Type.Unsafe<StaffRole>({ type: "string", enum: [...STAFF_ROLES], title: "StaffRole" });

export const GrantView = Type.Object(
  {
    role: StaffRoleName,
    unitId: Type.String(),
    unitCode: Type.String(),
    unitName: Type.String(),
    unitKind: Type.String(),
  },
  { title: "Grant" },
);

export const SessionView = Type.Object(
  {
    tenant: Type.Object({ id: Type.String(), name: Type.String(), timezone: Type.String() }),
    user: Type.Union([
      Type.Null(),
      Type.Object(
        {
          id: Type.String(),
          kind: Type.Unsafe<"citizen" | "staff">({ type: "string", enum: ["citizen", "staff"] }),
          name: Type.String(),
          email: Type.Union([Type.String(), Type.Null()]),
          phone: Type.Union([Type.String(), Type.Null()]),
          locale: Type.Unsafe<"id" | "en">({ type: "string", enum: ["id", "en"] }),
          totpEnabled: Type.Boolean(),
          grants: Type.Array(GrantView),
          permissions: Type.Array(PermissionName),
        },
        { title: "SessionUser" },
      ),
    ]),
    mfaPending: Type.Boolean(),
    csrfToken: Type.Union([Type.String(), Type.Null()]),
    /** Demo/development: the developer outbox is on (BALAI_DEV_OUTBOX); only a Kominfo admin (`outbox.read`) may read it. */
    devOutbox: Type.Boolean(),
  },
  { title: "Session" },
);

export const LoginResult = Type.Object({ mfaRequired: Type.Boolean(), csrfToken: Type.String() }, { title: "LoginResult" });
export const TotpEnrolment = Type.Object({ secret: Type.String(), otpauthUrl: Type.String(), qrSvg: Type.String() }, { title: "TotpEnrolment" });
export { Ack, NoContent };
