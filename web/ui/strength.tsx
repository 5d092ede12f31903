import { useTranslation } from "react-i18next";

/** A rough, dependency-free strength estimate; the server (zxcvbn) has the final word. */
export function strengthOf(pw: string): 0 | 1 | 2 | 3 {
  if (pw.length < 8) return 0;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  const repeated = /^(.)\1+$/.test(pw) || /^(?:0123|1234|abcd|qwer|pass|sandi)/i.test(pw);
  if (repeated) return 1;
  if (pw.length >= 14 || (pw.length >= 11 && classes >= 3)) return 3;
  if (pw.length >= 10 || classes >= 3) return 2;
  return 1;
}

export function StrengthHint({ password }: { password: string }) {
  const { t } = useTranslation();
  if (!password) return null;
  const s = strengthOf(password);
  const label = [t("password.s0"), t("password.s1"), t("password.s2"), t("password.s3")][s];
  return (
    <div className={`strength strength--${s}`} aria-live="polite">
      <span className="strength__bar" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      <span className="strength__label">{label}</span>
    </div>
  );
}
