export const suggestions = {
  "suggestions.title": "补货建议",
};
