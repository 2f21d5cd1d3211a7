// The county commerce bureau (县商务局): its pages, the stores' consent, disclosure labels (issue 16).
export const county = {
  "org.kind.bureau": "县商务局",
  "role.director": "局长",
  "role.analyst": "统计员",
} as const;
