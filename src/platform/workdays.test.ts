import { describe, expect, it } from "vitest";
import { addWorkingDays, endOfLocalDay, localDate, slaStatus, workingDaysBetween } from "./workdays.ts";

const TZ = "Asia/Jakarta";
// Idul Fitri 1447 H: national holidays 21–22 March 2026 (a weekend) and cuti bersama 20, 23, 24 March.
const LEBARAN = new Set(["2026-03-20", "2026-03-21", "2026-03-22", "2026-03-23", "2026-03-24"]);
const NONE = new Set<string>();

describe("working-day SLA arithmetic", () => {
  it("skips the weekend", () => {
    // Friday 20 Nov 2026, 10:00 WIB + 1 working day = end of Monday 23 Nov WIB.
    const friday = new Date("2026-11-20T03:00:00Z");
    expect(addWorkingDays(friday, 1, TZ, NONE).toISOString()).toBe("2026-11-23T16:59:59.999Z");
    expect(addWorkingDays(friday, 5, TZ, NONE).toISOString()).toBe(endOfLocalDay("2026-11-27", TZ).toISOString());
  });

  it("uses the tenant's local date, not UTC", () => {
    // 23:30 WIB on Thursday is still Thursday locally although UTC says 16:30 Thursday; 00:30 WIB Friday is Thursday in UTC.
    const lateThursday = new Date("2026-11-19T16:30:00Z");
    expect(localDate(lateThursday, TZ)).toBe("2026-11-19");
    const earlyFriday = new Date("2026-11-19T17:30:00Z");
    expect(localDate(earlyFriday, TZ)).toBe("2026-11-20");
    expect(localDate(addWorkingDays(earlyFriday, 1, TZ, NONE), TZ)).toBe("2026-11-23");
    expect(localDate(addWorkingDays(new Date("2026-11-19T17:30:00Z"), 1, "Asia/Jayapura", NONE), "Asia/Jayapura")).toBe("2026-11-23");
  });

  it("skips national holidays and cuti bersama", () => {
    // Thursday 19 March 2026 + 3 working days: 20 (cuti), 21–22 (weekend), 23–24 (cuti) skipped → 25, 26, 27.
    const start = new Date("2026-03-19T02:00:00Z");
    expect(localDate(addWorkingDays(start, 3, TZ, LEBARAN), TZ)).toBe("2026-03-27");
    expect(localDate(addWorkingDays(start, 3, TZ, NONE), TZ)).toBe("2026-03-24");
    expect(workingDaysBetween(start, new Date("2026-03-27T05:00:00Z"), TZ, LEBARAN)).toBe(3);
  });

  it("starts a zero-day clock on the next working day when submitted on a day off", () => {
    const saturday = new Date("2026-11-21T03:00:00Z");
    expect(localDate(addWorkingDays(saturday, 0, TZ, NONE), TZ)).toBe("2026-11-23");
  });

  it("classifies SLA status", () => {
    const now = new Date("2026-11-23T03:00:00Z"); // Monday
    expect(slaStatus(new Date("2026-11-22T03:00:00Z"), now, TZ, NONE)).toBe("overdue");
    expect(slaStatus(endOfLocalDay("2026-11-24", TZ), now, TZ, NONE)).toBe("due_soon");
    expect(slaStatus(endOfLocalDay("2026-11-27", TZ), now, TZ, NONE)).toBe("on_time");
    expect(slaStatus(null, now, TZ, NONE)).toBe("none");
  });
});
