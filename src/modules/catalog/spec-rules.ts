/**
 * Rules a service must keep beyond its shape (docs/catalog.md, "Deadlines that add up" and "National systems"):
 * its step deadlines fit its promise, its legal basis names numbered regulations, a retired service says why and
 * is not published, and a service a national system owns runs no approval or payment of its own.
 */
import type { Workflow } from "./spec-types.ts";

type Obj = Record<string, unknown>;

/** The workflow with this service's `stepDays` in place of the template's slaDays. */
export function applyStepDays(wf: Workflow, stepDays: unknown): Workflow {
  if (!stepDays || typeof stepDays !== "object") return wf;
  const days = stepDays as Record<string, number>;
  return { ...wf, states: wf.states.map((st) => (typeof days[st.key] === "number" ? { ...st, slaDays: days[st.key] } : st)) };
}

/** Does the service's clock run in this state (not the citizen's turn: correction, payment, confirmation)? */
function serviceClock(st: Workflow["states"][number]): boolean {
  return !st.citizenEditable && !st.payment && !st.awaitsCitizen && !st.terminal;
}

/**
 * The longest sum of step deadlines (working days) on a path from the start to a successful end, counting only
 * the states where the service's clock runs. Loops (forwarding, correction rounds) are walked once.
 */
export function stepDeadlineTotal(wf: Workflow): { days: number; path: string[] } {
  const states = new Map(wf.states.map((s) => [s.key, s]));
  let best: { days: number; path: string[] } = { days: 0, path: [] };
  const walk = (key: string, seen: string[], days: number): void => {
    const st = states.get(key);
    if (!st) return;
    const total = days + (serviceClock(st) ? (st.slaDays ?? 0) : 0);
    if (st.terminal) {
      if (st.outcome === "success" && total > best.days) best = { days: total, path: seen };
      return;
    }
    for (const a of wf.actions) {
      if (a.from.includes(key) && !seen.includes(a.to)) walk(a.to, [...seen, a.to], total);
    }
  };
  walk(wf.start, [wf.start], 0);
  return best;
}

/** The regulation named by a legal basis entry carries its number ("UU No. 24 Tahun 2013", "Perda … Nomor 4 …"). */
export function hasRegulationNumber(entry: string): boolean {
  return /\b(No\.?|Nomor)\s*\d+/i.test(entry);
}

/** Semantic checks of one service (as written) and its resolved workflow; each message is prefixed by the caller. */
export function checkServiceRules(s: Obj, workflow: Workflow | undefined): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  const add = (path: string, message: string) => errors.push({ path, message });

  const legal = Array.isArray(s.legalBasis) ? s.legalBasis : [];
  legal.forEach((entry, i) => {
    if (typeof entry === "string" && !hasRegulationNumber(entry)) {
      add(`legalBasis[${i}]`, `legal basis "${entry}" names no regulation number (write e.g. "Perda Kota Palembang No. 4 Tahun 2023 tentang …")`);
    }
  });

  if (workflow) {
    const states = new Set(workflow.states.map((st) => st.key));
    const stepDays = s.stepDays && typeof s.stepDays === "object" ? (s.stepDays as Obj) : {};
    for (const key of Object.keys(stepDays)) {
      if (!states.has(key)) add(`stepDays.${key}`, `stepDays names "${key}", which is not a state of the workflow; states: ${[...states].join(", ")}`);
    }
    const promise = typeof s.slaDays === "number" ? s.slaDays : undefined;
    const total = stepDeadlineTotal(workflow);
    if (promise !== undefined && total.days > promise) {
      add(
        "stepDays",
        `the step deadlines add up to ${total.days} working days (${total.path.join(" → ")}), more than the ${promise} promised in slaDays; ` +
          "give the service stepDays that fit its promise, or promise what the steps take",
      );
    }
  }

  const status = s.status ?? "published";
  if (status === "retired" && !s.retired) add("retired", "a retired service needs a retired block (since, reason) for its page");
  if (status !== "retired" && s.retired) add("status", "this service has a retired block but is still published (set status: retired)");
  if (status === "retired" && Array.isArray(s.lifeEvents) && s.lifeEvents.length > 0) {
    add("lifeEvents", "a retired service is still published under life events; remove them");
  }

  const national = s.nationalSystem && typeof s.nationalSystem === "object" ? (s.nationalSystem as Obj) : undefined;
  if (national && workflow) {
    const system = String(national.system);
    if (workflow.states.some((st) => st.payment)) {
      add("workflow", `${system} holds this service: Balai must not run a payment step of its own (use a workflow without payment)`);
    }
    if (workflow.actions.some((a) => a.key === "approve")) {
      add("workflow", `${system} holds this service: Balai must not run a parallel approval (use national-intake or a workflow without approve)`);
    }
  }
  return errors;
}
