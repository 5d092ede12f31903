/** The staff page's forms: a role select, granting a role in a unit, creating a staff account. */
import { useTranslation } from "react-i18next";
import { post, type Staff } from "../../api.ts";
import { choices, type Errors, ErrorSummary, FormActions, PasswordField, SelectField, TextField, useForm } from "../../ui/form.tsx";
import { UnitPicker } from "./UnitPicker.tsx";
import type { UnitNode } from "./units-lib.ts";

function RoleSelect({ id, roles, value, onChange, error }: { id: string; roles: string[]; value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <SelectField
      id={id}
      label={t("staff.role")}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      blank={t("staff.chooseRole")}
      options={choices(roles, (r) => t(`roles.${r}`))}
    />
  );
}

export function GrantForm({
  staff,
  units,
  roles,
  onCancel,
  onDone,
}: {
  staff: Staff;
  units: UnitNode[];
  roles: string[];
  onCancel: () => void;
  onDone: (msg: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const labels = { "grant-unit": t("staff.unit"), "grant-role": t("staff.role") };
  const form = useForm({ unitId: "", role: "" }, { labels, fieldMap: { unitId: "grant-unit", role: "grant-role" } });
  const onSubmit = form.submit(
    (v): Errors => {
      const e: Errors = {};
      if (!v.unitId) e["grant-unit"] = t("staff.errUnit");
      if (!v.role) e["grant-role"] = t("staff.errRole");
      return e;
    },
    async (v) => {
      await post(`/api/admin/staff/${staff.id}/grants`, v);
      const unit = units.find((u) => u.id === v.unitId);
      await onDone(t("staff.granted", { role: t(`roles.${v.role}`), unit: unit?.name ?? "", name: staff.name }));
    },
  );
  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate aria-labelledby={`grant-title-${staff.id}`}>
      <ErrorSummary summary={form.summary} />
      <h2 className="h4" id={`grant-title-${staff.id}`}>
        {t("staff.grantTitle", { name: staff.name })}
      </h2>
      <div className="form-row">
        <UnitPicker
          id="grant-unit"
          label={t("staff.unit")}
          units={units}
          value={form.values.unitId}
          onChange={(v) => form.setValues((o) => ({ ...o, unitId: v }))}
          error={form.errors["grant-unit"]}
        />
        <RoleSelect
          id="grant-role"
          roles={roles}
          value={form.values.role}
          onChange={(v) => form.setValues((o) => ({ ...o, role: v }))}
          error={form.errors["grant-role"]}
        />
      </div>
      <FormActions submit={t("staff.grantSubmit")} busy={form.submitting} onCancel={onCancel} />
    </form>
  );
}

export function CreateStaff({
  units,
  roles,
  onCancel,
  onDone,
}: {
  units: UnitNode[];
  roles: string[];
  onCancel: () => void;
  onDone: (name: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const labels = {
    "new-name": t("staff.name"),
    "new-email": t("staff.email"),
    "new-phone": t("staff.phone"),
    "new-nip": t("staff.nip"),
    "new-password": t("staff.password"),
    "new-unit": t("staff.unit"),
    "new-role": t("staff.role"),
  };
  const form = useForm(
    { name: "", email: "", phone: "", nip: "", password: "", unitId: "", role: "" },
    {
      labels,
      fieldMap: { name: "new-name", email: "new-email", phone: "new-phone", nip: "new-nip", password: "new-password", unitId: "new-unit", role: "new-role" },
    },
  );
  const { values, errors } = form;
  const onSubmit = form.submit(
    (v): Errors => {
      const e: Errors = {};
      if (v.name.trim().length < 2) e["new-name"] = t("staff.errName");
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) e["new-email"] = t("signup.errEmail");
      if (v.nip.trim() && !/^\d{18}$/.test(v.nip.trim())) e["new-nip"] = t("staff.errNip");
      if (v.password.length < 8) e["new-password"] = t("signup.errPasswordShort");
      if (!v.unitId) e["new-unit"] = t("staff.errUnit");
      if (!v.role) e["new-role"] = t("staff.errRole");
      return e;
    },
    async (v) => {
      await post("/api/admin/staff", {
        name: v.name.trim(),
        email: v.email.trim(),
        ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
        ...(v.nip.trim() ? { nip: v.nip.trim() } : {}),
        password: v.password,
        unitId: v.unitId,
        role: v.role,
      });
      await onDone(v.name.trim());
    },
  );
  return (
    <section id="create-staff" className="panel" aria-labelledby="create-staff-title">
      <ErrorSummary summary={form.summary} />
      <h2 id="create-staff-title">{t("staff.createTitle")}</h2>
      <form onSubmit={onSubmit} noValidate>
        <div className="form-grid">
          <TextField id="new-name" label={labels["new-name"]} {...form.bind("name", "new-name")} autoComplete="off" />
          <TextField
            id="new-email"
            label={labels["new-email"]}
            hint={t("staff.emailHint")}
            type="email"
            {...form.bind("email", "new-email")}
            autoComplete="off"
          />
          <TextField
            id="new-phone"
            label={`${labels["new-phone"]} ${t("common.optional")}`}
            type="tel"
            {...form.bind("phone", "new-phone")}
            autoComplete="off"
          />
          <TextField
            id="new-nip"
            label={`${labels["new-nip"]} ${t("common.optional")}`}
            hint={t("staff.nipHint")}
            inputMode="numeric"
            {...form.bind("nip", "new-nip")}
            autoComplete="off"
          />
          <PasswordField
            id="new-password"
            label={labels["new-password"]}
            hint={t("staff.passwordHint")}
            {...form.bind("password", "new-password")}
            autoComplete="new-password"
          />
          <RoleSelect id="new-role" roles={roles} value={values.role} onChange={(v) => form.setValues((o) => ({ ...o, role: v }))} error={errors["new-role"]} />
        </div>
        <UnitPicker
          id="new-unit"
          label={labels["new-unit"]}
          units={units}
          value={values.unitId}
          onChange={(v) => form.setValues((o) => ({ ...o, unitId: v }))}
          error={errors["new-unit"]}
        />
        <FormActions submit={t("staff.createSubmit")} busy={form.submitting} onCancel={onCancel} />
      </form>
    </section>
  );
}
