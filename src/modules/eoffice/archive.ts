/** Reading letters: one letter with its dispositions, the search over the archive, the scan or signed PDF. */
import { can } from "../../platform/auth/roles.ts";
import { notFound } from "../../platform/errors.ts";
import { headRight } from "./authority.ts";
import { dispositionView, type EoCtx, involvedIn, letterOr404, letterView, maySee, requireStaff, today } from "./common.ts";
import * as store from "./store.ts";
import * as refs from "./refs.ts";

/** One letter as the actor may see it (404 when the access class hides it), with what the actor may do next. */
export async function letterDetail(ctx: EoCtx, id: string) {
  const actor = requireStaff(ctx);
  const l = letterOr404(await store.getLetter(ctx.db, ctx.tenant.id, id));
  const dispositions = await store.dispositionsOf(ctx.db, ctx.tenant.id, id);
  if (!maySee(actor, l, involvedIn(actor, l, dispositions))) throw notFound("letter-not-found");
  const head = l.direction === "incoming" ? await headRight(ctx.db, ctx.tenant, actor, l.unit_id, "eoffice.dispose") : null;
  const signRight = l.status === "signing" ? await headRight(ctx.db, ctx.tenant, actor, l.unit_id, "eoffice.sign", l.signer_id) : null;
  return {
    ...letterView(l, today(ctx.tenant)),
    dispositions: dispositions.map(dispositionView),
    can: {
      dispose: !!head && l.status !== "finished",
      disposeAs: head?.delegation ?? null,
      attachScan: l.direction === "incoming" && can(actor, "eoffice.register", [l.unit_id]),
      submit: l.status === "draft" && l.drafter_id === actor.userId,
      review: l.status === "verification" && l.verifier_id === actor.userId,
      sign: !!signRight,
      signAs: signRight?.delegation ?? null,
      send: l.status === "signed" && (l.drafter_id === actor.userId || can(actor, "eoffice.register", [l.unit_id]) || l.signed_by === actor.userId),
    },
  };
}

export async function searchLetters(
  ctx: EoCtx,
  f: { direction?: "incoming" | "outgoing"; q?: string; classification?: string; status?: string; unitId?: string; limit?: number },
) {
  const actor = requireStaff(ctx);
  const everywhere = actor.grants.some((g) => g.role === "kominfo_admin");
  const mine = [...new Set(actor.grants.map((g) => g.unitId))];
  const unitIds = f.unitId ? (everywhere || mine.includes(f.unitId) ? [f.unitId] : []) : everywhere ? null : mine;
  const rows = await store.searchLetters(ctx.db, ctx.tenant.id, {
    unitIds,
    userId: actor.userId,
    direction: f.direction,
    text: f.q?.trim() || undefined,
    classification: f.classification,
    status: f.status,
    limit: 500,
  });
  const on = today(ctx.tenant);
  const visible = [];
  for (const l of rows) {
    // The involvement check needs the dispositions only for letters the access class would otherwise hide.
    if (!maySee(actor, l, false) && !maySee(actor, l, involvedIn(actor, l, await store.dispositionsOf(ctx.db, ctx.tenant.id, l.id)))) continue;
    visible.push(letterView(l, on));
    if (visible.length >= (f.limit ?? 100)) break;
  }
  return visible;
}

/** The scan of an incoming letter or the signed PDF of an outgoing one. */
export async function letterFile(ctx: EoCtx, id: string) {
  await letterDetail(ctx, id);
  const l = letterOr404(await store.getLetter(ctx.db, ctx.tenant.id, id));
  if (!l.file_key) throw notFound("file-not-found");
  return { bytes: await ctx.files.get(l.file_key), type: l.file_type ?? "application/pdf", name: l.file_name ?? "surat.pdf" };
}

export async function classifications(ctx: EoCtx) {
  requireStaff(ctx);
  return (await store.listClassifications(ctx.db)).map((k) => ({
    code: k.code,
    name: k.name,
    activeYears: k.active_years,
    inactiveYears: k.inactive_years,
    finalFate: k.final_fate,
  }));
}

/** The unit's staff (for the disposition and verifier pickers) and the units letters may go to. */
export async function unitDirectory(ctx: EoCtx, unitId: string) {
  const actor = requireStaff(ctx);
  if (!actor.grants.some((g) => g.unitId === unitId || g.role === "kominfo_admin")) throw notFound("unit-not-found");
  return { staff: await refs.unitStaff(ctx.db, ctx.tenant.id, unitId), units: await refs.units(ctx.db, ctx.tenant.id) };
}
