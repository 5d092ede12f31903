import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useSearch } from "wouter";
import { type LoginResult, post, ProblemError, type Session, setCsrfToken } from "../api.ts";
import { useSession } from "../session.tsx";
import { CodeField, type Errors, PasswordField, SubmitButton, TextField, useForm } from "../ui/form.tsx";
import { FormPage } from "../ui/FormPage.tsx";
import { MessagePage, Notice } from "../ui/misc.tsx";

// "Masuk dengan INApas" (docs/sso.md) loads with its own small chunk, and only shows when INApas is configured.
const InapasButton = lazy(() => import("./sso/InapasButton.tsx"));

/** Where to go after login: a safe local `next`, else the console for staff and "Layanan saya" for citizens. */
function destination(next: string | null, s: Session | null) {
  if (next?.startsWith("/") && !next.startsWith("//")) return next;
  // A parking attendant's phone goes straight to their collecting screen (e-Parking).
  if (s?.user?.permissions.includes("parking.collect")) return "/parkir/jukir";
  return s?.user?.kind === "staff" ? "/konsol" : "/layanan-saya";
}

export function Login() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const next = params.get("next");
  const { session, refresh } = useSession();
  const [step, setStep] = useState<"password" | "totp">(session?.mfaPending ? "totp" : "password");
  const labels = { identifier: t("login.identifier"), password: t("login.password") };
  const form = useForm({ identifier: "", password: "" }, { labels });
  const totp = useForm({ code: "" }, { labels: { code: t("login.totpCode") } });

  const onSubmit = form.submit(
    (v): Errors => {
      const e: Errors = {};
      if (!v.identifier.trim()) e.identifier = t("login.errIdentifier");
      if (!v.password) e.password = t("login.errPassword");
      return e;
    },
    async (v) => {
      const identifier = v.identifier.trim();
      let r: LoginResult;
      try {
        r = await post<LoginResult>("/api/auth/login", { identifier, password: v.password });
      } catch (err) {
        if (err instanceof ProblemError && err.code === "account-not-verified") {
          navigate(`/daftar/konfirmasi?identifier=${encodeURIComponent(identifier)}&dikirim=1`);
          return;
        }
        throw err;
      }
      setCsrfToken(r.csrfToken);
      if (r.mfaRequired) {
        setStep("totp");
        return;
      }
      navigate(destination(next, await refresh()));
    },
  );

  const onTotp = totp.submit(
    (v): Errors => (/^\d{6}$/.test(v.code.replace(/\s/g, "")) ? {} : { code: t("login.errTotp") }),
    async (v) => {
      await post("/api/auth/login/totp", { code: v.code.replace(/\s/g, "") });
      navigate(destination(next, await refresh()));
    },
  );

  if (session?.user) {
    return (
      <MessagePage
        title={t("login.title")}
        body={t("login.already", { name: session.user.name })}
        href={destination(null, session)}
        link={t("login.continue")}
      />
    );
  }

  if (step === "totp") {
    return (
      <FormPage summary={totp.summary} title={t("login.totpTitle")} lead={t("login.totpLead")} onSubmit={onTotp}>
        <CodeField id="code" label={t("login.totpCode")} hint={t("login.totpHint")} {...totp.bind("code")} />
        <SubmitButton busy={totp.submitting}>{t("login.totpSubmit")}</SubmitButton>
      </FormPage>
    );
  }

  return (
    <FormPage
      summary={form.summary}
      notices={
        <>
          {params.get("keluar") === "1" && <Notice>{t("login.loggedOut")}</Notice>}
          {params.get("sandi") === "baru" && <Notice>{t("login.passwordChanged")}</Notice>}
        </>
      }
      title={t("login.title")}
      onSubmit={onSubmit}
      after={
        <>
          <Suspense fallback={null}>
            <InapasButton next={next} />
          </Suspense>
          <p>
            <Link href="/lupa-sandi">{t("login.forgot")}</Link>
          </p>
          <p>
            {t("login.noAccount")} <Link href="/daftar">{t("login.toSignup")}</Link>
          </p>
        </>
      }
    >
      <TextField
        id="identifier"
        label={labels.identifier}
        hint={t("login.identifierHint")}
        autoComplete="username"
        spellCheck={false}
        autoCapitalize="none"
        {...form.bind("identifier")}
      />
      <PasswordField id="password" label={labels.password} autoComplete="current-password" {...form.bind("password")} />
      <SubmitButton busy={form.submitting}>{t("login.submit")}</SubmitButton>
    </FormPage>
  );
}
