import { describe, expect, it } from "vitest";
import { LruMap } from "./lru.ts";

describe("LruMap", () => {
  it("keeps at most max entries and forgets the least recently used", () => {
    const m = new LruMap<string, number>(3);
    m.set("a", 1).set("b", 2).set("c", 3);
    expect(m.get("a")).toBe(1); // a is now the most recent
    m.set("d", 4);
    expect([...m.keys()]).toEqual(["c", "a", "d"]);
    m.set("c", 30); // replacing counts as a use
    m.set("e", 5);
    expect([...m.entries()]).toEqual([
      ["d", 4],
      ["c", 30],
      ["e", 5],
    ]);
    expect(m.size).toBe(3);
    expect(m.get("a")).toBeUndefined();
  });

  it("refuses a bound that is no bound", () => {
    expect(() => new LruMap(0)).toThrow(RangeError);
  });
});
