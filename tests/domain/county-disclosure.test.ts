import { describe, expect, it } from "vitest";
import {
  cellId,
  combine,
  contributionOf,
  COUNTY_ROW,
  disclosureRules,
  failingShare,
  gridCells,
  poolSmallRows,
  primaryFailure,
  protect,
  type CellState,
  type Contribution,
  type Relation,
} from "~/domain/county/disclosure";

const rules = disclosureRules();

/** Deterministic randomness, so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The attacker: knows every shown value and every relation (total = Σ parts), and solves any
 * relation left with a single unknown, again and again until nothing more falls out. Returns
 * the hidden cells it recovered, with the values it found.
 */
function subtractionAttack(
  cells: ReadonlyMap<string, Contribution>,
  relations: readonly Relation[],
  state: ReadonlyMap<string, CellState>,
): Map<string, number> {
  const known = new Map<string, number>();
  for (const [id, c] of cells) if (state.get(id) === "shown") known.set(id, c.total);
  const recovered = new Map<string, number>();
  for (let progress = true; progress;) {
    progress = false;
    for (const rel of relations) {
      const unknown = [rel.total, ...rel.parts].filter((id) => !known.has(id));
      if (unknown.length !== 1) continue;
      const [id] = unknown;
      const partsSum = rel.parts.filter((p) => p !== id).reduce((s, p) => s + known.get(p)!, 0);
      const value = id === rel.total ? partsSum : known.get(rel.total)! - partsSum;
      known.set(id, value);
      recovered.set(id, value);
      progress = true;
    }
    // Differencing two relations over the same total (another view of the same figure): their
    // parts' unknown sums are equal, which tells nothing new unless one side is a single unknown.
  }
  return recovered;
}

/** Every relation whose total is shown: the sum of its hidden parts must itself be publishable. */
function deducibleSumsAreSafe(
  cells: ReadonlyMap<string, Contribution>,
  relations: readonly Relation[],
  state: ReadonlyMap<string, CellState>,
  money: boolean,
): string[] {
  const problems: string[] = [];
  for (const rel of relations) {
    if (state.get(rel.total) !== "shown") continue;
    const hidden = rel.parts.filter((p) => state.get(p) !== "shown");
    if (hidden.length === 0) continue;
    const sum = hidden.reduce((acc, id) => combine(acc, cells.get(id)!), contributionOf([]));
    if (primaryFailure(sum, rules, money) !== null) problems.push(`${rel.total}: ${hidden.join("+")}`);
  }
  return problems;
}

/** A store's values, so cells are built from stores as the real tables are. */
const stores = (...values: number[]) => contributionOf(values);
const even = (n: number, each = 1000) => stores(...Array.from({ length: n }, () => each));

describe("the rules", () => {
  it("default to 5 stores, and never go below 3 whatever the configuration says", () => {
    expect(rules.minStores).toBe(5);
    expect(disclosureRules({ minStores: 1 }).minStores).toBe(3);
    expect(disclosureRules({ minStores: 2.9 }).minStores).toBe(3);
    expect(disclosureRules({ minStores: 8 }).minStores).toBe(8);
    expect(disclosureRules({ dominance: 2 }).dominance).toBeLessThan(1);
  });

  it("hide a cell below the minimum of stores, counts and money alike", () => {
    expect(primaryFailure(even(4), rules, false)).toBe("few");
    expect(primaryFailure(even(4), rules, true)).toBe("few");
    expect(primaryFailure(even(5), rules, false)).toBeNull();
    expect(primaryFailure(even(5), rules, true)).toBeNull();
    expect(primaryFailure(even(3), disclosureRules({ minStores: 3 }), true)).toBeNull();
  });

  it("hide a money cell one store dominates, but not a count", () => {
    const dominated = stores(90_000, 1000, 1000, 1000, 1000, 1000);
    expect(primaryFailure(dominated, rules, true)).toBe("dominance");
    expect(primaryFailure(dominated, rules, false)).toBeNull();
  });

  it("apply the p % rule: two big stores leave the rest too small to hide the largest", () => {
    // 50 % and 48 %: no store above 80 %, yet the second-largest knows the largest within 2 %.
    const pair = stores(50_000, 48_000, 500, 500, 500, 500);
    expect(pair.top1 / pair.total).toBeLessThan(0.8);
    expect(primaryFailure(pair, rules, true)).toBe("dominance");
    expect(primaryFailure(stores(30_000, 25_000, 20_000, 15_000, 10_000), rules, true)).toBeNull();
  });

  it("count an empty cell as a true zero, nothing to hide", () => {
    expect(primaryFailure(contributionOf([]), rules, true)).toBeNull();
  });

  it("combine two cells as the stores of both", () => {
    const c = combine(stores(5, 3), stores(9, 1, 1));
    expect(c).toEqual({ stores: 5, total: 19, top1: 9, top2: 5 });
  });
});

