// The days of the week (Monday 1 … Sunday 7, ISO): the delivery routes' days and the store
// analysis's best day. A module of its own, so that the analysis page carries these seven words
// and not the distribution pages' dictionary (decision 033).
export const weekdays = {
  "weekday.1": "周一",
  "weekday.2": "周二",
  "weekday.3": "周三",
  "weekday.4": "周四",
  "weekday.5": "周五",
  "weekday.6": "周六",
  "weekday.7": "周日",
};
