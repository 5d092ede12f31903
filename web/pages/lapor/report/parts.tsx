/** Small pieces the steps of /lapor share: the back link, a summary row with its change link, a field's answer label. */
import { Link } from "wouter";
import { type categoryFields, type useL, useLaporT } from "../shared.tsx";
import type { Step } from "./useReportFlow.ts";

export function BackLink({ to }: { to: Step }) {
  const { t } = useLaporT();
  return (
    <p>
      <Link href={to === "kategori" ? "/lapor" : `/lapor?langkah=${to}`} className="back-link">
        {t("flow.back")}
      </Link>
    </p>
  );
}

export function Row({ label, value, href, pre }: { label: string; value: string; href: string; pre?: boolean }) {
  const { t } = useLaporT();
  return (
    <div>
      <dt>{label}</dt>
      <dd className={pre ? "pre-wrap" : "break"}>{value}</dd>
      <dd className="summary-list__action">
        <Link href={href}>
          {t("flow.change")}
          <span className="visually-hidden"> {label}</span>
        </Link>
      </dd>
    </div>
  );
}

export function extraLabel(f: ReturnType<typeof categoryFields>[number], v: string, L: ReturnType<typeof useL>) {
  const o = f.options?.find((x) => x.value === v);
  return o ? L(o.label) : v;
}
