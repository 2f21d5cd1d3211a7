export const alliance = {
  "alliance.title": "采购联盟",
  "alliance.tiers.none": "请至少填写一档价格",
  "alliance.tiers.tooMany": "最多 5 档价格",
  "alliance.tiers.notInteger": "每档的箱数和价格都必须是大于 0 的数",
  "alliance.tiers.packsNotIncreasing": "各档的起订箱数必须逐档增加，不能重叠",
  "alliance.tiers.priceNotDecreasing": "各档价格必须逐档降低",
  "alliance.campaign.notFound": "找不到这个团购批次",
};
