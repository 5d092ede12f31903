// e-Office (issue 18 part 2): dispositions per second over HTTP. The secretariat registers 200 letters in setup; each
// step the head of Dinas Perdagangan disposes one (lock the letter, check the head's right, check the recipient is
// staff of the unit, insert, audit) — the "dispose" row — and the full chain row adds the recipient's read and finish.
import { drive } from "../lib/drive.ts";
import type { BenchContext, Scenario } from "./types.ts";

type Session = { cookie: string; csrfToken: string };
const LETTERS = 200;

async function call(ctx: BenchContext, s: Session, method: string, path: string, body: unknown, expect: number) {
  const res = await fetch(ctx.balaiUrl + path, {
    method,
    headers: { "content-type": "application/json", cookie: s.cookie, "x-csrf-token": s.csrfToken },
    body: method === "GET" ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

let prepared: Promise<{ head: Session; staff: Session; staffId: string; letters: string[] }> | undefined;
function prepare(ctx: BenchContext) {
  prepared ??= (async () => {
    const sek = await ctx.session("sekretariat.disdag@palembang.go.id");
    const head = await ctx.session("kepala.disdag@palembang.go.id");
    const staff = await ctx.session("operator.disdag@palembang.go.id");
    const me = await call(ctx, staff, "GET", "/api/auth/session", undefined, 200);
    const letters: string[] = [];
    for (let i = 0; i < LETTERS; i++) {
      const l = await call(
        ctx,
        sek,
        "POST",
        "/api/eoffice/incoming",
        {
          number: `B/${i}/2026`,
          subject: `Surat bench ${i}`,
          sender: "Bench",
          letterDate: "2026-11-02",
          classificationCode: "000.1",
          confidentiality: "biasa",
          urgency: "biasa",
        },
        201,
      );
      letters.push(l.id);
    }
    return { head, staff, staffId: me.user.id as string, letters };
  })();
  return prepared;
}

export const eofficeDispose: Scenario = {
  name: "e-Office dispose (POST dispositions, HTTP)",
  async drive(ctx, opts) {
    const p = await prepare(ctx);
    let i = 0;
    const step = async () => {
      const letter = p.letters[i++ % p.letters.length];
      await call(ctx, p.head, "POST", `/api/eoffice/letters/${letter}/dispositions`, { to: p.staffId, instruction: "Tindak lanjuti" }, 201);
    };
    await drive(opts.connections, opts.warmupSeconds, step);
    const m = await drive(opts.connections, opts.seconds, step);
    return { ...m, note: `dispositions/s by the head over ${LETTERS} letters, ${opts.connections} connections` };
  },
};

export const eofficeChain: Scenario = {
  name: "e-Office disposition chain (dispose + read + finish, HTTP)",
  async drive(ctx, opts) {
    const p = await prepare(ctx);
    let i = 0;
    const step = async (_w: number, mark: (name: string, ms: number) => void) => {
      const letter = p.letters[i++ % p.letters.length];
      const t = performance.now();
      const d = await call(ctx, p.head, "POST", `/api/eoffice/letters/${letter}/dispositions`, { to: p.staffId, instruction: "Selesaikan" }, 201);
      mark("dispose", performance.now() - t);
      await call(ctx, p.staff, "POST", `/api/eoffice/dispositions/${d.id}/read`, {}, 200);
      await call(ctx, p.staff, "POST", `/api/eoffice/dispositions/${d.id}/finish`, { note: "Selesai" }, 200);
    };
    await drive(opts.connections, opts.warmupSeconds, step);
    const m = await drive(opts.connections, opts.seconds, step);
    return { ...m, note: "completed disposition chains/s (3 requests each); 'dispose' = the POST alone" };
  },
};

export const eofficeScenarios = [eofficeDispose, eofficeChain];
