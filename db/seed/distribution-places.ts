/**
 * Where the 兰考县 demo distributor's vans go: three routes over the county's townships, and the
 * village stores on them. Township names are real; villages, shops and shopkeepers are invented
 * (village names follow the county's common 某庄 / 某寨 / 某楼 / 某集 pattern).
 */

export type DemoRoute = {
  name: string;
  /** ISO weekdays; no two routes share a day, so the one van runs every working day. */
  weekdays: string;
  townships: string[];
};

export const DEMO_ROUTES: DemoRoute[] = [
  { name: "东线", weekdays: "2,5", townships: ["东坝头镇", "爪营乡", "三义寨乡", "谷营镇"] },
  { name: "西线", weekdays: "1,4", townships: ["城关镇", "堌阳镇", "南彰镇", "孟寨乡", "许河乡", "红庙镇"] },
  { name: "北线", weekdays: "3,6", townships: ["考城镇", "张君墓镇", "小宋镇", "葡萄架乡", "阎楼乡", "仪封镇"] },
];

// Villages per township, in the order the van reaches them.
const VILLAGES: Record<string, string[]> = {
  东坝头镇: ["雷集村", "东坝头村", "长胜村"],
  爪营乡: ["爪营村", "栗西村", "四明村"],
  三义寨乡: ["三义寨村", "白云山村", "付楼村"],
  谷营镇: ["谷营村", "姚寨村", "马庄村"],
  城关镇: ["胡庄村", "朱庄村"],
  堌阳镇: ["堌阳村", "徐场村", "范场村"],
  南彰镇: ["南彰村", "贾寨村"],
  孟寨乡: ["孟寨村", "刘楼村"],
  许河乡: ["许河村", "大李庄村"],
  红庙镇: ["红庙村", "夏武营村"],
  考城镇: ["考城村", "王楼村", "周庄村"],
  张君墓镇: ["张君墓村", "吴寨村"],
  小宋镇: ["小宋村", "陈集村"],
  葡萄架乡: ["葡萄架村", "赵垛楼村"],
  阎楼乡: ["阎楼村", "魏庄村"],
  仪封镇: ["仪封村", "代庄村"],
};

const SHOP_KINDS = ["便民超市", "小卖部", "百货店", "综合商店", "日杂店"];
const SURNAMES = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "赵",
  "黄",
  "周",
  "吴",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
  "何",
  "高",
  "罗",
  "宋",
];
const GIVEN = [
  "桂芳",
  "建军",
  "秀英",
  "国强",
  "玉兰",
  "红霞",
  "志刚",
  "海燕",
  "明亮",
  "春梅",
  "卫东",
  "丽娟",
  "长青",
  "凤英",
  "德胜",
];

export type DemoShop = { name: string; township: string; village: string; owner: string; phone: string; route: string };

/**
 * The 38 village shops that join the two original demo stores (both in 东坝头镇 on 东线).
 * Owners get phones 13800001001… so each can log in with the demo password.
 */
export function demoShops(): DemoShop[] {
  const shops: DemoShop[] = [];
  for (const route of DEMO_ROUTES) {
    for (const township of route.townships) {
      for (const village of VILLAGES[township]) {
        const i = shops.length;
        shops.push({
          name: `${village}${SHOP_KINDS[i % SHOP_KINDS.length]}`,
          township,
          village,
          owner: SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length],
          phone: `1380000${1001 + i}`,
          route: route.name,
        });
      }
    }
  }
  return shops;
}