describe("secondary suppression", () => {
  // Four townships × three months and their quarter; 东坝头 has 2 stores in October.
  const months = ["2026-10", "2026-11", "2026-12"];
  const grid = {
    rows: ["A", "B", "C", "D"],
    columns: months,
    columnGroups: [{ id: "2026-Q4", members: months }],
    value: (row: string, column: string): Contribution => {
      if (row === "A" && column === "2026-10") return stores(7000, 3000);
      if (column === "2026-Q4") {
        return months.reduce((acc, m) => combine(acc, grid.value(row, m)), contributionOf([]));
      }
      return even(6 + row.charCodeAt(0) - 65, 1000 + months.indexOf(column) * 100);
    },
  };

  it("a single hidden cell alone would be recovered from its county total: the attacker works", () => {
    const { cells, relations } = gridCells(grid);
    const primaryOnly = new Map<string, CellState>();
    for (const [id, c] of cells) primaryOnly.set(id, primaryFailure(c, rules, true) ? "few" : "shown");
    const recovered = subtractionAttack(cells, relations, primaryOnly);
    expect(recovered.get(cellId("A", "2026-10"))).toBe(10_000);
  });

  it("hides complements so that no suppressed cell can be recovered by subtraction", () => {
    const { cells, relations } = gridCells(grid);
    const state = protect({ cells, relations, money: true, rules });
    expect(state.get(cellId("A", "2026-10"))).toBe("few");
    const hidden = [...state].filter(([, s]) => s !== "shown").map(([id]) => id);
    expect(hidden.length).toBeGreaterThan(1);
    expect(subtractionAttack(cells, relations, state)).toEqual(new Map());
    expect(deducibleSumsAreSafe(cells, relations, state, true)).toEqual([]);
  });

  it("protects across periods: the quarter cannot give the month away", () => {
    const { cells, relations } = gridCells(grid);
    const state = protect({ cells, relations, money: true, rules });
    // A's row: October hidden, so another month of A, or A's quarter, is hidden too.
    const rowA = ["2026-10", "2026-11", "2026-12", "2026-Q4"].filter((c) => state.get(cellId("A", c)) !== "shown");
    expect(rowA.length).toBeGreaterThanOrEqual(2);
    // October's county column: another township's October is hidden with A's, or the county's.
    const october = ["A", "B", "C", "D", COUNTY_ROW].filter((r) => state.get(cellId(r, "2026-10")) !== "shown");
    expect(october.length).toBeGreaterThanOrEqual(2);
  });

  it("keeps frozen months as published and protects the new quarter around them", () => {
    const { cells, relations } = gridCells(grid);
    const before = protect({ cells, relations, money: true, rules });
    const locked = new Map([...before].filter(([id]) => !id.endsWith("Q4")));
    const after = protect({ cells, relations, money: true, rules, locked });
    for (const [id, s] of locked) expect(after.get(id)).toBe(s);
    expect(subtractionAttack(cells, relations, after)).toEqual(new Map());
  });

  it("protects a differently filtered view of the same total (another breakdown of the county)", () => {
    // The county's November by township, and again by kind of store (in an alliance or not).
    const cells = new Map<string, Contribution>([
      ["county", combine(combine(even(6), even(7)), stores(40_000, 500))],
      ["t1", even(6)],
      ["t2", even(7)],
      ["t3", stores(40_000, 500)],
      ["alliance", combine(even(6), stores(40_000, 500))],
      ["other", even(7)],
    ]);
    const relations: Relation[] = [
      { total: "county", parts: ["t1", "t2", "t3"] },
      { total: "county", parts: ["alliance", "other"] },
    ];
    const state = protect({ cells, relations, money: true, rules });
    expect(state.get("t3")).toBe("few");
    expect(subtractionAttack(cells, relations, state)).toEqual(new Map());
    expect(deducibleSumsAreSafe(cells, relations, state, true)).toEqual([]);
  });

  it("on 300 random county tables, never lets subtraction recover a hidden cell or a sensitive sum", () => {
    const random = rng(16);
    for (let round = 0; round < 300; round += 1) {
      const townships = Array.from({ length: 3 + Math.floor(random() * 8) }, (_, i) => `T${i}`);
      const ms = ["01", "02", "03", "04", "05", "06"].map((m) => `2026-${m}`);
      const table = new Map<string, Contribution>();
      for (const t of townships) {
        for (const m of ms) {
          const n = Math.floor(random() * 9);
          const values = Array.from({ length: n }, () => Math.floor(random() * 10_000) + 100);
          if (random() < 0.1 && n > 0) values[0] *= 40; // a dominant store now and then
          table.set(cellId(t, m), contributionOf(values));
        }
      }
      const rows = townships;
      const groups = [
        { id: "Q1", members: ms.slice(0, 3) },
        { id: "Q2", members: ms.slice(3) },
      ];
      const { cells, relations } = gridCells({
        rows,
        columns: ms,
        columnGroups: groups,
        value: (r, c) => {
          const g = groups.find((x) => x.id === c);
          return g
            ? g.members.reduce((acc, m) => combine(acc, table.get(cellId(r, m))!), contributionOf([]))
            : table.get(cellId(r, c))!;
        },
      });
      const money = random() < 0.5;
      const state = protect({ cells, relations, money, rules });
      for (const [id, c] of cells) if (primaryFailure(c, rules, money)) expect(state.get(id)).not.toBe("shown");
      expect(subtractionAttack(cells, relations, state), `round ${round}`).toEqual(new Map());
      expect(deducibleSumsAreSafe(cells, relations, state, money), `round ${round}`).toEqual([]);
    }
  });
});

describe("coarsening before blanking", () => {
  it("pools townships with too few stores into one row that can stand", () => {
    const sizes: Record<string, number> = { A: 12, B: 2, C: 9, D: 1, E: 7 };
    const { kept, pooled } = poolSmallRows(Object.keys(sizes), (r) => sizes[r], rules);
    expect(pooled).toEqual(["B", "D", "E"]);
    expect(kept).toEqual(["A", "C"]);
    expect(pooled.reduce((n, r) => n + sizes[r], 0)).toBeGreaterThanOrEqual(rules.minStores);
  });

  it("leaves the rows alone when every township can stand", () => {
    expect(poolSmallRows(["A", "B"], () => 6, rules)).toEqual({ kept: ["A", "B"], pooled: [] });
  });

  it("measures how many month cells fail, to switch a table to quarters", () => {
    const grid = { rows: ["A", "B"], columns: ["m1", "m2"], value: (r: string) => (r === "A" ? even(2) : even(6)) };
    expect(failingShare(grid, rules, false)).toBe(0.5);
  });
});
