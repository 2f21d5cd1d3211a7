/**
 * 兰考县 (GB/T 2260 410225) as reference data: its township-level units (统计用区划代码, nine
 * digits) and the demo villages under them. The township codes and names follow the county's
 * current divisions (three 街道 made from the former 城关镇/城关乡, 谷营镇 absorbing 爪营乡); check
 * them against the year's official 统计用区划代码 before relying on them. 张君墓镇 is the former name
 * of 考城镇 (renamed 2014; its villages' codes are 410225103xxx, e.g. 张东村 410225103207), so it
 * is an alias of 410225103 (migration 0017). The villages are the
 * demo's (invented, as the distribution seed says) and carry codes in a range of their own
 * (township code + "9" + two digits) so they can never be mistaken for the official twelve-digit
 * village codes an import brings. Other counties come in by CSV (app/domain/county/import-places.server.ts).
 */
export type ReferencePlace = { code: string; name: string; parent: string; aliases?: string[] };

export const LANKAO_CODE = "410225";

export const LANKAO_TOWNSHIPS: ReferencePlace[] = [
  { code: "410225001", name: "兰阳街道", parent: LANKAO_CODE, aliases: ["城关镇"] },
  { code: "410225002", name: "桐乡街道", parent: LANKAO_CODE },
  { code: "410225003", name: "惠安街道", parent: LANKAO_CODE },
  { code: "410225101", name: "堌阳镇", parent: LANKAO_CODE },
  { code: "410225102", name: "南彰镇", parent: LANKAO_CODE },
  { code: "410225103", name: "考城镇", parent: LANKAO_CODE, aliases: ["张君墓镇", "张君墓乡"] },
  { code: "410225104", name: "红庙镇", parent: LANKAO_CODE },
  { code: "410225105", name: "谷营镇", parent: LANKAO_CODE, aliases: ["爪营乡", "谷营乡"] },
  { code: "410225106", name: "东坝头镇", parent: LANKAO_CODE, aliases: ["东坝头乡"] },
  { code: "410225107", name: "小宋镇", parent: LANKAO_CODE, aliases: ["小宋乡"] },
  { code: "410225108", name: "仪封镇", parent: LANKAO_CODE, aliases: ["仪封乡"] },
  { code: "410225109", name: "许河镇", parent: LANKAO_CODE, aliases: ["许河乡"] },
  { code: "410225201", name: "三义寨乡", parent: LANKAO_CODE },
  { code: "410225206", name: "孟寨乡", parent: LANKAO_CODE },
  { code: "410225208", name: "葡萄架乡", parent: LANKAO_CODE },
  { code: "410225209", name: "闫楼乡", parent: LANKAO_CODE, aliases: ["阎楼乡"] },
];

/** The demo villages by township (names as the demo stores carry them). */
const DEMO_VILLAGES: Record<string, string[]> = {
  "410225001": ["胡庄村", "朱庄村", "城关村"],
  "410225002": ["五一村", "孙营村"],
  "410225003": ["惠安村", "吴寨村"],
  "410225101": ["堌阳村", "徐场村", "范场村"],
  "410225102": ["南彰村", "贾寨村"],
  "410225103": ["考城村", "王楼村", "周庄村"],
  "410225104": ["红庙村", "夏武营村"],
  "410225105": ["谷营村", "姚寨村", "马庄村", "爪营村", "栗西村", "四明村"],
  "410225106": ["雷集村", "东坝头村", "长胜村", "张庄村", "杨庄村"],
  "410225107": ["小宋村", "陈集村"],
  "410225108": ["仪封村", "代庄村"],
  "410225109": ["许河村", "大李庄村"],
  "410225201": ["三义寨村", "白云山村", "付楼村"],
  "410225206": ["孟寨村", "刘楼村"],
  "410225208": ["葡萄架村", "赵垛楼村"],
  "410225209": ["阎楼村", "魏庄村"],
};

export const LANKAO_VILLAGES: ReferencePlace[] = Object.entries(DEMO_VILLAGES).flatMap(([township, names]) =>
  names.map((name, i) => ({ code: `${township}9${String(i + 1).padStart(2, "0")}`, name, parent: township })),
);
