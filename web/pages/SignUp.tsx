import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useSearch } from "wouter";
import { type LoginResult, post, setCsrfToken } from "../api.ts";
import { useSession } from "../session.tsx";
import { type Errors, ErrorSummary, PasswordField, Radios, SubmitButton, CodeField, TextField, useForm } from "../ui/form.tsx";
import { MessagePage, Notice, PageTitle } from "../ui/misc.tsx";
import { StrengthHint } from "../ui/strength.tsx";
import { FormPage } from "../ui/FormPage.tsx";

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_RE = /^(\+?62|0)8\d{7,12}$/;

export const looksLikeEmail = (v: string) => EMAIL_RE.test(v.trim());
export const looksLikePhone = (v: string) => PHONE_RE.test(v.replace(/[\s-]/g, ""));

export function SignUp() {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const { session } = useSession();
  const [channel, setChannel] = useState<"email" | "phone">("email");
  const labels = { name: t("signup.name"), channel: t("signup.channel"), email: t("signup.email"), phone: t("signup.phone"), password: t("signup.password") };
  const form = useForm({ name: "", email: "", phone: "", password: "" }, { labels });
  const { values } = form;

  const validate = (v: typeof values): Errors => {
    const e: Errors = {};
    if (!v.name.trim()) e.name = t("signup.errName");
    if (channel === "email") {
      if (!v.email.trim()) e.email = t("signup.errEmailEmpty");
      else if (!looksLikeEmail(v.email)) e.email = t("signup.errEmail");
    } else if (!v.phone.trim()) e.phone = t("signup.errPhoneEmpty");
    else if (!looksLikePhone(v.phone)) e.phone = t("signup.errPhone");
    if (!v.password) e.password = t("signup.errPasswordEmpty");
    else if (v.password.length < 8) e.password = t("signup.errPasswordShort");
    return e;
  };

  const onSubmit = form.submit(validate, async (v) => {
    const identifier = channel === "email" ? v.email.trim() : v.phone.trim();
    await post("/api/auth/signup", {
      name: v.name.trim(),
      ...(channel === "email" ? { email: identifier } : { phone: identifier }),
      password: v.password,
      locale: i18n.language === "en" ? "en" : "id",
    });
    navigate(`/daftar/konfirmasi?identifier=${encodeURIComponent(identifier)}`);
  });

  if (session?.user) {
    return (
      <MessagePage
        title={t("signup.title")}
        body={t("signup.already", { name: session.user.name })}
        href={session.user.kind === "citizen" ? "/layanan-saya" : "/konsol"}
        link={t("signup.continue")}
      />
    );
  }

  return (
    <FormPage
      summary={form.summary}
      title={t("signup.title")}
      lead={t("signup.lead")}
      onSubmit={onSubmit}
      after={
        <p>
          {t("signup.haveAccount")} <Link href="/masuk">{t("signup.toLogin")}</Link>
        </p>
      }
    >
      <TextField id="name" label={labels.name} hint={t("signup.nameHint")} autoComplete="name" {...form.bind("name")} />
      <Radios
        name="channel"
        legend={labels.channel}
        hint={t("signup.channelHint")}
        value={channel}
        onChange={(v) => setChannel(v as "email" | "phone")}
        options={[
          { value: "email", label: t("signup.byEmail") },
          { value: "phone", label: t("signup.byPhone") },
        ]}
        inline
      />
      {channel === "email" ? (
        <TextField id="email" label={labels.email} type="email" autoComplete="email" spellCheck={false} autoCapitalize="none" {...form.bind("email")} />
      ) : (
        <TextField
          id="phone"
          label={labels.phone}
          hint={t("signup.phoneHint")}
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          width="20"
          {...form.bind("phone")}
        />
      )}
      <PasswordField id="password" label={labels.password} hint={t("signup.passwordHint")} autoComplete="new-password" {...form.bind("password")} />
      <StrengthHint password={values.password} />
      <SubmitButton busy={form.submitting}>{t("signup.submit")}</SubmitButton>
    </FormPage>
  );
}

export function Confirm() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const fromUrl = params.get("identifier") ?? "";
  const { session, refresh } = useSession();
  const [resent, setResent] = useState(params.get("dikirim") === "1");
  const labels = { identifier: t("confirm.identifier"), code: t("confirm.code") };
  const form = useForm({ identifier: fromUrl, code: "" }, { labels });
  const { values } = form;
  const isPhone = looksLikePhone(values.identifier) && !looksLikeEmail(values.identifier);

  const onSubmit = form.submit(
    (v) => {
      const e: Errors = {};
      if (!v.identifier.trim()) e.identifier = t("confirm.errIdentifier");
      const code = v.code.replace(/\s/g, "");
      if (!code) e.code = t("confirm.errCodeEmpty");
      else if (!/^\d{6}$/.test(code)) e.code = t("confirm.errCode");
      return e;
    },
    async (v) => {
      const r = await post<LoginResult>("/api/auth/signup/confirm", { identifier: v.identifier.trim(), code: v.code.replace(/\s/g, "") });
      setCsrfToken(r.csrfToken);
      await refresh();
      navigate("/layanan-saya");
    },
  );

  const resend = async () => {
    if (!values.identifier.trim()) {
      form.showErrors({ identifier: t("confirm.errIdentifier") });
      return;
    }
    try {
      await post("/api/auth/signup/resend", { identifier: values.identifier.trim() });
      form.clear();
      setResent(true);
    } catch (err) {
      form.showProblem(err);
    }
  };

  return (
    <div className="narrow">
      <ErrorSummary summary={form.summary} />
      {resent && <Notice title={t("confirm.resentTitle")}>{t("confirm.resentBody")}</Notice>}
      <PageTitle>{t("confirm.title")}</PageTitle>
      {fromUrl ? (
        <p className="lead">
          {isPhone ? t("confirm.sentSms") : t("confirm.sentEmail")} <strong className="break">{fromUrl}</strong>.
        </p>
      ) : (
        <p className="lead">{t("confirm.leadNoId")}</p>
      )}
      <p>{t("confirm.validity")}</p>
      {session?.devOutbox && (
        <Notice kind="info" title={t("confirm.devTitle")}>
          <p>{t("confirm.devBody")}</p>
        </Notice>
      )}
      <form onSubmit={onSubmit} noValidate>
        {!fromUrl && <TextField id="identifier" label={labels.identifier} autoComplete="username" {...form.bind("identifier")} />}
        <CodeField id="code" label={labels.code} hint={t("confirm.codeHint")} {...form.bind("code")} />
        <SubmitButton busy={form.submitting}>{t("confirm.submit")}</SubmitButton>
      </form>
      <h2 className="h3">{t("confirm.noCodeTitle")}</h2>
      <p>{t("confirm.noCodeBody")}</p>
      <button type="button" className="button button--secondary" onClick={resend}>
        {t("confirm.resend")}
      </button>
    </div>
  );
}
