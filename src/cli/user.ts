/** `balai user create --tenant CODE --email E --name N --password P [--role R --unit UNITCODE]`. */
import { parseArgs } from "node:util";
import { audit } from "../platform/audit.ts";
import { hashPassword, passwordProblems } from "../platform/auth/passwords.ts";
import { STAFF_ROLES, type StaffRole } from "../platform/auth/roles.ts";
import { UsageError } from "../platform/usage.ts";
import { normalizeEmail } from "../modules/accounts/identifiers.ts";
import { type Command, stringOptions } from "./context.ts";
import { findUnitByCode, insertRoleGrant, insertVerifiedUser, tenantExists, userEmailTaken } from "./store.ts";

export const user: Command = async (ctx, sub, rest) => {
  if (sub !== "create") return undefined;
  const { values } = parseArgs({
    args: rest,
    options: stringOptions("tenant", "email", "name", "password", "role", "unit"),
  });
  const email = values.email ? normalizeEmail(values.email) : undefined;
  const { tenant, name, password, role } = values;
  if (!tenant || !email || !name || !password) throw new UsageError("user create needs --tenant, a valid --email, --name and --password");
  if (role && !STAFF_ROLES.includes(role as StaffRole)) throw new UsageError(`--role must be one of ${STAFF_ROLES.join(", ")}`);
  if (role && !values.unit) throw new UsageError("--role needs --unit UNITCODE (e.g. DISKOMINFO)");
  const problems = await passwordProblems(password, [name, email]);
  if (problems.length) throw new UsageError("the password is too weak: use 8+ characters that are hard to guess");
  const passwordHash = await hashPassword(password);
  const id = await ctx.withStore((db) =>
    db.tx(async (q) => {
      if (!(await tenantExists(q, tenant))) throw new UsageError(`unknown tenant ${tenant}`);
      if (await userEmailTaken(q, tenant, email)) throw new UsageError(`${email} already exists in ${tenant}`);
      const unit = values.unit ? await findUnitByCode(q, tenant, values.unit) : undefined;
      if (values.unit && !unit) throw new UsageError(`unknown unit ${values.unit} in ${tenant}`);
      const created = await insertVerifiedUser(q, { tenantId: tenant, kind: role ? "staff" : "citizen", name, email, passwordHash });
      if (unit && role) await insertRoleGrant(q, tenant, created?.id, unit.id, role);
      await audit(q, {
        tenantId: tenant,
        actorId: null,
        action: "user.created-by-cli",
        subjectType: "user",
        subjectId: created?.id,
        data: { role: role ?? "citizen", unit: values.unit ?? null },
      });
      return created?.id;
    }),
  );
  ctx.print(`created user ${id}`);
  return 0;
};
