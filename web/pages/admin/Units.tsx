import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { del, get, patch, post, type Unit } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { choices, type Errors, ErrorSummary, FormActions, Labelled, SelectField, TextField, useForm } from "../../ui/form.tsx";
import { Loading, Notice, PageTitle, useLoad } from "../../ui/misc.tsx";
import { buildTree, CHILD_KINDS, type UnitNode } from "./units-lib.ts";
import { toggled } from "../../ui/sets.ts";

type Action = { kind: "add" | "rename"; unit: UnitNode } | null;

export default function Units() {
  const { t } = useTranslation();
  const { session } = useSession();
  const canEdit = hasPermission(session, "org.manage");
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<Action>(null);
  const [message, setMessage] = useState<string | null>(null);
  const page = useForm({}, {});
  const { showProblem } = page;

  const load = useLoad(async () => {
    const list = await get<Unit[]>("/api/admin/units");
    setUnits(list);
    setOpen((o) => (o.size ? o : new Set(list.filter((u) => !u.parentId).map((u) => u.id))));
  }, showProblem);

  const tree = useMemo(() => buildTree(units ?? []), [units]);

  // While searching: keep matches and their ancestors, all expanded.
  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return null;
    const keep = new Set<string>();
    const walk = (n: UnitNode): boolean => {
      const self = n.name.toLowerCase().includes(q) || n.code.toLowerCase().includes(q);
      let child = false;
      for (const c of n.children) child = walk(c) || child;
      if (self || child) keep.add(n.id);
      return self || child;
    };
    tree.forEach(walk);
    return keep;
  }, [tree, query]);

  const toggle = (id: string) => setOpen((o) => toggled(o, id));

  const remove = async (u: UnitNode) => {
    if (!window.confirm(t("units.confirmDelete", { name: u.name }))) return;
    setMessage(null);
    try {
      await del(`/api/admin/units/${u.id}`);
      page.clear();
      setMessage(t("units.deleted", { name: u.name }));
      await load();
    } catch (err) {
      page.showProblem(err);
    }
  };

  const done = async (msg: string, expand?: string) => {
    setAction(null);
    setMessage(msg);
    if (expand) setOpen((o) => new Set(o).add(expand));
    await load();
  };

  const renderNode = (n: UnitNode) => {
    if (visible && !visible.has(n.id)) return null;
    const expanded = visible ? true : open.has(n.id);
    const hasChildren = n.children.length > 0;
    return (
      <li key={n.id} className="tree__item">
        <div className="tree__row">
          {hasChildren ? (
            <button type="button" className="tree__toggle" aria-expanded={expanded} onClick={() => toggle(n.id)} disabled={!!visible}>
              <span aria-hidden="true">{expanded ? "▾" : "▸"}</span>
              <span className="visually-hidden">
                {expanded ? t("units.collapse") : t("units.expand")} {n.name}
              </span>
            </button>
          ) : (
            <span className="tree__toggle tree__toggle--leaf" aria-hidden="true" />
          )}
          <span className="tree__label">
            <span className="tree__name">{n.name}</span>{" "}
            <span className="tree__meta">
              <span className={`tag tag--kind tag--${n.kind}`}>{t(`unitKind.${n.kind}`, { defaultValue: n.kind })}</span> <span className="mono">{n.code}</span>
              {n.staff > 0 && <span> · {t("units.staffCount", { count: n.staff })}</span>}
              {hasChildren && <span> · {t("units.childCount", { count: n.children.length })}</span>}
            </span>
          </span>
          {canEdit && (
            <span className="tree__actions">
              {CHILD_KINDS[n.kind]?.length > 0 && (
                <button type="button" className="button button--small button--quiet" onClick={() => setAction({ kind: "add", unit: n })}>
                  {t("units.add")}
                  <span className="visually-hidden"> {t("units.under", { name: n.name })}</span>
                </button>
              )}
              <button type="button" className="button button--small button--quiet" onClick={() => setAction({ kind: "rename", unit: n })}>
                {t("units.rename")}
                <span className="visually-hidden"> {n.name}</span>
              </button>
              {n.kind !== "pemda" && !hasChildren && n.staff === 0 && (
                <button type="button" className="button button--small button--quiet button--quiet-danger" onClick={() => remove(n)}>
                  {t("units.delete")}
                  <span className="visually-hidden"> {n.name}</span>
                </button>
              )}
            </span>
          )}
        </div>
        {action?.unit.id === n.id && <UnitForm key={action.kind} action={action} onCancel={() => setAction(null)} onDone={done} />}
        {hasChildren && expanded && <ul className="tree__list">{n.children.map(renderNode)}</ul>}
      </li>
    );
  };

  return (
    <>
      <ErrorSummary summary={page.summary} />
      {message && <Notice>{message}</Notice>}
      <PageTitle caption={session?.tenant.name}>{t("units.title")}</PageTitle>
      <p>{canEdit ? t("units.lead") : t("units.leadReadOnly")}</p>
      <div className="toolbar">
        <Labelled id="unit-search" label={t("units.search")} className="field--tight">
          <input id="unit-search" type="search" className="input input--w20" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        </Labelled>
        <div className="toolbar__buttons">
          <button type="button" className="button button--secondary button--small" onClick={() => setOpen(new Set((units ?? []).map((u) => u.id)))}>
            {t("units.expandAll")}
          </button>
          <button type="button" className="button button--secondary button--small" onClick={() => setOpen(new Set())}>
            {t("units.collapseAll")}
          </button>
        </div>
      </div>
      {!units ? (
        <Loading />
      ) : visible && visible.size === 0 ? (
        <p role="status">{t("units.noMatch", { query })}</p>
      ) : (
        <>
          {visible && (
            <p role="status" className="visually-hidden">
              {t("units.matches", { count: visible.size })}
            </p>
          )}
          <ul className="tree" aria-label={t("units.title")}>
            {tree.map(renderNode)}
          </ul>
        </>
      )}
    </>
  );
}

