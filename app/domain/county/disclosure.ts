// Disclosure control for the county's figures, as statistics offices do it (issue 16, decision 037).
// China's Statistics Law forbids publishing an aggregate from which one respondent can be inferred,
// so every figure the bureau sees about stores' business passes through here:
//
// - primary suppression: a cell with fewer than `minStores` contributing stores ("few"), or, for
//   money, one where a store dominates (the (1, k) rule: the largest store holds more than k % of
//   the value) or where the second-largest store could estimate the largest within p % (p % rule);
// - secondary suppression: every additive relation of the published figures (a county total and
//   its townships, a quarter and its months, another view's total and its parts) that holds a
//   suppressed cell holds at least two, and the sum an outsider can still deduce from a relation
//   (its suppressed parts, when its total is shown) passes the primary rules itself;
// - cells already published (frozen months) keep their state: new complements are chosen among
//   the new cells.
//
// Pure functions, no database: the same protected table feeds pages and exports alike.

/** What the rules need to know of a cell: how many stores made it, its total, its two largest shares. */
export type Contribution = { stores: number; total: number; top1: number; top2: number };

export type DisclosureRules = {
  /** Minimum stores per cell; configurable, never below 3. */
  minStores: number;
  /** (1, k) dominance for money: no cell where one store holds more than this share (0–1). */
  dominance: number;
  /** p % rule for money: the rest (minus the second-largest) must exceed p % of the largest. */
  pPercent: number;
};

export const MIN_STORES_FLOOR = 3;
export const DEFAULT_RULES: DisclosureRules = { minStores: 5, dominance: 0.8, pPercent: 10 };

/** The rules as configured, held to the floor: fewer than 3 stores per cell is never allowed. */
export function disclosureRules(input: Partial<DisclosureRules> = {}): DisclosureRules {
  const minStores = Math.max(MIN_STORES_FLOOR, Math.floor(input.minStores ?? DEFAULT_RULES.minStores));
  const dominance = Math.min(0.95, Math.max(0.5, input.dominance ?? DEFAULT_RULES.dominance));
  const pPercent = Math.min(100, Math.max(0, input.pPercent ?? DEFAULT_RULES.pPercent));
  return { minStores, dominance, pPercent };
}

export const EMPTY: Contribution = { stores: 0, total: 0, top1: 0, top2: 0 };

/** A cell from the stores' own values (one per store; a store with nothing is left out). */
export function contributionOf(values: readonly number[]): Contribution {
  let top1 = 0;
  let top2 = 0;
  let total = 0;
  let stores = 0;
  for (const raw of values) {
    const v = Math.abs(raw);
    stores += 1;
    total += raw;
    if (v > top1) [top1, top2] = [v, top1];
    else if (v > top2) top2 = v;
  }
  return { stores, total, top1, top2 };
}

/** Two disjoint sets of stores taken together (a sum an outsider could deduce). */
export function combine(a: Contribution, b: Contribution): Contribution {
  const tops = [a.top1, a.top2, b.top1, b.top2].sort((x, y) => y - x);
  return { stores: a.stores + b.stores, total: a.total + b.total, top1: tops[0], top2: tops[1] };
}

export type PrimaryFailure = "few" | "dominance";

/** Why a cell may not be shown on its own, or null when it may. Money cells face dominance too. */
export function primaryFailure(c: Contribution, rules: DisclosureRules, money: boolean): PrimaryFailure | null {
  if (c.stores === 0) return null; // nothing to protect: an empty cell is a true zero
  if (c.stores < rules.minStores) return "few";
  if (!money) return null;
  const magnitude = Math.abs(c.total) > 0 ? Math.abs(c.total) : c.top1 + c.top2;
  if (magnitude === 0) return null;
  if (c.top1 > rules.dominance * magnitude) return "dominance";
  // p % rule: the second-largest knows its own value; the rest must hide the largest within p %.
  const rest = magnitude - c.top1 - c.top2;
  if (rest < (rules.pPercent / 100) * c.top1) return "dominance";
  return null;
}

/** An additive relation among cells: total = Σ parts. */
export type Relation = { total: string; parts: readonly string[] };

export type CellState = "shown" | "few" | "confidential";

export type ProtectInput = {
  cells: ReadonlyMap<string, Contribution>;
  relations: readonly Relation[];
  money: boolean;
  rules: DisclosureRules;
  /** Cells published before (a frozen month): their state stands. */
  locked?: ReadonlyMap<string, CellState>;
};

export class ProtectionImpossible extends Error {}

/**
 * The state of every cell after primary and secondary suppression. "few" is a cell below the
 * minimum of stores (labelled "<5 家"); "confidential" is one hidden by dominance or to protect
 * another (labelled 保密 — the two are not told apart, so the reason leaks nothing).
 */
