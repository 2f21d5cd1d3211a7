import type { alliance as zh } from "../zh-CN/alliance";

export const alliance = {
  "alliance.title": "Buying alliance",
  "alliance.tiers.none": "Enter at least one price tier",
  "alliance.tiers.tooMany": "At most 5 price tiers",
  "alliance.tiers.notInteger": "Packs and price of each tier must be greater than 0",
  "alliance.tiers.packsNotIncreasing": "Each tier must start at more packs than the one before; tiers may not overlap",
  "alliance.tiers.priceNotDecreasing": "Each tier must be cheaper than the one before",
  "alliance.campaign.notFound": "Campaign not found",
} satisfies Record<keyof typeof zh, string>;
