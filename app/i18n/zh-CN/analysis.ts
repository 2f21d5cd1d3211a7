export const analysis = {
  "analysis.title": "经营分析",
};