function UnitForm({
  action,
  onCancel,
  onDone,
}: {
  action: NonNullable<Action>;
  onCancel: () => void;
  onDone: (msg: string, expand?: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { unit } = action;
  const adding = action.kind === "add";
  const kinds = CHILD_KINDS[unit.kind] ?? [];
  const p = `unit-${action.kind}`;
  const labels = { [`${p}-kind`]: t("units.kind"), [`${p}-code`]: t("units.code"), [`${p}-name`]: t("units.name") };
  const form = useForm(adding ? { kind: kinds[0] ?? "", code: "", name: "" } : { kind: unit.kind, code: unit.code, name: unit.name }, {
    labels,
    fieldMap: { kind: `${p}-kind`, code: `${p}-code`, name: `${p}-name`, parentId: `${p}-kind` },
  });
  const onSubmit = form.submit(
    (v): Errors => {
      const e: Errors = {};
      if (v.name.trim().length < 3) e[`${p}-name`] = t("units.errName");
      if (!/^[A-Za-z0-9.-]{2,40}$/.test(v.code.trim())) e[`${p}-code`] = t("units.errCode");
      return e;
    },
    async (v) => {
      if (adding) {
        await post("/api/admin/units", { parentId: unit.id, kind: v.kind, code: v.code.trim(), name: v.name.trim() });
        await onDone(t("units.added", { name: v.name.trim() }), unit.id);
      } else {
        const body: Record<string, string> = {};
        if (v.code.trim() !== unit.code) body.code = v.code.trim();
        if (v.name.trim() !== unit.name) body.name = v.name.trim();
        if (Object.keys(body).length) await patch(`/api/admin/units/${unit.id}`, body);
        await onDone(t("units.renamed", { name: v.name.trim() }));
      }
    },
  );
  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate aria-labelledby={`${p}-title`}>
      <ErrorSummary summary={form.summary} />
      <h2 className="h4" id={`${p}-title`}>
        {adding ? t("units.addTitle", { name: unit.name }) : t("units.renameTitle", { name: unit.name })}
      </h2>
      <div className="form-row">
        {adding && (
          <SelectField id={`${p}-kind`} label={t("units.kind")} {...form.bind("kind", `${p}-kind`)} options={choices(kinds, (k) => t(`unitKind.${k}`))} />
        )}
        <TextField id={`${p}-code`} label={t("units.code")} hint={t("units.codeHint")} width="10" {...form.bind("code", `${p}-code`)} autoComplete="off" />
        <TextField id={`${p}-name`} label={t("units.name")} {...form.bind("name", `${p}-name`)} autoComplete="off" autoFocus />
      </div>
      <FormActions submit={adding ? t("units.addSubmit") : t("common.save")} busy={form.submitting} onCancel={onCancel} />
    </form>
  );
}
