import { useTranslation } from "react-i18next";
import { useLocation, useSearch } from "wouter";
import { post } from "../api.ts";
import { type Errors, PasswordField, SubmitButton, CodeField, TextField, useForm } from "../ui/form.tsx";
import { FormPage } from "../ui/FormPage.tsx";
import { BackLink, Notice } from "../ui/misc.tsx";
import { StrengthHint } from "../ui/strength.tsx";

export function Forgot() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const labels = { identifier: t("login.identifier") };
  const form = useForm({ identifier: "" }, { labels });
  const onSubmit = form.submit(
    (v): Errors => (v.identifier.trim() ? {} : { identifier: t("login.errIdentifier") }),
    async (v) => {
      await post("/api/auth/password/forgot", { identifier: v.identifier.trim() });
      navigate(`/atur-ulang-sandi?identifier=${encodeURIComponent(v.identifier.trim())}`);
    },
  );
  return (
    <FormPage
      back={<BackLink href="/masuk">{t("common.back")}</BackLink>}
      summary={form.summary}
      title={t("forgot.title")}
      lead={t("forgot.lead")}
      onSubmit={onSubmit}
    >
      <TextField id="identifier" label={labels.identifier} autoComplete="username" spellCheck={false} autoCapitalize="none" {...form.bind("identifier")} />
      <SubmitButton busy={form.submitting}>{t("forgot.submit")}</SubmitButton>
    </FormPage>
  );
}

export function Reset() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const identifier = new URLSearchParams(useSearch()).get("identifier") ?? "";
  const labels = { identifier: t("login.identifier"), code: t("confirm.code"), password: t("reset.password") };
  const form = useForm({ identifier, code: "", password: "" }, { labels });
  const onSubmit = form.submit(
    (v): Errors => {
      const e: Errors = {};
      if (!v.identifier.trim()) e.identifier = t("login.errIdentifier");
      if (!/^\d{6}$/.test(v.code.replace(/\s/g, ""))) e.code = v.code.trim() ? t("confirm.errCode") : t("confirm.errCodeEmpty");
      if (!v.password) e.password = t("signup.errPasswordEmpty");
      else if (v.password.length < 8) e.password = t("signup.errPasswordShort");
      return e;
    },
    async (v) => {
      await post("/api/auth/password/reset", { identifier: v.identifier.trim(), code: v.code.replace(/\s/g, ""), password: v.password });
      navigate("/masuk?sandi=baru");
    },
  );
  return (
    <FormPage
      summary={form.summary}
      notices={identifier && <Notice kind="info">{t("reset.sent", { identifier })}</Notice>}
      title={t("reset.title")}
      onSubmit={onSubmit}
    >
      {!identifier && <TextField id="identifier" label={labels.identifier} autoComplete="username" {...form.bind("identifier")} />}
      <CodeField id="code" label={labels.code} hint={t("confirm.codeHint")} {...form.bind("code")} />
      <PasswordField id="password" label={labels.password} hint={t("signup.passwordHint")} autoComplete="new-password" {...form.bind("password")} />
      <StrengthHint password={form.values.password} />
      <SubmitButton busy={form.submitting}>{t("reset.submit")}</SubmitButton>
    </FormPage>
  );
}
