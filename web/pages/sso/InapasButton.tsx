/** "Masuk dengan INApas" on the sign-in screens, shown when the server has INApas configured. */
import { useData } from "../citizen/shared.tsx";
import { useSsoT } from "./shared.tsx";

export function InapasButton({ next }: { next?: string | null }) {
  const { t } = useSsoT();
  const { data } = useData<{ enabled: boolean }>("/api/auth/inapas/status");
  if (!data?.enabled) return null;
  const href = `/api/auth/inapas/start${next ? `?next=${encodeURIComponent(next)}` : ""}`;
  return (
    <div className="inapas">
      <a href={href} className="button button--secondary">
        {t("inapasButton")}
      </a>
      <p className="field__hint">{t("inapasHint")}</p>
    </div>
  );
}

export default InapasButton;
