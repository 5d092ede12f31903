import { useState } from "react";
import { useTranslation } from "react-i18next";
import { patch, post } from "../api.ts";
import { applyLanguage, type Lang } from "../i18n/index.ts";
import { useSession } from "../session.tsx";
import { type Errors, ErrorSummary, PasswordField, Radios, SubmitButton, useForm } from "../ui/form.tsx";
import { Notice, PageTitle, SummaryList } from "../ui/misc.tsx";
import { StrengthHint } from "../ui/strength.tsx";
import { TotpCard } from "../ui/TotpCard.tsx";
import { Section } from "../ui/Section.tsx";

export default function Account() {
  const { t, i18n } = useTranslation();
  const { session, refresh } = useSession();
  const user = session!.user!;
  const [lang, setLang] = useState<Lang>(i18n.language === "en" ? "en" : "id");
  const [langSaved, setLangSaved] = useState(false);
  const [pwSaved, setPwSaved] = useState(false);
  const labels = { currentPassword: t("account.current"), newPassword: t("account.new") };
  const pw = useForm({ currentPassword: "", newPassword: "" }, { labels });
  const langForm = useForm({}, {});

  const onPassword = pw.submit(
    (v): Errors => {
      const e: Errors = {};
      if (!v.currentPassword) e.currentPassword = t("account.errCurrent");
      if (!v.newPassword) e.newPassword = t("signup.errPasswordEmpty");
      else if (v.newPassword.length < 8) e.newPassword = t("signup.errPasswordShort");
      return e;
    },
    async (v) => {
      setPwSaved(false);
      await post("/api/me/password", v);
      pw.setValues({ currentPassword: "", newPassword: "" });
      setPwSaved(true);
    },
  );

  const onLanguage = langForm.submit(
    () => ({}),
    async () => {
      applyLanguage(lang);
      await patch("/api/me", { locale: lang });
      await refresh();
      setLangSaved(true);
    },
  );

  return (
    <>
      <PageTitle>{t("account.title")}</PageTitle>
      <SummaryList
        rows={[[t("account.name"), user.name], user.email && [t("account.email"), user.email, "break"], user.phone && [t("account.phone"), user.phone]]}
      />

      <div className="grid grid--2">
        <Section className="card" titleId="lang-title" title={t("account.languageTitle")} titleClassName="card__title">
          <ErrorSummary summary={langForm.summary} />
          {langSaved && <Notice>{t("account.languageSaved")}</Notice>}
          <form onSubmit={onLanguage} noValidate>
            <Radios
              name="locale"
              legend={t("account.language")}
              value={lang}
              onChange={(v) => setLang(v as Lang)}
              options={[
                { value: "id", label: <span lang="id">Bahasa Indonesia</span> },
                { value: "en", label: <span lang="en">English</span> },
              ]}
            />
            <SubmitButton busy={langForm.submitting}>{t("account.languageSave")}</SubmitButton>
          </form>
        </Section>

        <Section className="card" titleId="pw-title" title={t("account.passwordTitle")} titleClassName="card__title">
          <ErrorSummary summary={pw.summary} />
          {pwSaved && <Notice>{t("account.passwordSaved")}</Notice>}
          <form onSubmit={onPassword} noValidate>
            <PasswordField id="currentPassword" label={labels.currentPassword} autoComplete="current-password" {...pw.bind("currentPassword")} />
            <PasswordField
              id="newPassword"
              label={labels.newPassword}
              hint={t("signup.passwordHint")}
              autoComplete="new-password"
              {...pw.bind("newPassword")}
            />
            <StrengthHint password={pw.values.newPassword} />
            <SubmitButton busy={pw.submitting}>{t("account.passwordSave")}</SubmitButton>
          </form>
        </Section>
        {user.kind === "staff" && <TotpCard />}
      </div>
    </>
  );
}
