import { disclosureRules, type DisclosureRules } from "./disclosure";

/**
 * The disclosure parameters in force, from the environment (COUNTY_MIN_STORES, COUNTY_DOMINANCE,
 * COUNTY_P_PERCENT). Kept on the server: no page, export or loader answer carries them but the
 * minimum of stores the "<5 家" label names.
 */
export function appDisclosureRules(env: NodeJS.ProcessEnv = process.env): DisclosureRules {
  const num = (v: string | undefined) =>
    v === undefined || v === "" || Number.isNaN(Number(v)) ? undefined : Number(v);
  return disclosureRules({
    minStores: num(env.COUNTY_MIN_STORES),
    dominance: num(env.COUNTY_DOMINANCE),
    pPercent: num(env.COUNTY_P_PERCENT),
  });
}