export function protect({ cells, relations, money, rules, locked }: ProtectInput): Map<string, CellState> {
  const state = new Map<string, CellState>();
  for (const [id, c] of cells) {
    const frozen = locked?.get(id);
    if (frozen) {
      state.set(id, frozen);
      continue;
    }
    const failure = primaryFailure(c, rules, money);
    state.set(id, failure === null ? "shown" : failure === "few" ? "few" : "confidential");
  }
  const hidden = (id: string) => state.get(id) !== "shown";
  const cellOf = (id: string) => cells.get(id) ?? EMPTY;
  const free = (id: string) => !locked?.has(id) && state.get(id) === "shown";

  for (let changed = true; changed;) {
    changed = false;
    for (const rel of relations) {
      const members = [rel.total, ...rel.parts];
      const suppressed = members.filter(hidden);
      if (suppressed.length === 0) continue;
      let needsMore = suppressed.length === 1;
      if (!needsMore && !hidden(rel.total)) {
        // The outsider knows the sum of the suppressed parts: it must be safe on its own.
        const deducible = suppressed.reduce((acc, id) => combine(acc, cellOf(id)), EMPTY);
        needsMore = primaryFailure(deducible, rules, money) !== null;
      }
      if (!needsMore) continue;
      const complement = chooseComplement(rel, free, cellOf);
      if (complement === null) throw new ProtectionImpossible(`relation ${rel.total} cannot be protected`);
      state.set(complement, "confidential");
      changed = true;
    }
  }
  return state;
}

/** The part with the smallest value still shown and not frozen; the total when no part is left. */
function chooseComplement(
  rel: Relation,
  free: (id: string) => boolean,
  cellOf: (id: string) => Contribution,
): string | null {
  const candidates = rel.parts.filter(free).sort((a, b) => Math.abs(cellOf(a).total) - Math.abs(cellOf(b).total));
  if (candidates.length > 0) return candidates[0];
  return free(rel.total) ? rel.total : null;
}

// —— Tables by place × period ——

/** A place × period table: rows (townships, then the county), columns (periods), their totals. */
export type GridInput = {
  rows: readonly string[];
  columns: readonly string[];
  /** Column groups that add up (three months to a quarter); a group's id is a column of its own. */
  columnGroups?: readonly { id: string; members: readonly string[] }[];
  value: (row: string, column: string) => Contribution;
};

export const COUNTY_ROW = "county";
export const cellId = (row: string, column: string) => `${row}|${column}`;

/** The cells and relations of a grid: each column's county total over its rows, each group over its members. */
export function gridCells(grid: GridInput): { cells: Map<string, Contribution>; relations: Relation[] } {
  const cells = new Map<string, Contribution>();
  const relations: Relation[] = [];
  const columns = [...grid.columns, ...(grid.columnGroups ?? []).map((g) => g.id)];
  for (const column of columns) {
    let county = EMPTY;
    for (const row of grid.rows) {
      const c = grid.value(row, column);
      cells.set(cellId(row, column), c);
      county = combine(county, c);
    }
    cells.set(cellId(COUNTY_ROW, column), county);
    relations.push({ total: cellId(COUNTY_ROW, column), parts: grid.rows.map((r) => cellId(r, column)) });
  }
  for (const group of grid.columnGroups ?? []) {
    for (const row of [...grid.rows, COUNTY_ROW]) {
      relations.push({ total: cellId(row, group.id), parts: group.members.map((m) => cellId(row, m)) });
    }
  }
  return { cells, relations };
}

/** A figure as pages and exports show it: the value, or a label instead of a number. */
export type Shown = { state: "shown"; value: number; stores: number } | { state: "few" | "confidential" };

export function shownCell(c: Contribution, state: CellState): Shown {
  return state === "shown" ? { state, value: c.total, stores: c.stores } : { state };
}

/**
 * Coarsening before blanking: when too many of a table's month cells fail, the table is shown by
 * quarter instead. Returns the share of township cells that fail their primary rules.
 */
export function failingShare(grid: GridInput, rules: DisclosureRules, money: boolean): number {
  let failing = 0;
  let all = 0;
  for (const row of grid.rows) {
    for (const column of grid.columns) {
      const c = grid.value(row, column);
      if (c.stores === 0) continue;
      all += 1;
      if (primaryFailure(c, rules, money) !== null) failing += 1;
    }
  }
  return all === 0 ? 0 : failing / all;
}

/**
 * Coarsening places: townships whose cells mostly fail are pooled into one row ("other
 * townships") before any cell is blanked; the pooled row is then protected like any other.
 */
export function poolSmallRows(
  rows: readonly string[],
  storesOf: (row: string) => number,
  rules: DisclosureRules,
): { kept: string[]; pooled: string[] } {
  const pooled = rows.filter((r) => storesOf(r) < rules.minStores);
  if (pooled.length === 0) return { kept: [...rows], pooled };
  // A pool of one township is that township: add the smallest other rows until the pool can stand.
  const poolStores = () => pooled.reduce((n, r) => n + storesOf(r), 0);
  const bySize = rows.filter((r) => !pooled.includes(r)).sort((a, b) => storesOf(a) - storesOf(b));
  for (const next of bySize) {
    if (pooled.length >= 2 && poolStores() >= rules.minStores) break;
    pooled.push(next);
  }
  return { kept: rows.filter((r) => !pooled.includes(r)), pooled };
}
