/** Dinkes sets each puskesmas's Mobile JKN web-service username and password (the BPJS side's /bpjs/fktp/auth). */
import { useCallback, useEffect, useState } from "react";
import { get, put } from "../../api.ts";
import { ErrorSummary, PasswordField, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { Notice } from "../../ui/misc.tsx";
import { type AdminFacility, useHealthT } from "./shared.tsx";
import { Section } from "../../ui/Section.tsx";

export function WsCredentials() {
  const { t } = useHealthT();
  const [list, setList] = useState<AdminFacility[]>([]);
  const [saved, setSaved] = useState("");
  const load = useCallback(() => get<AdminFacility[]>("/api/health/admin/facilities").then(setList), []);
  useEffect(() => {
    void load();
  }, [load]);
  const form = useForm({ facilityId: "", username: "", password: "" }, { labels: { username: t("dash.wsUser"), password: t("dash.wsPassword") } });
  useEffect(() => {
    if (!form.values.facilityId && list[0]) form.setValues((v) => ({ ...v, facilityId: list[0].id, username: list[0].wsUsername ?? "" }));
  }, [list, form]);
  const onSubmit = form.submit(
    () => ({}),
    async (v) => {
      await put(`/api/health/admin/facilities/${v.facilityId}/ws-credentials`, { username: v.username, password: v.password });
      setSaved(t("dash.wsSaved", { name: list.find((f) => f.id === v.facilityId)?.name ?? "" }));
      form.setValues((o) => ({ ...o, password: "" }));
      await load();
    },
  );
  return (
    <Section titleId="hq-ws" title={t("dash.ws")} titleClassName="h3">
      <p>{t("dash.wsLead")}</p>
      {saved && <Notice>{saved}</Notice>}
      <ErrorSummary summary={form.summary} />
      <form onSubmit={onSubmit} noValidate className="form-grid">
        <SelectField
          id="facilityId"
          label={t("dash.facility")}
          value={form.values.facilityId}
          onChange={(e) => {
            const f = list.find((x) => x.id === e.target.value);
            form.setValues((o) => ({ ...o, facilityId: e.target.value, username: f?.wsUsername ?? "" }));
          }}
          options={list.map((f) => ({ value: f.id, label: `${f.name} — ${f.wsUsername ?? t("dash.wsNone")}` }))}
        />
        <TextField id="username" label={t("dash.wsUser")} {...form.bind("username")} autoComplete="off" width="20" />
        <PasswordField id="password" label={t("dash.wsPassword")} {...form.bind("password")} autoComplete="new-password" />
        <SubmitButton busy={form.submitting}>{t("dash.wsSave")}</SubmitButton>
      </form>
    </Section>
  );
}
