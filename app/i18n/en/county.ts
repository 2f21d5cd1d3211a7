import type { county as zh } from "../zh-CN/county";

export const county = {
  "org.kind.bureau": "County commerce bureau",
  "role.director": "Director",
  "role.analyst": "Analyst",
  "county.noCounty": "This bureau has no county code",
  "county.places.empty": "The file holds no places",
  "county.places.tooMany": "At most 20,000 places per import",
  "county.places.badCode": "Row {row}: the code must be a 9-digit (township) or 12-digit (village) code of this county",
  "county.places.badName": "Row {row}: a name is required, at most 40 characters",
  "county.places.orphan": "Row {row}: the village's township is not in the file",
} satisfies Record<keyof typeof zh, string>;
