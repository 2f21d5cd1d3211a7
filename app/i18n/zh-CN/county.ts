// The county commerce bureau (县商务局): its pages, the stores' consent, disclosure labels (issue 16).
export const county = {
  "org.kind.bureau": "县商务局",
  "role.director": "局长",
  "role.analyst": "统计员",
  "county.noCounty": "该商务局未设置所属县（区划代码）",
  "county.places.empty": "文件里没有地点",
  "county.places.tooMany": "一次最多导入 20000 个地点",
  "county.places.badCode": "第 {row} 行：区划代码须为本县的 9 位（乡镇）或 12 位（村）代码",
  "county.places.badName": "第 {row} 行：名称不能为空，最多 40 字",
  "county.places.orphan": "第 {row} 行：村所属的乡镇不在文件中",
} as const;
