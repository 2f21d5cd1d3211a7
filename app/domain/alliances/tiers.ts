// Price tiers of a group-buy campaign: pure and browser-safe (the member page shows progress
// with the same rules the close applies).

export type Tier = { minPacks: number; priceFen: number };

export type TierError =
  | "alliance.tiers.none"
  | "alliance.tiers.tooMany"
  | "alliance.tiers.notInteger"
  | "alliance.tiers.packsNotIncreasing"
  | "alliance.tiers.priceNotDecreasing";

export const MAX_TIERS = 5;

const positiveInt = (n: number) => Number.isInteger(n) && n > 0;

/**
 * The tiers must be 1–5 rows of positive integers, strictly increasing in packs and strictly
 * decreasing in price: buying more never costs more per pack, and two tiers never overlap.
 * Returns the error keys (empty = valid), in the order the rows were given.
 */
export function validateTiers(tiers: Tier[]): TierError[] {
  const errors: TierError[] = [];
  if (tiers.length === 0) return ["alliance.tiers.none"];
  if (tiers.length > MAX_TIERS) errors.push("alliance.tiers.tooMany");
  if (tiers.some((t) => !positiveInt(t.minPacks) || !positiveInt(t.priceFen))) {
    errors.push("alliance.tiers.notInteger");
    return errors;
  }
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i].minPacks <= tiers[i - 1].minPacks && !errors.includes("alliance.tiers.packsNotIncreasing"))
      errors.push("alliance.tiers.packsNotIncreasing");
    if (tiers[i].priceFen >= tiers[i - 1].priceFen && !errors.includes("alliance.tiers.priceNotDecreasing"))
      errors.push("alliance.tiers.priceNotDecreasing");
  }
  return errors;
}

const sorted = (tiers: Tier[]) => [...tiers].sort((a, b) => a.minPacks - b.minPacks);

/** The highest tier whose minimum the total reaches (index into the tiers sorted by packs), or null. */
export function tierReached(tiers: Tier[], totalPacks: number): { index: number; tier: Tier } | null {
  const list = sorted(tiers);
  let found: { index: number; tier: Tier } | null = null;
  list.forEach((tier, index) => {
    if (totalPacks >= tier.minPacks) found = { index, tier };
  });
  return found;
}

/** The next tier above the total and how many packs are still missing, or null at the top. */
export function nextTier(tiers: Tier[], totalPacks: number): { tier: Tier; packsToGo: number } | null {
  const tier = sorted(tiers).find((t) => t.minPacks > totalPacks);
  return tier ? { tier, packsToGo: tier.minPacks - totalPacks } : null;
}

/** The price per pack at a total, or null when not even the first tier is reached. */
export function priceAt(tiers: Tier[], totalPacks: number): number | null {
  return tierReached(tiers, totalPacks)?.tier.priceFen ?? null;
}

/** The first (highest) tier price: the most a member can end up paying per pack. */
export function firstTierPrice(tiers: Tier[]): number {
  return sorted(tiers)[0]?.priceFen ?? 0;
}

/**
 * Deposit in fen for a pledge: packs × price × depositBp / 10000, rounded half up, in integers.
 * Callers pass the FIRST tier's price (`firstTierPrice`): the most a member can pay, so the
 * deposit never needs topping up when the final tier is decided.
 */
export function depositFor(packs: number, priceFen: number, depositBp: number): number {
  return Math.floor((packs * priceFen * depositBp + 5000) / 10000);
}
