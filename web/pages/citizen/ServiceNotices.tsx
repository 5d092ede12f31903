// What a service page says about where the service really lives: a retired service and why, or the national
// system that holds it (SIAK, SIMBG, OSS-RBA …) and what Balai does for it (docs/catalog.md "National systems").
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { type ServiceSpec, useLoc } from "./shared.tsx";

export function RetiredNotice({ s }: { s: ServiceSpec }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  if (s.status !== "retired" || !s.retired) return null;
  return (
    <div className="notice notice--warning" role="note">
      <p className="notice__title">{t("service.retiredTitle")}</p>
      <p>{loc(s.retired.reason)}</p>
      {s.retired.replacedBy && (
        <p>
          <Link href={`/layanan/${s.retired.replacedBy}`}>{t("service.retiredReplacement")}</Link>
        </p>
      )}
    </div>
  );
}

/** The national system's notice; the call to action is the deep link when Balai only guides. */
export function NationalSystemNotice({ s }: { s: ServiceSpec }) {
  const { t } = useTranslation("citizen");
  const n = s.nationalSystem;
  if (!n || s.status === "retired") return null;
  return (
    <div className="notice notice--info" role="note">
      <p className="notice__title">{t("service.nationalTitle", { system: n.system })}</p>
      <p>{t(`service.national.${n.role}`, { system: n.system })}</p>
      {n.role !== "guide" && (
        <p>
          <a href={n.url} rel="noopener noreferrer">
            {t("service.nationalOpen", { system: n.system })}
          </a>
        </p>
      )}
    </div>
  );
}

/** Does the page offer Balai's own application form? Not for a retired service, nor one Balai only guides to. */
export function takesApplications(s: ServiceSpec): boolean {
  return s.status !== "retired" && s.nationalSystem?.role !== "guide";
}
