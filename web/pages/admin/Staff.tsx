/** /admin/staf — staff accounts of the tenant: list, search, role grants per unit; forms in StaffForms.tsx. */
import { Fragment, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { del, get, post, type Staff, STAFF_ROLES, type Unit } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, SubmitButton, useForm } from "../../ui/form.tsx";
import { Loading, Notice, PageTitle, useLoad } from "../../ui/misc.tsx";
import { buildTree, flatten, subtree } from "./units-lib.ts";
import { CreateStaff, GrantForm } from "./StaffForms.tsx";

const PAGE = 50;

export default function StaffPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const me = session!.user!;
  const isKominfo = me.grants.some((g) => g.role === "kominfo_admin");
  const [rows, setRows] = useState<Staff[] | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const page = useForm({}, {});
  const { showProblem } = page;

  const load = useLoad(
    async () => {
      const params = new URLSearchParams({ limit: String(PAGE + 1), offset: String(offset) });
      if (query) params.set("q", query);
      setRows(await get<Staff[]>(`/api/admin/staff?${params}`));
    },
    showProblem,
    `${query}\n${offset}`,
  );
  useEffect(() => {
    get<Unit[]>("/api/admin/units").then(setUnits, showProblem);
  }, [showProblem]);

  // The units and roles this admin may hand out: everything for Kominfo, the own OPD subtree otherwise.
  const pickable = useMemo(() => {
    const tree = buildTree(units);
    const all = flatten(tree);
    if (isKominfo) return all;
    const allowed = subtree(
      tree,
      me.grants.filter((g) => g.role === "opd_admin").map((g) => g.unitId),
    );
    return all.filter((u) => allowed.has(u.id)).map((u) => ({ ...u, depth: 0 }));
  }, [units, isKominfo, me.grants]);
  const roles = isKominfo ? [...STAFF_ROLES] : ["opd_admin", "opd_operator"];

  const act = async (fn: () => Promise<unknown>, msg: string) => {
    setMessage(null);
    try {
      await fn();
      page.clear();
      setMessage(msg);
      await load();
    } catch (err) {
      page.showProblem(err);
    }
  };

  const list = rows?.slice(0, PAGE) ?? [];
  const more = (rows?.length ?? 0) > PAGE;

  return (
    <>
      <ErrorSummary summary={page.summary} />
      {message && <Notice>{message}</Notice>}
      <PageTitle caption={session?.tenant.name}>{t("staff.title")}</PageTitle>
      <div className="toolbar">
        <form
          className="search-form"
          onSubmit={(e) => {
            e.preventDefault();
            setOffset(0);
            setQuery(q.trim());
          }}
        >
          <label className="field__label" htmlFor="staff-q">
            {t("staff.search")}
          </label>
          <div className="search-form__row">
            <input id="staff-q" type="search" className="input input--w20" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
            <SubmitButton className="button--secondary">{t("staff.searchSubmit")}</SubmitButton>
          </div>
        </form>
        <div className="toolbar__buttons">
          <button type="button" className="button" aria-expanded={creating} aria-controls="create-staff" onClick={() => setCreating((c) => !c)}>
            {t("staff.create")}
          </button>
        </div>
      </div>
      {creating && (
        <CreateStaff
          units={pickable}
          roles={roles}
          onCancel={() => setCreating(false)}
          onDone={async (name) => {
            setCreating(false);
            setMessage(t("staff.created", { name }));
            setQuery(name);
            setQ(name);
            setOffset(0);
            await load();
          }}
        />
      )}
      {!rows ? (
        <Loading />
      ) : list.length === 0 ? (
        <p role="status">{query ? t("staff.noMatch", { query }) : t("staff.none")}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
        <section className="table-wrap" tabIndex={0} aria-label={t("staff.title")}>
          <table className="table table--staff">
            <caption className="visually-hidden">{t("staff.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.name")}</th>
                <th scope="col">{t("staff.nip")}</th>
                <th scope="col">{t("staff.roles")}</th>
                <th scope="col">{t("staff.security")}</th>
                <th scope="col">{t("staff.status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("staff.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <Fragment key={s.id}>
                  <tr className={s.disabled ? "is-disabled" : undefined}>
                    <td>
                      <strong>{s.name}</strong>
                      <div className="muted break">{s.email}</div>
                      {s.phone && <div className="muted">{s.phone}</div>}
                    </td>
                    <td className="mono">{s.nip ?? "—"}</td>
                    <td>
                      {s.grants.length === 0 ? (
                        <span className="muted">{t("staff.noRoles")}</span>
                      ) : (
                        <ul className="grant-list">
                          {s.grants.map((g) => (
                            <li key={g.id}>
                              <span className="tag">{t(`roles.${g.role}`, { defaultValue: g.role })}</span> <span title={g.unitName}>{g.unitName}</span>{" "}
                              <button
                                type="button"
                                className="link-button link-button--danger"
                                onClick={() =>
                                  window.confirm(t("staff.confirmRevoke", { role: t(`roles.${g.role}`), unit: g.unitName, name: s.name })) &&
                                  act(() => del(`/api/admin/grants/${g.id}`), t("staff.revoked", { role: t(`roles.${g.role}`), name: s.name }))
                                }
                              >
                                {t("staff.revoke")}
                                <span className="visually-hidden">
                                  {" "}
                                  {t(`roles.${g.role}`)} {g.unitName}, {s.name}
                                </span>
                              </button>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      {s.totpEnabled ? (
                        <span className="tag tag--green">{t("staff.totpOn")}</span>
                      ) : (
                        <span className="tag tag--grey">{t("staff.totpOff")}</span>
                      )}
                    </td>
                    <td>
                      {s.disabled ? <span className="tag tag--red">{t("staff.disabled")}</span> : <span className="tag tag--green">{t("staff.active")}</span>}
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        className="button button--small button--quiet"
                        aria-expanded={granting === s.id}
                        onClick={() => setGranting(granting === s.id ? null : s.id)}
                      >
                        {t("staff.grant")}
                        <span className="visually-hidden"> {s.name}</span>
                      </button>
                      {s.id !== me.id && (
                        <button
                          type="button"
                          className={`button button--small button--quiet${s.disabled ? "" : " button--quiet-danger"}`}
                          onClick={() =>
                            act(
                              () => post(`/api/admin/staff/${s.id}/status`, { disabled: !s.disabled }),
                              s.disabled ? t("staff.enabledMsg", { name: s.name }) : t("staff.disabledMsg", { name: s.name }),
                            )
                          }
                        >
                          {s.disabled ? t("staff.enable") : t("staff.disable")}
                          <span className="visually-hidden"> {s.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                  {granting === s.id && (
                    <tr className="row-form">
                      <td colSpan={6}>
                        <GrantForm
                          staff={s}
                          units={pickable}
                          roles={roles}
                          onCancel={() => setGranting(null)}
                          onDone={async (msg) => {
                            setGranting(null);
                            setMessage(msg);
                            await load();
                          }}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {(offset > 0 || more) && (
        <nav className="pagination" aria-label={t("common.pagination")}>
          {offset > 0 && (
            <button type="button" className="button button--secondary" onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t("common.prev")}
            </button>
          )}
          <span>{t("common.range", { from: offset + 1, to: offset + list.length })}</span>
          {more && (
            <button type="button" className="button button--secondary" onClick={() => setOffset(offset + PAGE)}>
              {t("common.next")}
            </button>
          )}
        </nav>
      )}
    </>
  );
}
