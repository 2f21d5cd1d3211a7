export const alliance = {
  "alliance.title": "采购联盟",
};
